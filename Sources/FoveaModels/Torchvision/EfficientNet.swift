import FoveaNN
import FoveaTensor

/// torchvision's EfficientNet `MBConv`: an optional 1×1 expansion and a k×k depthwise convolution (each with batch
/// norm and SiLU), squeeze-and-excitation (SiLU, sigmoid gate, a quarter of the input channels) and a linear 1×1
/// projection with batch norm (children of `block`). When the block keeps the shape the input is added back, after
/// stochastic depth (row mode) on the branch.
public final class MBConv: Module {
    let block: Sequential
    let stochasticDepth: StochasticDepth
    let hasShortcut: Bool

    public init(
        inputs: Int, outputs: Int, kernelSize: Int, stride: Int, expansion: Int, stochasticDepthProbability: Double
    ) throws {
        let expanded = TorchvisionLayers.makeDivisible(Double(inputs * expansion))
        var layers: [any Module] = []
        if expanded != inputs {
            layers.append(try TorchvisionLayers.convNormActivation(inputs, expanded, kernelSize: 1, activation: .silu))
        }
        layers.append(try TorchvisionLayers.convNormActivation(
            expanded, expanded, kernelSize: kernelSize, stride: stride, groups: expanded, activation: .silu))
        layers.append(try SqueezeExcitation(
            channels: expanded, squeezeChannels: Swift.max(1, inputs / 4), activation: .silu))
        layers.append(try TorchvisionLayers.convNormActivation(expanded, outputs, kernelSize: 1, activation: nil))
        block = Sequential(layers)
        stochasticDepth = try StochasticDepth(probability: stochasticDepthProbability, mode: .row)
        hasShortcut = stride == 1 && inputs == outputs
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let branch = try block(input)
        return hasShortcut ? try stochasticDepth(branch) + input : branch
    }

    public var children: [(name: String, module: any Module)] {
        [("block", block), ("stochastic_depth", stochasticDepth)]
    }
}

/// torchvision's `EfficientNet` B0: a 3×3 stride-2 stem, seven stages of `MBConv` blocks, a 1×1 convolution to
/// 1,280 channels (`features`, all with SiLU), global average pooling and a classifier of dropout (0.2) and one
/// linear layer. Block i of 16 drops its branch with probability 0.2 · i / 16 in training.
/// Names and shapes match torchvision's `state_dict`, so its weights load by name.
public final class EfficientNet: PooledClassifierNetwork {
    /// B0's stages as (expansion, kernel size, stride of the first block, output channels, blocks).
    static let stages: [(expansion: Int, kernelSize: Int, stride: Int, outputs: Int, blocks: Int)] = [
        (1, 3, 1, 16, 1), (6, 3, 2, 24, 2), (6, 5, 2, 40, 2), (6, 3, 2, 80, 3), (6, 5, 1, 112, 3),
        (6, 5, 2, 192, 4), (6, 3, 1, 320, 1),
    ]
    static let stemChannels = 32
    /// The width of the last convolution (4 × 320), the classifier's input.
    public static let lastChannels = 1280
    /// The stochastic depth probability of the last block.
    static let stochasticDepthProbability = 0.2

    public let featureLayers: Sequential
    public let pool = AdaptiveAvgPool2d(outputSize: 1)
    public let classifier: Sequential
    public var featureCount: Int { EfficientNet.lastChannels }

    /// A freshly initialised B0 as torchvision initialises it (any channel count; ImageNet weights need 3).
    public init(input: InputSpec, classes: Int) throws {
        try TorchvisionLayers.checkClasses(classes, "EfficientNet")
        var layers: [any Module] = [
            try TorchvisionLayers.convNormActivation(input.channels, EfficientNet.stemChannels, stride: 2, activation: .silu),
        ]
        let totalBlocks = EfficientNet.stages.reduce(0) { $0 + $1.blocks }
        var blockIndex = 0
        var channels = EfficientNet.stemChannels
        for stage in EfficientNet.stages {
            var blocks: [any Module] = []
            for index in 0..<stage.blocks {
                let probability = EfficientNet.stochasticDepthProbability * Double(blockIndex) / Double(totalBlocks)
                blocks.append(try MBConv(
                    inputs: channels, outputs: stage.outputs, kernelSize: stage.kernelSize,
                    stride: index == 0 ? stage.stride : 1, expansion: stage.expansion,
                    stochasticDepthProbability: probability))
                channels = stage.outputs
                blockIndex += 1
            }
            layers.append(Sequential(blocks))
        }
        layers.append(try TorchvisionLayers.convNormActivation(
            channels, EfficientNet.lastChannels, kernelSize: 1, activation: .silu))
        featureLayers = Sequential(layers)
        classifier = Sequential(
            try Dropout(probability: 0.2), try Linear(inputFeatures: EfficientNet.lastChannels, outputFeatures: classes))
        try TorchvisionLayers.initialize(self, linear: .uniformByOutputs)
    }

    /// `features.0`–`features.3` (output stride ≤ 8), `features.4`–`features.8`, and the classifier.
    public static var parameterGroups: [[String]] {
        TorchvisionLayers.parameterGroups(
            bodyPrefix: "features", strides: [2] + stages.map { $0.stride } + [1], headPrefix: "classifier")
    }
}
