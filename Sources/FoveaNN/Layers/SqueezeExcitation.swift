import FoveaTensor

/// Squeeze-and-excitation (torchvision's `SqueezeExcitation`, Hu et al. 2017): every channel of the input is
/// multiplied by a gate in (0, 1) computed from the channels' global averages by two 1×1 convolutions,
/// `fc1` (squeeze to fewer channels) and `fc2` (back to every channel).
public final class SqueezeExcitation: Module {
    public let fc1: Conv2d
    public let fc2: Conv2d
    /// Applied between `fc1` and `fc2` (ReLU in MobileNetV3, SiLU in EfficientNet).
    public let activation: Activation
    /// Turns `fc2`'s output into the gate (sigmoid, or hard sigmoid in MobileNetV3).
    public let scaleActivation: Activation

    public init(
        channels: Int, squeezeChannels: Int, activation: Activation.Kind = .relu,
        scaleActivation: Activation.Kind = .sigmoid
    ) throws {
        fc1 = try Conv2d(inputChannels: channels, outputChannels: squeezeChannels, kernelSize: 1)
        fc2 = try Conv2d(inputChannels: squeezeChannels, outputChannels: channels, kernelSize: 1)
        self.activation = Activation(activation)
        self.scaleActivation = Activation(scaleActivation)
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let averages = try input.adaptiveAvgPool2d(outputSize: [1, 1])
        let gate = try scaleActivation(fc2(activation(fc1(averages))))
        return try gate * input
    }

    public var children: [(name: String, module: any Module)] { [("fc1", fc1), ("fc2", fc2)] }
}
