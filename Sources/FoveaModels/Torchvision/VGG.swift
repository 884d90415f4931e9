import FoveaNN
import FoveaTensor

/// torchvision's `VGG`: stacks of 3×3 convolutions (optionally with batch norm) and ReLUs separated by 2×2 max
/// pooling (`features`), adaptive average pooling to 7×7, and a classifier of three linear layers with ReLU and
/// dropout. Names and shapes match torchvision's `state_dict`, so its weights load by name.
public final class VGG: PooledClassifierNetwork {
    /// One entry of a VGG configuration.
    public enum Layer: Sendable, Equatable {
        /// A 3×3 convolution with this many output channels (then batch norm if enabled, then ReLU).
        case convolution(Int)
        /// 2×2 max pooling with stride 2.
        case maxPool
    }

    /// Configuration "A" of the VGG paper (11 weight layers).
    public static let vgg11: [Layer] = layers([[64], [128], [256, 256], [512, 512], [512, 512]])
    /// Configuration "B" (13 weight layers).
    public static let vgg13: [Layer] = layers([[64, 64], [128, 128], [256, 256], [512, 512], [512, 512]])
    /// Configuration "D" (16 weight layers).
    public static let vgg16: [Layer] = layers([[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]])
    /// Configuration "E" (19 weight layers).
    public static let vgg19: [Layer] = layers([
        [64, 64], [128, 128], [256, 256, 256, 256], [512, 512, 512, 512], [512, 512, 512, 512],
    ])

    /// Five blocks of convolutions, each followed by max pooling.
    private static func layers(_ blocks: [[Int]]) -> [Layer] {
        blocks.flatMap { $0.map(Layer.convolution) + [.maxPool] }
    }

    public let featureLayers: Sequential
    public let pool = AdaptiveAvgPool2d(outputSize: 7)
    public let classifier: Sequential
    /// The width of the pooled features, the classifier's input: 512 × 7 × 7 = 25,088 for every published VGG.
    public let featureCount: Int

    /// A freshly initialised network as torchvision initialises it, for images of at least 32×32 pixels (any
    /// channel count; ImageNet weights need 3).
    public init(_ configuration: [Layer], batchNorm: Bool, input: InputSpec, classes: Int) throws {
        try TorchvisionLayers.checkClasses(classes, "VGG")
        guard Swift.min(input.height, input.width) >= 32 else {
            throw TorchError("VGG needs images of at least 32×32 pixels, got \(input.height)×\(input.width)")
        }
        var layers: [any Module] = []
        var channels = input.channels
        for layer in configuration {
            switch layer {
            case .convolution(let outputs):
                layers.append(try Conv2d(inputChannels: channels, outputChannels: outputs, kernelSize: 3, padding: 1))
                if batchNorm { layers.append(try BatchNorm.twoD(features: outputs)) }
                layers.append(Activation.relu)
                channels = outputs
            case .maxPool:
                layers.append(MaxPool2d(kernelSize: 2, stride: 2))
            }
        }
        featureLayers = Sequential(layers)
        featureCount = channels * 7 * 7
        classifier = Sequential(
            try Linear(inputFeatures: featureCount, outputFeatures: 4096), Activation.relu,
            try Dropout(probability: 0.5),
            try Linear(inputFeatures: 4096, outputFeatures: 4096), Activation.relu, try Dropout(probability: 0.5),
            try Linear(inputFeatures: 4096, outputFeatures: classes))
        try TorchvisionLayers.initialize(self, linear: .normal(std: 0.01))
    }

    /// The `features` layers up to the third max pooling and the convolutions after it (output stride ≤ 8),
    /// the remaining layers, and the classifier.
    public static func parameterGroups(_ configuration: [Layer], batchNorm: Bool) -> [[String]] {
        let strides = configuration.flatMap { layer -> [Int] in
            switch layer {
            case .convolution: batchNorm ? [1, 1, 1] : [1, 1]
            case .maxPool: [2]
            }
        }
        return TorchvisionLayers.parameterGroups(bodyPrefix: "features", strides: strides, headPrefix: "classifier")
    }
}
