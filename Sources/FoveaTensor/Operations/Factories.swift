/// Tensors made by libtorch: constants, ranges and random draws from the default generator.
extension Tensor {
    private static func factory(_ name: String, _ leading: [OperatorArgument], dtype: DType) throws(TorchError) -> Tensor {
        // Trailing `*, ScalarType? dtype, Layout? layout, Device? device, bool? pin_memory`.
        try call1(name, leading + [.dtype(dtype), .none, .none, .none])
    }

    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws(TorchError) -> Tensor {
        try factory("aten::zeros", [.ints(shape)], dtype: dtype)
    }
    public static func ones(_ shape: [Int], dtype: DType = .float32) throws(TorchError) -> Tensor {
        try factory("aten::ones", [.ints(shape)], dtype: dtype)
    }
    public static func full(_ shape: [Int], value: Double, dtype: DType = .float32) throws(TorchError) -> Tensor {
        try factory("aten::full", [.ints(shape), .double(value)], dtype: dtype)
    }
    /// `0, 1, …` below `end`.
    public static func arange(_ end: Double, dtype: DType = .int64) throws(TorchError) -> Tensor {
        try arange(0, end, dtype: dtype)
    }

    /// `start, start + step, …` up to, not including, `end`.
    public static func arange(_ start: Double, _ end: Double, step: Double = 1, dtype: DType = .int64) throws(TorchError) -> Tensor {
        let results = try call(
            "aten::arange", overload: "start_step",
            [.double(start), .double(end), .double(step), .dtype(dtype), .none, .none, .none])
        return results[0]
    }
    /// Standard normal draws.
    public static func randomNormal(_ shape: [Int], dtype: DType = .float32) throws(TorchError) -> Tensor {
        try factory("aten::randn", [.ints(shape)], dtype: dtype)
    }
    /// Uniform draws in [0, 1).
    public static func randomUniform(_ shape: [Int], dtype: DType = .float32) throws(TorchError) -> Tensor {
        try factory("aten::rand", [.ints(shape)], dtype: dtype)
    }
    /// Uniform integers in `[low, high)`.
    public static func randomIntegers(_ shape: [Int], low: Int = 0, high: Int, dtype: DType = .int64) throws(TorchError) -> Tensor {
        try factory("aten::randint", overload: "low", [.int(low), .int(high), .ints(shape)], dtype: dtype)
    }
    /// A random permutation of `0..<count`.
    public static func randomPermutation(_ count: Int) throws(TorchError) -> Tensor {
        try factory("aten::randperm", [.int(count)], dtype: .int64)
    }

    private static func factory(
        _ name: String, overload: String, _ leading: [OperatorArgument], dtype: DType
    ) throws(TorchError) -> Tensor {
        try call1(name, overload: overload, leading + [.dtype(dtype), .none, .none, .none])
    }
}
