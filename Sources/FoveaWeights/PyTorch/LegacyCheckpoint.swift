/// torch's pre-1.6 format (`_use_new_zipfile_serialization=False`): a sequence of pickles
/// (magic number, protocol version, sys_info, the object itself, the list of storage keys),
/// then each storage as an 8-byte little-endian element count followed by its raw bytes.
enum LegacyCheckpoint {
    /// 0x1950a86a20f9469cfc6c, as LONG1 pickles it: little-endian two's complement.
    private static let magicNumber: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
    private static let protocolVersion = 1001

    static func load(_ bytes: [UInt8]) throws -> UnpickledCheckpoint {
        var position = 0
        func nextPickle() throws -> (value: PickleValue, unpickler: Unpickler) {
            var unpickler = Unpickler(bytes, position: position)
            let value = try unpickler.load()
            position = unpickler.position
            return (value, unpickler)
        }
        guard case .wideInt(magicNumber) = try nextPickle().value else {
            throw WeightsFailure.malformed("not a PyTorch checkpoint: the first pickle is not torch's magic number")
        }
        guard case .int(protocolVersion) = try nextPickle().value else {
            throw WeightsFailure.unsupported("legacy checkpoint protocol other than \(protocolVersion)")
        }
        let systemInfo = try nextPickle()
        if case .bool(false) = systemInfo.unpickler.arena.value(forKey: "little_endian", in: systemInfo.value) {
            throw WeightsFailure.unsupported("the checkpoint was saved on a big-endian machine")
        }
        let (root, main) = try nextPickle()
        let (keyList, keysUnpickler) = try nextPickle()
        guard case .list(let keysIndex) = keyList else {
            throw WeightsFailure.malformed("the storage key list is a \(keyList.kindName), not a list")
        }

        var reader = ByteReader(bytes, position: position)
        var ranges: [String: Range<Int>] = [:]
        for keyValue in keysUnpickler.arena.lists[keysIndex] {
            guard case .string(let key) = keyValue else {
                throw WeightsFailure.malformed("the storage key list holds a \(keyValue.kindName), not a str")
            }
            guard let storage = main.storages[key] else {
                throw WeightsFailure.malformed("storage \(key) is listed but no tensor refers to it")
            }
            let count = try reader.readLittleEndian(UInt64.self, "the element count of storage \(key)")
            guard count == storage.elementCount else {
                throw WeightsFailure.malformed("storage \(key) records \(count) elements, but the pickle declares \(storage.elementCount)")
            }
            let start = reader.position
            _ = try reader.readBytes(try storage.byteCount(), "storage \(key)")
            ranges[key] = start..<reader.position
        }
        return UnpickledCheckpoint(root: root, arena: main.arena, storages: LegacyStorages(bytes: bytes, ranges: ranges))
    }
}

/// Storages located in the checkpoint's bytes, after its pickles.
private struct LegacyStorages: StorageSource {
    let bytes: [UInt8]
    let ranges: [String: Range<Int>]

    func bytes(of storage: StorageReference) throws -> [UInt8] {
        guard let range = ranges[storage.key] else {
            throw WeightsFailure.malformed("the pickle refers to storage \(storage.key), which the file does not contain")
        }
        return Array(bytes[range])
    }
}
