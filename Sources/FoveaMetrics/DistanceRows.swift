import Dispatch
import FoveaTensor

/// The element types distances are computed in.
protocol DistanceScalar: BinaryFloatingPoint, TensorElement {
    /// The value truncated toward zero, by the concrete conversion (the generic `Int.init` is many times slower).
    var truncated: Int { get }
}

extension Float: DistanceScalar {
    var truncated: Int { Int(self) }
}

extension Double: DistanceScalar {
    var truncated: Int { Int(self) }
}

/// A contiguous (rows, columns) distance matrix in libtorch's memory, read a row at a time, from several threads at
/// once. Valid only inside ``withDistanceRows(_:as:_:)``.
struct DistanceRows<Scalar: DistanceScalar>: @unchecked Sendable {
    // Read-only while the workers run; the tensor outlives them.
    private let base: UnsafePointer<Scalar>
    let rowCount: Int
    let columnCount: Int

    fileprivate init(base: UnsafePointer<Scalar>, rowCount: Int, columnCount: Int) {
        self.base = base
        self.rowCount = rowCount
        self.columnCount = columnCount
    }

    func row(_ index: Int) -> UnsafeBufferPointer<Scalar> {
        UnsafeBufferPointer(start: base + index * columnCount, count: columnCount)
    }

    /// `body` of every row, computed on `threadCount` threads, in row order.
    func map<Output: Sendable>(
        threadCount: Int, _ body: @Sendable (Int, UnsafeBufferPointer<Scalar>) -> Output
    ) -> [Output] {
        let workers = Swift.max(1, Swift.min(threadCount, rowCount))
        return [Output](unsafeUninitializedCapacity: rowCount) { buffer, initializedCount in
            let slots = Slots(buffer: buffer)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: rowCount, by: workers) {
                    slots.initialize(index, to: body(index, row(index)))
                }
            }
            initializedCount = rowCount
        }
    }
}

/// Result slots that several workers fill, each slot once.
private struct Slots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>

    func initialize(_ index: Int, to value: Element) {
        (buffer.baseAddress.map { $0 + index })?.initialize(to: value)
    }
}

/// Runs `body` over the memory of a contiguous two-dimensional `matrix` of `Scalar`.
func withDistanceRows<Scalar: DistanceScalar, Output>(
    _ matrix: Tensor, as type: Scalar.Type, _ body: (DistanceRows<Scalar>) throws -> Output
) throws -> Output {
    guard matrix.rank == 2, matrix.isContiguous, matrix.dtype == Scalar.dtype else {
        throw MetricsError("internal: expected a contiguous \(Scalar.dtype) matrix, got \(matrix)")
    }
    let (rowCount, columnCount) = (matrix.shape[0], matrix.shape[1])
    return try matrix.withUnsafeMutableBytes { bytes in
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: Scalar.self) else {
            throw MetricsError("internal: the distance matrix has no memory")
        }
        return try body(DistanceRows(base: UnsafePointer(base), rowCount: rowCount, columnCount: columnCount))
    }
}
