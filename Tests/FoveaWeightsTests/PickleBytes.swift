/// Hand-assembled pickle opcodes, for files PyTorch would not write.
enum Pickle {
    static let stop: [UInt8] = [0x2E]
    static let mark: [UInt8] = [0x28]
    static let tuple: [UInt8] = [0x74]
    static let emptyTuple: [UInt8] = [0x29]
    static let emptyDict: [UInt8] = [0x7D]
    static let setItem: [UInt8] = [0x73]
    static let setItems: [UInt8] = [0x75]
    static let reduce: [UInt8] = [0x52]
    static let newObject: [UInt8] = [0x81]
    static let build: [UInt8] = [0x62]
    static let binPersistentID: [UInt8] = [0x51]
    static let memoize: [UInt8] = [0x94]
    static let newFalse: [UInt8] = [0x89]
    static let none: [UInt8] = [0x4E]

    static func proto(_ version: UInt8) -> [UInt8] { [0x80, version] }

    static func global(_ module: String, _ name: String) -> [UInt8] {
        [0x63] + Array(module.utf8) + [0x0A] + Array(name.utf8) + [0x0A]
    }

    static func stackGlobal(_ module: String, _ name: String) -> [UInt8] {
        shortUnicode(module) + shortUnicode(name) + [0x93]
    }

    static func shortUnicode(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        return [0x8C, UInt8(utf8.count)] + utf8
    }

    static func unicode8(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        return [0x8D] + littleEndian(UInt64(utf8.count)) + utf8
    }

    static func binInt1(_ value: UInt8) -> [UInt8] { [0x4B, value] }

    static func binInt(_ value: Int32) -> [UInt8] { [0x4A] + littleEndian(UInt32(bitPattern: value)) }

    static func frame(_ body: [UInt8]) -> [UInt8] { [0x95] + littleEndian(UInt64(body.count)) + body }

    static func littleEndian<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
        (0..<MemoryLayout<Integer>.size).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }

    /// A call of `module.name` with one string argument, as a malicious pickle makes it.
    static func call(_ module: String, _ name: String, _ argument: String) -> [UInt8] {
        global(module, name) + mark + shortUnicode(argument) + tuple + reduce
    }

    /// torch's persistent id for a storage: `('storage', torch.<type>, key, 'cpu', count)`.
    static func storage(_ type: String, key: String, count: UInt8) -> [UInt8] {
        mark + shortUnicode("storage") + global("torch", type) + shortUnicode(key) + shortUnicode("cpu")
            + binInt1(count) + tuple + binPersistentID
    }

    /// The pickles before a legacy checkpoint's main one: torch's magic number, protocol 1001, an empty sys_info.
    static let legacyPreamble: [UInt8] =
        proto(2) + [0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19] + stop
        + proto(2) + [0x4D, 0xE9, 0x03] + stop
        + proto(2) + emptyDict + stop

    /// A legacy (pre-1.6) checkpoint around `main`, with the given storages after it.
    static func legacyCheckpoint(main: [UInt8], storages: [(key: String, count: UInt64, bytes: [UInt8])]) -> [UInt8] {
        let keys: [UInt8] = proto(2) + [0x5D] + mark + storages.flatMap { shortUnicode($0.key) } + [0x65] + stop
        let data = storages.flatMap { littleEndian($0.count) + $0.bytes }
        return legacyPreamble + main + keys + data
    }
}
