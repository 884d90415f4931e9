import Foundation
import FoveaTensor

/// The IDX format of MNIST and Fashion-MNIST: a magic number giving the element type and rank, big-endian
/// dimension sizes, then the data. Plain or gzip-compressed.
public enum IDX {
    /// Reads an IDX file of unsigned bytes (images or labels).
    /// - Returns: the dimension sizes and the bytes.
    public static func readBytes(contentsOf url: URL) throws -> (shape: [Int], values: [UInt8]) {
        let bytes = try CompressedFile.contents(of: url)
        let path = url.path
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else {
            throw DatasetError.malformed(path, "not an IDX file (bad magic number)")
        }
        guard bytes[2] == 0x08 else {
            throw DatasetError.malformed(path, "IDX element type 0x\(String(bytes[2], radix: 16)) is not unsigned bytes")
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard rank > 0, bytes.count >= headerSize else { throw DatasetError.malformed(path, "IDX header is truncated") }
        var shape: [Int] = []
        var count = 1
        for dimension in 0..<rank {
            let offset = 4 + 4 * dimension
            let size = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw DatasetError.malformed(path, "IDX dimensions overflow") }
            count = product
            shape.append(size)
        }
        guard bytes.count - headerSize == count else {
            throw DatasetError.malformed(path, "IDX data holds \(bytes.count - headerSize) bytes, the header promises \(count)")
        }
        return (shape, Array(bytes[headerSize...]))
    }
}
