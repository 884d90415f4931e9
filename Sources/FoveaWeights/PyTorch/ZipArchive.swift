import Foundation
import ZIPFoundation

/// A read-only zip archive, as torch writes checkpoints: its central directory parsed with every
/// offset and size checked against the file, entries read by name.
///
/// ZIPFoundation supplies inflate and CRC-32. Its `Archive` type is not used: in 0.9.20 it converts
/// ZIP64 header values to `off_t` and `Int64` unchecked, so a hostile archive traps the process.
struct ZipArchive {
    struct Entry {
        let name: String
        let isDeflated: Bool
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let dataOffset: Int
    }

    private let file: FileHandle
    private let fileSize: Int
    /// Entries by name; torch's names are unique, so a repeated one means a forged archive.
    let entries: [String: Entry]

    init(_ url: URL) throws {
        file = try FileHandle(forReadingFrom: url)
        guard let size = Int(exactly: try file.seekToEnd()) else {
            throw WeightsFailure.unsupported("the file is too large to address")
        }
        fileSize = size
        let directory = try Self.centralDirectory(file, fileSize: size)
        var entries: [String: Entry] = [:]
        var reader = ByteReader(directory.bytes)
        for _ in 0..<directory.entryCount {
            let entry = try Self.readEntry(&reader, file: file, fileSize: size)
            guard entries.updateValue(entry, forKey: entry.name) == nil else {
                throw WeightsFailure.malformed("the zip archive has two entries named \(entry.name)")
            }
        }
        self.entries = entries
    }

    /// The entry's bytes, checked against its size (and `expectedSize`, when given) and its CRC-32.
    func contents(of entry: Entry, expectedSize: Int? = nil) throws -> [UInt8] {
        if let expectedSize, entry.uncompressedSize != expectedSize {
            throw WeightsFailure.malformed(
                "zip entry \(entry.name) holds \(entry.uncompressedSize) bytes, but the pickle declares \(expectedSize)")
        }
        let data =
            entry.isDeflated
            ? try inflate(entry) : try Self.read(file, at: entry.dataOffset, count: entry.compressedSize, "zip entry \(entry.name)")
        // A zero CRC means the writer skipped computing it (torch can be configured so).
        guard entry.crc32 == 0 || data.crc32(checksum: 0) == entry.crc32 else {
            throw WeightsFailure.malformed("zip entry \(entry.name) fails its CRC-32 check")
        }
        return [UInt8](data)
    }

    private func inflate(_ entry: Entry) throws -> Data {
        let chunkSize = 1 << 16
        var output = Data()
        do {
            _ = try Data.decompress(
                size: Int64(entry.compressedSize), bufferSize: chunkSize, skipCRC32: true,
                provider: { position, _ in
                    // ZIPFoundation's zlib path hands inflate a full chunk whatever the data's length, and
                    // asks again forever if the stream never ends: so every chunk is padded to full size,
                    // and asking past the compressed data is an error.
                    guard position < Int64(entry.compressedSize) else {
                        throw WeightsFailure.malformed("zip entry \(entry.name)'s deflate stream runs past its data")
                    }
                    let start = entry.dataOffset + Int(position)
                    let count = min(chunkSize, entry.compressedSize - Int(position))
                    var chunk = try Self.read(file, at: start, count: count, "zip entry \(entry.name)")
                    chunk.append(Data(count: chunkSize - count))
                    return chunk
                },
                consumer: { chunk in
                    guard chunk.count <= entry.uncompressedSize - output.count else {
                        throw WeightsFailure.malformed("zip entry \(entry.name) inflates beyond its declared size")
                    }
                    output.append(chunk)
                })
        } catch let failure as WeightsFailure {
            throw failure
        } catch {
            throw WeightsFailure.malformed("zip entry \(entry.name) is not a valid deflate stream (\(error))")
        }
        guard output.count == entry.uncompressedSize else {
            throw WeightsFailure.malformed("zip entry \(entry.name) inflates to \(output.count) of its \(entry.uncompressedSize) bytes")
        }
        return output
    }

    // MARK: - Directory

    /// Offsets and sizes that a 32-bit field leaves to the ZIP64 extra field.
    private static let zip64Sentinel32 = UInt32.max

    /// The central directory's bytes and entry count, found through the end record (and its ZIP64 form).
    private static func centralDirectory(_ file: FileHandle, fileSize: Int) throws -> (bytes: [UInt8], entryCount: Int) {
        // The end record is 22 bytes plus a comment of up to 65535, so it lies in the file's last 65557 bytes.
        let tailStart = max(0, fileSize - 65557)
        let tail = [UInt8](try read(file, at: tailStart, count: fileSize - tailStart, "the zip end record"))
        guard let endIndex = stride(from: tail.count - 22, through: 0, by: -1).first(where: { index in
            tail[index] == 0x50 && tail[index + 1] == 0x4B && tail[index + 2] == 0x05 && tail[index + 3] == 0x06
                && index + 22 + Int(littleEndian(UInt16.self, tail, at: index + 20)) <= tail.count
        }) else {
            throw WeightsFailure.malformed("not a readable zip archive: it has no end-of-central-directory record")
        }
        let endOffset = tailStart + endIndex
        var entryCount = Int(littleEndian(UInt16.self, tail, at: endIndex + 10))
        var directorySize = Int(littleEndian(UInt32.self, tail, at: endIndex + 12))
        var directoryOffset = Int(littleEndian(UInt32.self, tail, at: endIndex + 16))
        var directoryEnd = endOffset

        // A ZIP64 locator directly before the end record points to the ZIP64 end record.
        if endOffset >= 20 {
            let locator = [UInt8](try read(file, at: endOffset - 20, count: 20, "the ZIP64 locator"))
            if locator[0..<4] == [0x50, 0x4B, 0x06, 0x07] {
                let recordOffset = littleEndian(UInt64.self, locator, at: 8)
                guard endOffset >= 20 + 56, recordOffset <= UInt64(endOffset - 20 - 56) else {
                    throw WeightsFailure.malformed("the zip archive's ZIP64 locator points outside the file")
                }
                let record = [UInt8](try read(file, at: Int(recordOffset), count: 56, "the ZIP64 end record"))
                guard record[0..<4] == [0x50, 0x4B, 0x06, 0x06] else {
                    throw WeightsFailure.malformed("the zip archive's ZIP64 end record is missing")
                }
                let fields = [32, 40, 48].map { littleEndian(UInt64.self, record, at: $0) }
                guard fields.allSatisfy({ $0 <= UInt64(fileSize) }) else {
                    throw WeightsFailure.malformed("the zip archive's ZIP64 end record holds sizes beyond the file")
                }
                (entryCount, directorySize, directoryOffset) = (Int(fields[0]), Int(fields[1]), Int(fields[2]))
                directoryEnd = Int(recordOffset)
            }
        }
        guard directoryOffset <= directoryEnd, directorySize <= directoryEnd - directoryOffset else {
            throw WeightsFailure.malformed("the zip archive's central directory lies outside the file")
        }
        guard entryCount <= directorySize / 46 else {
            throw WeightsFailure.malformed("the zip archive claims \(entryCount) entries, more than its directory holds")
        }
        return ([UInt8](try read(file, at: directoryOffset, count: directorySize, "the zip central directory")), entryCount)
    }

    private static func readEntry(_ reader: inout ByteReader, file: FileHandle, fileSize: Int) throws -> Entry {
        let header = Array(try reader.readBytes(46, "a zip central directory entry"))
        guard header[0..<4] == [0x50, 0x4B, 0x01, 0x02] else {
            throw WeightsFailure.malformed("a zip central directory entry lacks its signature")
        }
        let flags = littleEndian(UInt16.self, header, at: 8)
        let method = littleEndian(UInt16.self, header, at: 10)
        let crc32 = littleEndian(UInt32.self, header, at: 16)
        let nameLength = Int(littleEndian(UInt16.self, header, at: 28))
        let extraLength = Int(littleEndian(UInt16.self, header, at: 30))
        let commentLength = Int(littleEndian(UInt16.self, header, at: 32))
        let name = String(decoding: try reader.readBytes(nameLength, "a zip entry name"), as: UTF8.self)
        let extra = Array(try reader.readBytes(extraLength, "a zip entry's extra field"))
        _ = try reader.readBytes(commentLength, "a zip entry comment")

        guard flags & 1 == 0 else { throw WeightsFailure.unsupported("zip entry \(name) is encrypted") }
        guard method == 0 || method == 8 else {
            throw WeightsFailure.unsupported("zip entry \(name) uses compression method \(method)")
        }
        // 32-bit fields holding 0xFFFFFFFF take their value from the ZIP64 extra field, in this order.
        var zip64 = try zip64Values(in: extra, name: name)
        func resolve(_ value: UInt32) throws -> Int {
            guard value == zip64Sentinel32 else { return Int(value) }
            guard !zip64.isEmpty else { throw WeightsFailure.malformed("zip entry \(name) lacks its ZIP64 extra field") }
            guard let wide = Int(exactly: zip64.removeFirst()) else {
                throw WeightsFailure.malformed("zip entry \(name) has an impossible ZIP64 size or offset")
            }
            return wide
        }
        let uncompressedSize = try resolve(littleEndian(UInt32.self, header, at: 24))
        let compressedSize = try resolve(littleEndian(UInt32.self, header, at: 20))
        let localOffset = try resolve(littleEndian(UInt32.self, header, at: 42))

        guard localOffset <= fileSize - 30 else {
            throw WeightsFailure.malformed("zip entry \(name)'s local header lies outside the file")
        }
        let local = [UInt8](try read(file, at: localOffset, count: 30, "zip entry \(name)'s local header"))
        guard local[0..<4] == [0x50, 0x4B, 0x03, 0x04] else {
            throw WeightsFailure.malformed("zip entry \(name)'s local header lacks its signature")
        }
        let dataOffset =
            localOffset + 30 + Int(littleEndian(UInt16.self, local, at: 26)) + Int(littleEndian(UInt16.self, local, at: 28))
        guard dataOffset <= fileSize, compressedSize <= fileSize - dataOffset else {
            throw WeightsFailure.truncated("zip entry \(name)'s data runs past the end of the file")
        }
        guard method == 8 || compressedSize == uncompressedSize else {
            throw WeightsFailure.malformed("stored zip entry \(name) has different compressed and uncompressed sizes")
        }
        return Entry(
            name: name, isDeflated: method == 8, crc32: crc32, compressedSize: compressedSize,
            uncompressedSize: uncompressedSize, dataOffset: dataOffset)
    }

    /// The 64-bit values of the ZIP64 extended information field (header ID 1), in order.
    private static func zip64Values(in extra: [UInt8], name: String) throws -> [UInt64] {
        var reader = ByteReader(extra)
        while reader.remaining >= 4 {
            let id = try reader.readLittleEndian(UInt16.self, "a zip extra field")
            let size = Int(try reader.readLittleEndian(UInt16.self, "a zip extra field"))
            let block = Array(try reader.readBytes(size, "zip entry \(name)'s extra field"))
            if id == 1 {
                return stride(from: 0, through: block.count - 8, by: 8).map { littleEndian(UInt64.self, block, at: $0) }
            }
        }
        return []
    }

    /// Reads `count` bytes at `offset`, which callers have checked lie inside the file.
    private static func read(_ file: FileHandle, at offset: Int, count: Int, _ what: String) throws -> Data {
        try file.seek(toOffset: UInt64(offset))
        let data = try file.read(upToCount: count) ?? Data()
        guard data.count == count else { throw WeightsFailure.truncated("the file ended while \(what) was read") }
        return data
    }

    /// The little-endian integer at `index`; callers have checked that `bytes` holds it.
    private static func littleEndian<Integer: FixedWidthInteger>(_ type: Integer.Type, _ bytes: [UInt8], at index: Int) -> Integer {
        bytes[index..<index + MemoryLayout<Integer>.size].reversed().reduce(Integer.zero) { $0 << 8 | Integer($1) }
    }
}
