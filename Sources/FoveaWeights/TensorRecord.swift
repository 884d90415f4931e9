/// A tensor as stored in a file: element type, shape and contiguous little-endian bytes.
///
/// Weight readers and writers (safetensors, PyTorch `.pth`) speak this type so they need no libtorch;
/// `Tensor(record)` and `tensor.record()` cross to and from live tensors.
public struct TensorRecord: Sendable, Equatable {
    public var dtype: DType
    public var shape: [Int]
    public var bytes: [UInt8]

    public init(dtype: DType, shape: [Int], bytes: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    public var elementCount: Int { shape.reduce(1, *) }
}
