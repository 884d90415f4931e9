import FoveaNN
import FoveaTensor

/// torchvision's MobileNetV2 `InvertedResidual`: an optional 1×1 expansion (when `expansion` ≠ 1) and a 3×3
/// depthwise convolution, each with batch norm and ReLU6, then a linear 1×1 projection with batch norm (children of
/// `conv`); the input is added back when the block keeps the shape.
public final class MobileNetV2Block: Module {
    let conv: Sequential
    let hasShortcut: Bool

    public init(inputs: Int, outputs: Int, stride: Int, expansion: Int) throws {
        let hidden = inputs * expansion
        var layers: [any Module] = []
        if expansion != 1 {
            layers.append(try TorchvisionLayers.convNormActivation(inputs, hidden, kernelSize: 1, activation: .relu6))
        }
        layers.append(try TorchvisionLayers.convNormActivation(
            hidden, hidden, stride: stride, groups: hidden, activation: .relu6))
        layers.append(try Conv2d(inputChannels: hidden, outputChannels: outputs, kernelSize: 1, bias: false))
        layers.append(try BatchNorm.twoD(features: outputs))
        conv = Sequential(layers)
        hasShortcut = stride == 1 && inputs == outputs
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        hasShortcut ? try input + conv(input) : try conv(input)
    }

    public var children: [(name: String, module: any Module)] { [("conv", conv)] }
}

/// torchvision's `MobileNetV2` (width 1.0): a 3×3 stride-2 stem, 17 inverted residual blocks, a 1×1 convolution
/// to 1,280 channels (`features`), global average pooling and a classifier of dropout (0.2) and one linear layer.
/// Names and shapes match torchvision's `state_dict`, so its weights load by name.
public final class MobileNetV2: PooledClassifierNetwork {
    /// Stages as (expansion, output channels, blocks, stride of the first block), from the paper's table 2.
    static let stages: [(expansion: Int, outputs: Int, blocks: Int, stride: Int)] = [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]
    static let stemChannels = 32
    /// The width of the last convolution, the classifier's input.
    public static let lastChannels = 1280

    public let featureLayers: Sequential
    public let pool = AdaptiveAvgPool2d(outputSize: 1)
    public let classifier: Sequential
    public var featureCount: Int { MobileNetV2.lastChannels }

    /// A freshly initialised network as torchvision initialises it (any channel count; ImageNet weights need 3).
    public init(input: InputSpec, classes: Int) throws {
        try TorchvisionLayers.checkClasses(classes, "MobileNetV2")
        var layers: [any Module] = [
            try TorchvisionLayers.convNormActivation(
                input.channels, MobileNetV2.stemChannels, stride: 2, activation: .relu6),
        ]
        var channels = MobileNetV2.stemChannels
        for stage in MobileNetV2.stages {
            for index in 0..<stage.blocks {
                layers.append(try MobileNetV2Block(
                    inputs: channels, outputs: stage.outputs, stride: index == 0 ? stage.stride : 1,
                    expansion: stage.expansion))
                channels = stage.outputs
            }
        }
        layers.append(try TorchvisionLayers.convNormActivation(
            channels, MobileNetV2.lastChannels, kernelSize: 1, activation: .relu6))
        featureLayers = Sequential(layers)
        classifier = Sequential(
            try Dropout(probability: 0.2), try Linear(inputFeatures: MobileNetV2.lastChannels, outputFeatures: classes))
        try TorchvisionLayers.initialize(self, linear: .normal(std: 0.01))
    }

    /// `features.0`–`features.6` (output stride ≤ 8), `features.7`–`features.18`, and the classifier.
    public static var parameterGroups: [[String]] {
        let blockStrides = stages.flatMap { stage in [stage.stride] + Array(repeating: 1, count: stage.blocks - 1) }
        return TorchvisionLayers.parameterGroups(
            bodyPrefix: "features", strides: [2] + blockStrides + [1], headPrefix: "classifier")
    }
}
