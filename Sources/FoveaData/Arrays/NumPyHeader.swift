/// The header of a `.npy` file: format version, dtype, memory order and shape, and where the data starts.
///
/// The header dictionary is a Python literal; it is parsed by a small strict parser that accepts exactly the
/// dictionary NumPy writes (the keys `descr`, `fortran_order` and `shape`, string, boolean and tuple values) and
/// never evaluates anything.
public struct NumPyHeader: Sendable, Hashable {
    public let majorVersion: UInt8
    public let minorVersion: UInt8
    /// The `descr` string as written (`<f4`).
    public let descr: String
    public let dtype: NumPyDType
    /// Whether the data is stored column-major (Fortran order).
    public let fortranOrder: Bool
    /// Dimension sizes; empty for a 0-d array (one element).
    public let shape: [Int]
    /// Bytes before the data: magic, version, length field and header.
    public let dataOffset: Int

    /// The number of elements, the product of `shape`.
    public var count: Int { shape.reduce(1, *) }
    /// Bytes of data the header promises.
    public var dataSize: Int { count * dtype.itemSize }

    /// The header bytes this reader accepts at most; NumPy's own headers are well under 1 KB.
    static let maximumHeaderSize = 1 << 16
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Magic, two version bytes and the shortest (2-byte) length field.
    static let preambleSize = 10

    /// Parses the header at the start of `bytes` (which may hold the data after it, or only the header).
    /// `file` names the file in errors.
    public static func parse(_ bytes: some Collection<UInt8>, file: String) throws(NumPyError) -> NumPyHeader {
        let dataOffset = try Self.dataOffset(bytes, file: file)
        let bytes = Array(bytes.prefix(dataOffset))
        guard bytes.count == dataOffset else {
            throw .malformedHeader(file: file, problem: "the file ends inside the header (\(bytes.count) of \(dataOffset) bytes)")
        }
        let lengthSize = bytes[6] == 1 ? 2 : 4
        var parser = NumPyHeaderLiteral(bytes: bytes[(8 + lengthSize)...], file: file)
        let fields = try parser.dictionary()
        return NumPyHeader(
            majorVersion: bytes[6], minorVersion: bytes[7], descr: fields.descr,
            dtype: try NumPyDType.parse(fields.descr, file: file), fortranOrder: fields.fortranOrder,
            shape: try checked(shape: fields.shape, file: file), dataOffset: dataOffset)
    }

    /// Where the data starts, from the preamble at the start of `bytes` (magic, version, header length).
    static func dataOffset(_ bytes: some Collection<UInt8>, file: String) throws(NumPyError) -> Int {
        let preamble = Array(bytes.prefix(12))
        guard preamble.starts(with: magic) else {
            throw preamble.count < magic.count && magic.starts(with: preamble)
                ? .malformedHeader(file: file, problem: "the file ends inside the magic string") : .notNumPy(file: file)
        }
        guard preamble.count >= preambleSize else { throw .malformedHeader(file: file, problem: "the file ends inside the preamble") }
        let (major, minor) = (preamble[6], preamble[7])
        guard minor == 0, (1...3).contains(major) else { throw .unsupportedVersion(file: file, major: major, minor: minor) }
        let lengthSize = major == 1 ? 2 : 4
        guard preamble.count >= 8 + lengthSize else { throw .malformedHeader(file: file, problem: "the file ends inside the preamble") }
        // The header length is little-endian, 2 bytes in version 1.0 and 4 in 2.0 and 3.0.
        let length = preamble[8..<(8 + lengthSize)].reversed().reduce(0) { $0 << 8 | Int($1) }
        guard length <= maximumHeaderSize else {
            throw .malformedHeader(file: file, problem: "a header of \(length) bytes is longer than the \(maximumHeaderSize) accepted")
        }
        return 8 + lengthSize + length
    }

    /// `shape` if its sizes are not negative and its element count, in bytes of up to 8 per item, fits an `Int`.
    static func checked(shape: [Int], file: String) throws(NumPyError) -> [Int] {
        var count = 1
        for size in shape {
            guard size >= 0 else { throw .malformedHeader(file: file, problem: "shape \(shape) has a negative size") }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, product.multipliedReportingOverflow(by: 8).overflow == false else {
                throw .malformedHeader(file: file, problem: "shape \(shape) is too large")
            }
            count = product
        }
        return shape
    }
}
