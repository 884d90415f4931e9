internal import CTorch
import FoveaWeights

/// An n-dimensional array owned by libtorch, with autograd.
///
/// A `Tensor` owns one libtorch handle: every operation returns a new tensor; two tensors share memory only where an
/// operation says so (views such as ``reshaped(_:)`` or ``transposed(_:_:)``).
///
/// ```swift
/// let x = try Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
/// let y = try (x * x).sum()
/// print(try y.scalar(Float.self))   // 30.0
/// ```
public final class Tensor: @unchecked Sendable {
    // libtorch tensors are safe to read from several threads; writes are the caller's to order.
    let handle: ct_tensor

    /// Takes ownership of a fresh handle.
    init(owning handle: ct_tensor) {
        self.handle = handle
    }

    deinit {
        ct_free(handle)
    }

    /// A tensor of `shape` filled from `values` (row-major).
    /// - Throws: `TorchError` when `values.count` is not the product of `shape`.
    public convenience init<Element: TensorElement>(_ values: [Element], shape: [Int]) throws(TorchError) {
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }), count == values.count else {
            throw TorchError("\(values.count) values cannot fill shape \(shape)")
        }
        _ = Runtime.ready
        let dims = shape.map(Int64.init)
        var made: ct_tensor?
        let status = values.withUnsafeBytes { bytes in
            ct_from_bytes(bytes.baseAddress, Element.dtype.rawValue, dims, Int64(dims.count), &made)
        }
        try check(status)
        guard let made else { throw TorchError("libtorch returned no tensor") }
        self.init(owning: made)
    }

    /// A one-dimensional tensor of `values`.
    public convenience init<Element: TensorElement>(_ values: [Element]) throws(TorchError) {
        try self.init(values, shape: [values.count])
    }

    /// A zero-dimensional tensor holding `value`.
    public convenience init<Element: TensorElement>(scalar value: Element) throws(TorchError) {
        try self.init([value], shape: [])
    }

    /// A tensor made from raw contiguous bytes of `dtype`.
    public convenience init(bytes: [UInt8], dtype: DType, shape: [Int]) throws(TorchError) {
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }), count * dtype.byteSize == bytes.count else {
            throw TorchError("\(bytes.count) bytes cannot fill shape \(shape) of \(dtype)")
        }
        _ = Runtime.ready
        let dims = shape.map(Int64.init)
        var made: ct_tensor?
        let status = bytes.withUnsafeBytes { raw in
            ct_from_bytes(raw.baseAddress, dtype.rawValue, dims, Int64(dims.count), &made)
        }
        try check(status)
        guard let made else { throw TorchError("libtorch returned no tensor") }
        self.init(owning: made)
    }

    /// A tensor read from a stored record (safetensors, `.pth`).
    public convenience init(_ record: TensorRecord) throws(TorchError) {
        try self.init(bytes: record.bytes, dtype: record.dtype, shape: record.shape)
    }

    /// An uninitialised tensor, to be filled through ``withUnsafeMutableBytes(_:)``.
    public static func empty(_ shape: [Int], dtype: DType = .float32) throws(TorchError) -> Tensor {
        _ = Runtime.ready
        let dims = shape.map(Int64.init)
        var made: ct_tensor?
        try check(ct_empty(dtype.rawValue, dims, Int64(dims.count), &made))
        guard let made else { throw TorchError("libtorch returned no tensor") }
        return Tensor(owning: made)
    }

    // MARK: Shape and type

    public var rank: Int {
        var rank: Int64 = 0
        _ = ct_rank(handle, &rank)
        return Int(rank)
    }

    public var shape: [Int] {
        var dims = [Int64](repeating: 0, count: rank)
        _ = ct_shape(handle, &dims, Int64(dims.count))
        return dims.map(Int.init)
    }

    public var strides: [Int] {
        var strides = [Int64](repeating: 0, count: rank)
        _ = ct_strides(handle, &strides, Int64(strides.count))
        return strides.map(Int.init)
    }

    public var dtype: DType {
        var code: Int32 = 0
        _ = ct_dtype(handle, &code)
        return DType(rawValue: code) ?? .float32
    }

    public var elementCount: Int { shape.reduce(1, *) }

    public var isContiguous: Bool {
        var flag: Int32 = 0
        _ = ct_is_contiguous(handle, &flag)
        return flag != 0
    }

    /// The size of dimension `dim` (negative counts from the end).
    public func size(_ dim: Int) throws(TorchError) -> Int {
        let dims = shape
        let index = dim < 0 ? dim + dims.count : dim
        guard dims.indices.contains(index) else {
            throw TorchError("dimension \(dim) out of range for shape \(dims)")
        }
        return dims[index]
    }

    // MARK: Reading values

    /// The elements, converted to `Element`, in row-major order.
    public func toArray<Element: TensorElement>(_ type: Element.Type = Element.self) throws(TorchError) -> [Element] {
        let source = dtype == Element.dtype ? self : try converted(to: Element.dtype)
        let count = source.elementCount
        var values = [Element](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        let status = values.withUnsafeMutableBytes { raw in
            ct_copy_to_bytes(source.handle, raw.baseAddress, Int64(raw.count))
        }
        try check(status)
        return values
    }

    /// The single value of a one-element tensor.
    public func scalar<Element: TensorElement>(_ type: Element.Type = Element.self) throws(TorchError) -> Element {
        guard elementCount == 1 else { throw TorchError("scalar() of a tensor of shape \(shape)") }
        let values: [Element] = try toArray()
        return values[0]
    }

    /// The tensor as a stored record (contiguous bytes, native little-endian).
    public func record() throws(TorchError) -> TensorRecord {
        var bytes = [UInt8](repeating: 0, count: elementCount * dtype.byteSize)
        let status = bytes.withUnsafeMutableBytes { raw in
            ct_copy_to_bytes(handle, raw.baseAddress, Int64(raw.count))
        }
        try check(status)
        return TensorRecord(dtype: dtype, shape: shape, bytes: bytes)
    }

    /// Writes into the memory of a contiguous tensor (e.g. one made by ``empty(_:dtype:)``).
    public func withUnsafeMutableBytes<Result>(
        _ body: (UnsafeMutableRawBufferPointer) throws -> Result
    ) throws -> Result {
        var pointer: UnsafeMutableRawPointer?
        try check(ct_data_pointer(handle, &pointer))
        let buffer = UnsafeMutableRawBufferPointer(start: pointer, count: elementCount * dtype.byteSize)
        return try body(buffer)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        "Tensor(shape: \(shape), dtype: \(dtype))"
    }
}
