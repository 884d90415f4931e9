import FoveaNN
import FoveaTensor

/// torchvision's MobileNetV3 `InvertedResidual`: an optional 1×1 expansion, a k×k depthwise convolution (each with
/// batch norm and ReLU or hard swish), optional squeeze-and-excitation with a hard-sigmoid gate, and a linear 1×1
/// projection with batch norm (children of `block`); the input is added back when the block keeps the shape.
public final class MobileNetV3Block: Module {
    /// One row of the paper's tables 1 and 2.
    public struct Configuration: Sendable {
        public let kernelSize: Int
        public let expandedChannels: Int
        public let outputs: Int
        public let squeezeExcitation: Bool
        /// Hard swish, else ReLU.
        public let hardSwish: Bool
        public let stride: Int
    }

    let block: Sequential
    let hasShortcut: Bool

    public init(inputs: Int, _ configuration: Configuration) throws {
        let expanded = configuration.expandedChannels
        let activation: Activation.Kind = configuration.hardSwish ? .hardswish : .relu
        func convNorm(_ inputs: Int, _ outputs: Int, kernelSize: Int, stride: Int = 1, groups: Int = 1,
                      activation: Activation.Kind?) throws -> Sequential {
            try TorchvisionLayers.convNormActivation(
                inputs, outputs, kernelSize: kernelSize, stride: stride, groups: groups, activation: activation,
                batchNormEpsilon: MobileNetV3.batchNormEpsilon, batchNormMomentum: MobileNetV3.batchNormMomentum)
        }
        var layers: [any Module] = []
        if expanded != inputs {
            layers.append(try convNorm(inputs, expanded, kernelSize: 1, activation: activation))
        }
        layers.append(try convNorm(
            expanded, expanded, kernelSize: configuration.kernelSize, stride: configuration.stride, groups: expanded,
            activation: activation))
        if configuration.squeezeExcitation {
            layers.append(try SqueezeExcitation(
                channels: expanded, squeezeChannels: TorchvisionLayers.makeDivisible(Double(expanded / 4)),
                scaleActivation: .hardsigmoid))
        }
        layers.append(try convNorm(expanded, configuration.outputs, kernelSize: 1, activation: nil))
        block = Sequential(layers)
        hasShortcut = configuration.stride == 1 && inputs == configuration.outputs
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        hasShortcut ? try block(input) + input : try block(input)
    }

    public var children: [(name: String, module: any Module)] { [("block", block)] }
}

/// torchvision's `MobileNetV3` (large or small, width 1.0): a 3×3 stride-2 stem with hard swish, inverted residual
/// blocks, a 1×1 convolution to 6 × the last block's channels (`features`), global average pooling and a
/// classifier of linear, hard swish, dropout (0.2) and linear. Batch norms use ε = 0.001 and momentum 0.01.
/// Names and shapes match torchvision's `state_dict`, so its weights load by name.
public final class MobileNetV3: PooledClassifierNetwork {
    /// The blocks and the classifier's hidden width of one size of MobileNetV3.
    public struct Configuration: Sendable {
        public let blocks: [MobileNetV3Block.Configuration]
        public let hiddenChannels: Int

        /// The width of the last convolution, the classifier's input.
        public var featureCount: Int { 6 * (blocks.last?.outputs ?? MobileNetV3.stemChannels) }

        private static func rows(
            _ rows: [(kernel: Int, expanded: Int, outputs: Int, se: Bool, hardSwish: Bool, stride: Int)]
        ) -> [MobileNetV3Block.Configuration] {
            rows.map {
                MobileNetV3Block.Configuration(
                    kernelSize: $0.kernel, expandedChannels: $0.expanded, outputs: $0.outputs,
                    squeezeExcitation: $0.se, hardSwish: $0.hardSwish, stride: $0.stride)
            }
        }

        /// MobileNetV3-Large (table 1 of the paper).
        public static let large = Configuration(
            blocks: rows([
                (3, 16, 16, false, false, 1), (3, 64, 24, false, false, 2), (3, 72, 24, false, false, 1),
                (5, 72, 40, true, false, 2), (5, 120, 40, true, false, 1), (5, 120, 40, true, false, 1),
                (3, 240, 80, false, true, 2), (3, 200, 80, false, true, 1), (3, 184, 80, false, true, 1),
                (3, 184, 80, false, true, 1), (3, 480, 112, true, true, 1), (3, 672, 112, true, true, 1),
                (5, 672, 160, true, true, 2), (5, 960, 160, true, true, 1), (5, 960, 160, true, true, 1),
            ]),
            hiddenChannels: 1280)

        /// MobileNetV3-Small (table 2 of the paper).
        public static let small = Configuration(
            blocks: rows([
                (3, 16, 16, true, false, 2), (3, 72, 24, false, false, 2), (3, 88, 24, false, false, 1),
                (5, 96, 40, true, true, 2), (5, 240, 40, true, true, 1), (5, 240, 40, true, true, 1),
                (5, 120, 48, true, true, 1), (5, 144, 48, true, true, 1), (5, 288, 96, true, true, 2),
                (5, 576, 96, true, true, 1), (5, 576, 96, true, true, 1),
            ]),
            hiddenChannels: 1024)
    }

    static let stemChannels = 16
    static let batchNormEpsilon = 0.001
    static let batchNormMomentum = 0.01

    public let featureLayers: Sequential
    public let pool = AdaptiveAvgPool2d(outputSize: 1)
    public let classifier: Sequential
    public let featureCount: Int

    /// A freshly initialised network as torchvision initialises it (any channel count; ImageNet weights need 3).
    public init(_ configuration: Configuration, input: InputSpec, classes: Int) throws {
        try TorchvisionLayers.checkClasses(classes, "MobileNetV3")
        func convNorm(_ inputs: Int, _ outputs: Int, kernelSize: Int, stride: Int) throws -> Sequential {
            try TorchvisionLayers.convNormActivation(
                inputs, outputs, kernelSize: kernelSize, stride: stride, activation: .hardswish,
                batchNormEpsilon: MobileNetV3.batchNormEpsilon, batchNormMomentum: MobileNetV3.batchNormMomentum)
        }
        var layers: [any Module] = [try convNorm(input.channels, MobileNetV3.stemChannels, kernelSize: 3, stride: 2)]
        var channels = MobileNetV3.stemChannels
        for block in configuration.blocks {
            layers.append(try MobileNetV3Block(inputs: channels, block))
            channels = block.outputs
        }
        featureCount = configuration.featureCount
        layers.append(try convNorm(channels, featureCount, kernelSize: 1, stride: 1))
        featureLayers = Sequential(layers)
        classifier = Sequential(
            try Linear(inputFeatures: featureCount, outputFeatures: configuration.hiddenChannels),
            Activation(.hardswish), try Dropout(probability: 0.2),
            try Linear(inputFeatures: configuration.hiddenChannels, outputFeatures: classes))
        try TorchvisionLayers.initialize(self, linear: .normal(std: 0.01))
    }

    /// The `features` children with output stride ≤ 8, the rest of `features`, and the classifier.
    public static func parameterGroups(_ configuration: Configuration) -> [[String]] {
        TorchvisionLayers.parameterGroups(
            bodyPrefix: "features", strides: [2] + configuration.blocks.map(\.stride) + [1], headPrefix: "classifier")
    }
}
