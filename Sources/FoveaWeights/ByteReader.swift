/// A cursor over bytes whose reads past the end throw `truncated` instead of trapping.
struct ByteReader {
    let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    /// Reads one byte; `what` names the structure being read, for the error.
    mutating func readByte(_ what: @autoclosure () -> String) throws -> UInt8 {
        guard position < bytes.count else {
            throw WeightsFailure.truncated("file ends at byte \(position) inside \(what())")
        }
        defer { position += 1 }
        return bytes[position]
    }

    /// Reads `count` bytes, checking the count against what is left before touching memory.
    mutating func readBytes(_ count: Int, _ what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw WeightsFailure.truncated(
                "\(what()) needs \(count) bytes at byte \(position), but only \(remaining) remain")
        }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// Reads a little-endian integer.
    mutating func readLittleEndian<Integer: FixedWidthInteger>(
        _ type: Integer.Type, _ what: @autoclosure () -> String
    ) throws -> Integer {
        let slice = try readBytes(MemoryLayout<Integer>.size, what())
        return slice.reversed().reduce(Integer.zero) { value, byte in value << 8 | Integer(truncatingIfNeeded: byte) }
    }

    /// Reads a length prefix and checks that it is non-negative and fits in `Int`.
    mutating func readLength<Integer: FixedWidthInteger>(
        _ type: Integer.Type, _ what: @autoclosure () -> String
    ) throws -> Int {
        let start = position
        let value = try readLittleEndian(type, what())
        guard value >= 0, let length = Int(exactly: value) else {
            throw WeightsFailure.malformed("\(what()) at byte \(start) has an impossible length \(value)")
        }
        return length
    }

    /// Reads up to and including the next newline, returning the bytes before it.
    mutating func readLine(_ what: @autoclosure () -> String) throws -> ArraySlice<UInt8> {
        guard let newline = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else {
            throw WeightsFailure.truncated("file ends at byte \(bytes.count) inside \(what()), before its newline")
        }
        defer { position = newline + 1 }
        return bytes[position..<newline]
    }
}
