/// The operators layers are made of (`torch.nn.functional`).
extension Tensor {
    // MARK: Activations

    public func relu() throws(TorchError) -> Tensor { try Tensor.call1("aten::relu", [.tensor(self)]) }
    public func relu6() throws(TorchError) -> Tensor { try Tensor.call1("aten::relu6", [.tensor(self)]) }
    public func sigmoid() throws(TorchError) -> Tensor { try Tensor.call1("aten::sigmoid", [.tensor(self)]) }
    public func tanh() throws(TorchError) -> Tensor { try Tensor.call1("aten::tanh", [.tensor(self)]) }
    public func silu() throws(TorchError) -> Tensor { try Tensor.call1("aten::silu", [.tensor(self)]) }
    public func hardswish() throws(TorchError) -> Tensor { try Tensor.call1("aten::hardswish", [.tensor(self)]) }
    public func hardsigmoid() throws(TorchError) -> Tensor { try Tensor.call1("aten::hardsigmoid", [.tensor(self)]) }
    public func mish() throws(TorchError) -> Tensor { try Tensor.call1("aten::mish", [.tensor(self)]) }
    /// GELU; `tanhApproximation` selects PyTorch's `approximate="tanh"`.
    public func gelu(tanhApproximation: Bool = false) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::gelu", [.tensor(self), .string(tanhApproximation ? "tanh" : "none")])
    }
    public func leakyRelu(negativeSlope: Double = 0.01) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::leaky_relu", [.tensor(self), .double(negativeSlope)])
    }
    public func elu(alpha: Double = 1) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::elu", [.tensor(self), .double(alpha), .int(1), .int(1)])
    }
    public func softplus(beta: Double = 1, threshold: Double = 20) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::softplus", [.tensor(self), .double(beta), .double(threshold)])
    }
    public func softmax(dim: Int) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::softmax", overload: "int", [.tensor(self), .int(dim), .none])
    }
    public func logSoftmax(dim: Int) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::log_softmax", overload: "int", [.tensor(self), .int(dim), .none])
    }

    // MARK: Linear and convolution

    /// `x · weightᵀ + bias`.
    public func linear(weight: Tensor, bias: Tensor? = nil) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::linear", [.tensor(self), .tensor(weight), .optional(bias)])
    }

    /// 2-D convolution of an NCHW input with an (out, in/groups, kH, kW) weight.
    public func conv2d(
        weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1], padding: [Int] = [0, 0],
        dilation: [Int] = [1, 1], groups: Int = 1
    ) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::conv2d",
            [.tensor(self), .tensor(weight), .optional(bias), .ints(stride), .ints(padding), .ints(dilation), .int(groups)])
    }

    /// Transposed 2-D convolution with an (in, out/groups, kH, kW) weight.
    public func convTranspose2d(
        weight: Tensor, bias: Tensor? = nil, stride: [Int] = [1, 1], padding: [Int] = [0, 0],
        outputPadding: [Int] = [0, 0], groups: Int = 1, dilation: [Int] = [1, 1]
    ) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::conv_transpose2d", overload: "input",
            [.tensor(self), .tensor(weight), .optional(bias), .ints(stride), .ints(padding), .ints(outputPadding),
             .int(groups), .ints(dilation)])
    }

    // MARK: Pooling

    /// Max pooling; `stride` defaults to the kernel size.
    public func maxPool2d(
        kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [0, 0], dilation: [Int] = [1, 1], ceilMode: Bool = false
    ) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::max_pool2d",
            [.tensor(self), .ints(kernelSize), .ints(stride ?? kernelSize), .ints(padding), .ints(dilation), .bool(ceilMode)])
    }

    /// Average pooling; `stride` defaults to the kernel size.
    public func avgPool2d(
        kernelSize: [Int], stride: [Int]? = nil, padding: [Int] = [0, 0], ceilMode: Bool = false,
        countIncludePad: Bool = true
    ) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::avg_pool2d",
            [.tensor(self), .ints(kernelSize), .ints(stride ?? kernelSize), .ints(padding), .bool(ceilMode),
             .bool(countIncludePad), .none])
    }

    public func adaptiveAvgPool2d(outputSize: [Int]) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::adaptive_avg_pool2d", [.tensor(self), .ints(outputSize)])
    }

    public func adaptiveMaxPool2d(outputSize: [Int]) throws(TorchError) -> Tensor {
        try Tensor.call("aten::adaptive_max_pool2d", [.tensor(self), .ints(outputSize)])[0]
    }

    // MARK: Normalisation and regularisation

    /// Batch normalisation over dimension 1. In training it normalises with the batch statistics and updates
    /// `runningMean`/`runningVar` in place with `momentum`, as `torch.nn.functional.batch_norm`.
    public func batchNorm(
        weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVar: Tensor?, training: Bool,
        momentum: Double = 0.1, epsilon: Double = 1e-5
    ) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::batch_norm",
            [.tensor(self), .optional(weight), .optional(bias), .optional(runningMean), .optional(runningVar),
             .bool(training), .double(momentum), .double(epsilon), .bool(false)])
    }

    /// Zeroes elements with probability `probability` and scales the rest by 1/(1−p) when `training`.
    public func dropout(probability: Double, training: Bool) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::dropout", [.tensor(self), .double(probability), .bool(training)])
    }

    // MARK: Resampling

    public enum InterpolationMode: Sendable {
        case nearest
        case bilinear(alignCorners: Bool)
    }

    /// Resizes the last two dimensions of an NCHW tensor to `size`.
    public func interpolate(size: [Int], mode: InterpolationMode) throws(TorchError) -> Tensor {
        switch mode {
        case .nearest:
            return try Tensor.call1("aten::upsample_nearest2d", overload: "vec", [.tensor(self), .ints(size), .none])
        case .bilinear(let alignCorners):
            return try Tensor.call1(
                "aten::upsample_bilinear2d", overload: "vec", [.tensor(self), .ints(size), .bool(alignCorners), .none])
        }
    }

    /// Resizes the last two dimensions of an NCHW tensor by `scale`.
    public func interpolate(scale: [Double], mode: InterpolationMode) throws(TorchError) -> Tensor {
        switch mode {
        case .nearest:
            return try Tensor.call1("aten::upsample_nearest2d", overload: "vec", [.tensor(self), .none, .doubles(scale)])
        case .bilinear(let alignCorners):
            return try Tensor.call1(
                "aten::upsample_bilinear2d", overload: "vec", [.tensor(self), .none, .bool(alignCorners), .doubles(scale)])
        }
    }
}
