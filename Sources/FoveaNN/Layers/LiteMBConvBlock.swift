import FoveaTensor

/// EfficientNet-Lite's mobile inverted bottleneck: an optional 1×1 expansion, a depthwise k×k convolution with
/// TensorFlow "SAME" padding, and a 1×1 projection, each followed by batch norm; ReLU6 after the first two; no
/// squeeze-and-excitation. When the block keeps the shape (stride 1, as many outputs as inputs) its input is added
/// back, after dropping the whole residual branch of a sample with probability `dropConnectRate` in training
/// (stochastic depth, "drop connect").
///
/// Children are named as in the `efficientnet_lite_pytorch` package (`_expand_conv`, `_bn0`, `_depthwise_conv`,
/// `_bn1`, `_project_conv`, `_bn2`; no `_expand_conv`/`_bn0` when `expansion` is 1), so its weights load by name.
public final class LiteMBConvBlock: Module {
    public let expandConv: Conv2d?
    public let bn0: BatchNorm?
    public let depthwiseConv: SamePaddedConv2d
    public let bn1: BatchNorm
    public let projectConv: Conv2d
    public let bn2: BatchNorm
    /// Whether the input is added to the output.
    public let hasShortcut: Bool
    /// The probability of dropping a sample's residual branch in training (only with a shortcut).
    public let dropConnectRate: Double
    public private(set) var isTraining = true

    /// - Parameters:
    ///   - expansion: the hidden width as a multiple of `inputs`.
    ///   - batchNormEpsilon, batchNormMomentum: PyTorch's `eps` and `momentum` (TensorFlow's 0.99 decay is 0.01).
    public init(
        inputs: Int, outputs: Int, kernelSize: Int, stride: Int, expansion: Int, dropConnectRate: Double = 0,
        batchNormEpsilon: Double = 1e-3, batchNormMomentum: Double = 0.01
    ) throws {
        guard expansion > 0 else { throw TorchError("LiteMBConvBlock: expansion \(expansion) must be positive") }
        guard (0..<1).contains(dropConnectRate) else {
            throw TorchError("LiteMBConvBlock: drop-connect rate \(dropConnectRate) is not in [0, 1)")
        }
        let hidden = inputs * expansion
        func batchNorm(_ features: Int) throws -> BatchNorm {
            try BatchNorm.twoD(features: features, epsilon: batchNormEpsilon, momentum: batchNormMomentum)
        }
        if expansion == 1 {
            expandConv = nil
            bn0 = nil
        } else {
            expandConv = try Conv2d(inputChannels: inputs, outputChannels: hidden, kernelSize: 1, bias: false)
            bn0 = try batchNorm(hidden)
        }
        depthwiseConv = try SamePaddedConv2d(
            inputChannels: hidden, outputChannels: hidden, kernelSize: kernelSize, stride: stride, groups: hidden,
            bias: false)
        bn1 = try batchNorm(hidden)
        projectConv = try Conv2d(inputChannels: hidden, outputChannels: outputs, kernelSize: 1, bias: false)
        bn2 = try batchNorm(outputs)
        hasShortcut = stride == 1 && inputs == outputs
        self.dropConnectRate = dropConnectRate
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        var hidden = input
        if let expandConv, let bn0 {
            hidden = try bn0(expandConv(hidden)).relu6()
        }
        hidden = try bn1(depthwiseConv(hidden)).relu6()
        let residual = try bn2(projectConv(hidden))
        guard hasShortcut else { return residual }
        return try dropConnect(residual) + input
    }

    /// Keeps each sample's branch with probability 1 − rate, scaled by 1 / (1 − rate), in training; the mask is
    /// ⌊(1 − rate) + U[0, 1)⌋ drawn as the reference package draws it, so seeded runs agree with it.
    private func dropConnect(_ branch: Tensor) throws -> Tensor {
        guard isTraining, dropConnectRate > 0 else { return branch }
        let keep = 1 - dropConnectRate
        let mask = try (Tensor.randomUniform([try branch.size(0), 1, 1, 1], dtype: branch.dtype) + keep).floor()
        return try branch / keep * mask
    }

    public var children: [(name: String, module: any Module)] {
        var named: [(name: String, module: any Module)] = []
        if let expandConv, let bn0 { named += [("_expand_conv", expandConv), ("_bn0", bn0)] }
        named += [("_depthwise_conv", depthwiseConv), ("_bn1", bn1), ("_project_conv", projectConv), ("_bn2", bn2)]
        return named
    }

    public func setLocalTraining(_ training: Bool) { isTraining = training }
}
