import Foundation

/// Checks a zip archive's directory before ZIPFoundation reads it.
///
/// ZIPFoundation 0.9 converts 64-bit (ZIP64) header values to `off_t` and `Int64` without checking,
/// so a hostile value traps the process, and it reads a stored entry's declared size in a loop even
/// past the end of the file. This walks the same structures the same way ZIPFoundation does
/// (end record, ZIP64 end record, central directory, local headers) and refuses any archive whose
/// offsets or sizes leave the file, so ZIPFoundation only ever sees values it handles safely.
enum ZipPreflight {
    /// No legitimate 64-bit zip value comes near this, and sums of a few such values cannot overflow.
    private static let sane: UInt64 = 1 << 56

    static func check(_ url: URL) throws {
        let file = try RandomAccessFile(url)
        guard let endRecord = try findEndRecord(file) else { return }  // ZIPFoundation reports it as no zip
        var directoryOffset = UInt64(endRecord.uint32(at: 16))
        var entryCount = UInt64(endRecord.uint16(at: 10))
        if let zip64 = try zip64EndRecord(file, endRecordOffset: endRecord.offset) {
            directoryOffset = zip64.uint64(at: 48)
            entryCount = zip64.uint64(at: 32)
        }
        // Each entry takes at least one 46-byte header, so this loop is bounded by the file size.
        var headerOffset = directoryOffset
        for _ in 0..<entryCount {
            guard let header = try file.read(at: headerOffset, count: 46), header.uint32(at: 0) == 0x0201_4B50 else { return }
            let nameLength = UInt64(header.uint16(at: 28))
            let extraLength = UInt64(header.uint16(at: 30))
            let commentLength = UInt64(header.uint16(at: 32))
            guard let extra = try file.read(at: headerOffset + 46 + nameLength, count: extraLength) else { return }
            try checkEntry(header, extra: extra, in: file)
            headerOffset += 46 + nameLength + extraLength + commentLength
        }
    }

    /// The end-of-central-directory record: ZIPFoundation takes the last signature at least 22 bytes from the end.
    private static func findEndRecord(_ file: RandomAccessFile) throws -> Bytes? {
        guard file.size >= 22 else { return nil }
        let chunkSize: UInt64 = 1 << 16
        var chunkEnd = file.size - 22 + 4  // one past the last byte of the last candidate signature
        while chunkEnd >= 4 {
            let chunkStart = chunkEnd > chunkSize ? chunkEnd - chunkSize : 0
            guard let chunk = try file.read(at: chunkStart, count: chunkEnd - chunkStart) else { return nil }
            for start in stride(from: chunk.bytes.count - 4, through: 0, by: -1) where chunk.uint32(at: start) == 0x0605_4B50 {
                let offset = chunkStart + UInt64(start)
                guard let fixed = try file.read(at: offset, count: 22) else { return nil }
                // ZIPFoundation gives up if the record's comment is cut off.
                return offset + 22 + UInt64(fixed.uint16(at: 20)) <= file.size ? fixed : nil
            }
            chunkEnd = chunkStart + 3  // candidates straddling the chunk boundary are searched next
            if chunkStart == 0 { break }
        }
        return nil
    }

    /// The ZIP64 end record ZIPFoundation uses: directly before a locator directly before the end record.
    private static func zip64EndRecord(_ file: RandomAccessFile, endRecordOffset: UInt64) throws -> Bytes? {
        guard endRecordOffset > 20 + 56,
            let locator = try file.read(at: endRecordOffset - 20, count: 20), locator.uint32(at: 0) == 0x0706_4B50,
            let record = try file.read(at: endRecordOffset - 76, count: 56), record.uint32(at: 0) == 0x0606_4B50,
            record.uint16(at: 14) >= 45
        else { return nil }
        for field in [24, 32, 40, 48] where record.uint64(at: field) > sane {
            throw WeightsFailure.malformed("the zip archive's ZIP64 end record holds an impossible value")
        }
        return record
    }

    private static func checkEntry(_ header: Bytes, extra: Bytes, in file: RandomAccessFile) throws {
        let zip64 = try zip64Information(
            in: extra, uncompressed: header.uint32(at: 24) == .max, compressed: header.uint32(at: 20) == .max,
            offset: header.uint32(at: 42) == .max, disk: header.uint16(at: 34) == .max)
        let isZIP64 = UInt8(truncatingIfNeeded: header.uint16(at: 6)) >= 45 || zip64 != nil
        func effective(_ zip64Value: UInt64?, _ value: UInt32) -> UInt64 {
            if isZIP64, let zip64Value, zip64Value > 0 { zip64Value } else { UInt64(value) }
        }
        let localOffset = effective(zip64?.offset, header.uint32(at: 42))
        let compressedSize = effective(zip64?.compressed, header.uint32(at: 20))
        let uncompressedSize = effective(zip64?.uncompressed, header.uint32(at: 24))

        guard let local = try file.read(at: localOffset, count: 30), local.uint32(at: 0) == 0x0403_4B50 else {
            throw WeightsFailure.malformed("a zip entry's local header at byte \(localOffset) is missing or corrupt")
        }
        let localNameLength = UInt64(local.uint16(at: 26))
        let localExtraLength = UInt64(local.uint16(at: 28))
        guard let localExtra = try file.read(at: localOffset + 30 + localNameLength, count: localExtraLength) else {
            throw WeightsFailure.truncated("a zip entry's local header at byte \(localOffset) runs past the end of the file")
        }
        _ = try zip64Information(
            in: localExtra, uncompressed: local.uint32(at: 22) == .max, compressed: local.uint32(at: 18) == .max,
            offset: false, disk: false)
        let dataOffset = localOffset + 30 + localNameLength + localExtraLength
        // ZIPFoundation reads the uncompressed size of an entry stored according to its local header,
        // and the compressed size otherwise.
        let readSize = local.uint16(at: 8) == 0 ? uncompressedSize : compressedSize
        guard readSize <= file.size, dataOffset <= file.size - readSize else {
            throw WeightsFailure.truncated("a zip entry's data at byte \(dataOffset) runs past the end of the file")
        }
    }

    /// The 64-bit values a ZIP64 extra field provides; nil where the field is not flagged.
    private struct ZIP64Values {
        var uncompressed: UInt64?
        var compressed: UInt64?
        var offset: UInt64?
    }

    /// The ZIP64 extended information ZIPFoundation would take from `extra` (the first block with ID 1,
    /// if it holds exactly the flagged fields), after refusing any such block with an impossible value.
    private static func zip64Information(
        in extra: Bytes, uncompressed: Bool, compressed: Bool, offset: Bool, disk: Bool
    ) throws -> ZIP64Values? {
        var blockStart = 0
        var firstBlock: Range<Int>?
        while blockStart + 4 < extra.bytes.count {
            let blockEnd = blockStart + 4 + Int(extra.uint16(at: blockStart + 2))
            guard blockEnd <= extra.bytes.count else { break }
            if extra.uint16(at: blockStart) == 1 {
                for field in stride(from: blockStart + 4, through: blockEnd - 8, by: 8) where extra.uint64(at: field) > sane {
                    throw WeightsFailure.malformed("a zip entry's ZIP64 extra field holds an impossible value")
                }
                firstBlock = firstBlock ?? blockStart..<blockEnd
            }
            blockStart = blockEnd
        }
        let flags = [uncompressed, compressed, offset]
        guard let block = firstBlock, block.count == 4 + 8 * flags.filter({ $0 }).count + (disk ? 4 : 0) else {
            return nil
        }
        var position = block.lowerBound + 4
        let values = flags.map { isFlagged -> UInt64? in
            guard isFlagged else { return nil }
            defer { position += 8 }
            return extra.uint64(at: position)
        }
        return ZIP64Values(uncompressed: values[0], compressed: values[1], offset: values[2])
    }
}

/// Bytes read from a file at a known offset, with little-endian field access.
private struct Bytes {
    let offset: UInt64
    let bytes: [UInt8]

    func uint16(at index: Int) -> UInt16 { UInt16(littleEndianAt: index, in: bytes) }
    func uint32(at index: Int) -> UInt32 { UInt32(littleEndianAt: index, in: bytes) }
    func uint64(at index: Int) -> UInt64 { UInt64(littleEndianAt: index, in: bytes) }
}

private extension FixedWidthInteger {
    /// The little-endian value at `index`, with bytes past the end read as zero (callers check lengths first).
    init(littleEndianAt index: Int, in bytes: [UInt8]) {
        self = (0..<MemoryLayout<Self>.size).reversed().reduce(Self.zero) { value, byteIndex in
            let position = index + byteIndex
            let byte = bytes.indices.contains(position) ? bytes[position] : 0
            return value << 8 | Self(byte)
        }
    }
}

/// A file read at arbitrary offsets, where reads beyond the end yield nil rather than short data.
private struct RandomAccessFile {
    let handle: FileHandle
    let size: UInt64

    init(_ url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
        size = try handle.seekToEnd()
    }

    func read(at offset: UInt64, count: UInt64) throws -> Bytes? {
        guard offset <= size, count <= size - offset else { return nil }
        try handle.seek(toOffset: offset)
        let bytes = [UInt8](try handle.read(upToCount: Int(count)) ?? Data())
        return bytes.count == Int(count) ? Bytes(offset: offset, bytes: bytes) : nil
    }
}
