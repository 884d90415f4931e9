import Foundation

/// An array read from a `.npy` file (format versions 1.0, 2.0 and 3.0), held in C order with little-endian
/// elements whatever the file's order and byte order.
public struct NumPyArray: Sendable, Hashable {
    /// The file (or archive member) it came from, for messages.
    public let source: String
    /// Dimension sizes; empty for a 0-d array.
    public let shape: [Int]
    /// The element type as the file declares it (its byte order included).
    public let dtype: NumPyDType
    /// count × itemSize bytes: the elements in C (row-major) order, each little-endian.
    public let littleEndianBytes: [UInt8]

    /// The number of elements, the product of `shape`.
    public var count: Int { shape.reduce(1, *) }

    /// Reads the `.npy` file at `url`. The header is checked against the file's size before the data is read, so a
    /// truncated or padded file is an error without a large allocation.
    public init(contentsOf url: URL) throws(NumPyError) {
        let file = url.path
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var headerBytes = try handle.read(upToCount: 12) ?? Data()
            let dataOffset = try NumPyHeader.dataOffset(headerBytes, file: file)
            if dataOffset > headerBytes.count { headerBytes += try handle.read(upToCount: dataOffset - headerBytes.count) ?? Data() }
            let header = try NumPyHeader.parse(headerBytes, file: file)
            let size = Int(try handle.seekToEnd())
            guard size - header.dataOffset == header.dataSize else {
                throw NumPyError.sizeMismatch(file: file, expected: header.dataSize, actual: size - header.dataOffset)
            }
            try handle.seek(toOffset: UInt64(header.dataOffset))
            let data = header.dataSize == 0 ? Data() : try handle.read(upToCount: header.dataSize) ?? Data()
            try self.init(header: header, data: [UInt8](data), file: file)
        } catch let error as NumPyError {
            throw error
        } catch {
            throw .unreadable(file: file, reason: error.localizedDescription)
        }
    }

    /// Reads a whole `.npy` file held in memory; `name` stands for it in messages.
    public init(data: Data, name: String = "<memory>") throws(NumPyError) {
        let header = try NumPyHeader.parse(data, file: name)
        guard data.count - header.dataOffset == header.dataSize else {
            throw .sizeMismatch(file: name, expected: header.dataSize, actual: data.count - header.dataOffset)
        }
        try self.init(header: header, data: [UInt8](data.dropFirst(header.dataOffset)), file: name)
    }

    /// An array from its parts; `littleEndianBytes` must hold count(shape) × itemSize bytes in C order.
    public init(shape: [Int], dtype: NumPyDType, littleEndianBytes: [UInt8], source: String = "<memory>") throws(NumPyError) {
        let expected = try NumPyHeader.checked(shape: shape, file: source).reduce(1, *) * dtype.itemSize
        guard littleEndianBytes.count == expected else {
            throw .sizeMismatch(file: source, expected: expected, actual: littleEndianBytes.count)
        }
        self.source = source
        self.shape = shape
        self.dtype = dtype
        self.littleEndianBytes = littleEndianBytes
    }

    private init(header: NumPyHeader, data: [UInt8], file: String) throws(NumPyError) {
        guard data.count == header.dataSize else { throw .sizeMismatch(file: file, expected: header.dataSize, actual: data.count) }
        var bytes = data
        if header.dtype.isBigEndian { Self.swapBytes(&bytes, itemSize: header.dtype.itemSize) }
        if header.fortranOrder && header.shape.count > 1 {
            bytes = Self.cOrder(fromFortran: bytes, shape: header.shape, itemSize: header.dtype.itemSize)
        }
        try self.init(shape: header.shape, dtype: header.dtype, littleEndianBytes: bytes, source: file)
    }

    /// Reverses the bytes of every item in place.
    private static func swapBytes(_ bytes: inout [UInt8], itemSize: Int) {
        guard itemSize > 1 else { return }
        bytes.withUnsafeMutableBufferPointer { buffer in
            for start in stride(from: 0, to: buffer.count, by: itemSize) {
                buffer[start..<(start + itemSize)].reverse()
            }
        }
    }

    /// The same elements rearranged from column-major (first index fastest) to row-major (last index fastest).
    private static func cOrder(fromFortran bytes: [UInt8], shape: [Int], itemSize: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: bytes.count)
        // Where each index steps in the Fortran-ordered source, in items.
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in shape.indices.dropFirst() { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        var source = 0
        for target in 0..<(bytes.count / max(itemSize, 1)) {
            for byte in 0..<itemSize { result[target * itemSize + byte] = bytes[source * itemSize + byte] }
            // Count up the C-order index, last axis fastest, keeping the source offset in step.
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                source += strides[axis]
                if index[axis] < shape[axis] { break }
                source -= strides[axis] * index[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }
}
