import FoveaTensor

/// 2-D convolution over NCHW input (`nn.Conv2d`); parameters `weight` (out, in/groups, kH, kW) and `bias` (out).
public final class Conv2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: [Int]
    public let padding: [Int]
    public let dilation: [Int]
    public let groups: Int

    /// - Parameter padding: zeros added on each side; `nil` means "same" for odd kernels and stride 1
    ///   (Keras' `padding='same'`).
    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int? = 0,
        dilation: Int = 1, groups: Int = 1, bias: Bool = true
    ) throws {
        guard groups > 0, inputChannels % groups == 0, outputChannels % groups == 0 else {
            throw TorchError("Conv2d: \(inputChannels) → \(outputChannels) channels cannot form \(groups) groups")
        }
        self.stride = [stride, stride]
        let same = dilation * (kernelSize - 1) / 2
        self.padding = [padding ?? same, padding ?? same]
        self.dilation = [dilation, dilation]
        self.groups = groups
        (weight, self.bias) = try Initialization.defaultParameters(
            weightShape: [outputChannels, inputChannels / groups, kernelSize, kernelSize], biasCount: bias ? outputChannels : nil)
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }

    public var localParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}

/// Transposed 2-D convolution (`nn.ConvTranspose2d`); `weight` is (in, out/groups, kH, kW).
public final class ConvTranspose2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: [Int]
    public let padding: [Int]
    public let outputPadding: [Int]
    public let dilation: [Int]
    public let groups: Int

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
        outputPadding: Int = 0, groups: Int = 1, bias: Bool = true, dilation: Int = 1
    ) throws {
        guard groups > 0, inputChannels % groups == 0, outputChannels % groups == 0 else {
            throw TorchError("ConvTranspose2d: \(inputChannels) → \(outputChannels) channels cannot form \(groups) groups")
        }
        self.stride = [stride, stride]
        self.padding = [padding, padding]
        self.outputPadding = [outputPadding, outputPadding]
        self.dilation = [dilation, dilation]
        self.groups = groups
        // PyTorch computes fan_in from dimension 1 of this weight, i.e. (out/groups)·k·k.
        (weight, self.bias) = try Initialization.defaultParameters(
            weightShape: [inputChannels, outputChannels / groups, kernelSize, kernelSize], biasCount: bias ? outputChannels : nil)
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.convTranspose2d(
            weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding, groups: groups,
            dilation: dilation)
    }

    public var localParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
