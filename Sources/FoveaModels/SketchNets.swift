import FoveaNN
import FoveaTensor

/// The 003 report's sketch classifiers. The report gives only their outline — a plain convolutional net (skNet) and
/// a residual one (skResNet) whose penultimate fully connected layer yields the 1,024-d features used for
/// similarity search — so these are faithful reconstructions, not copies:
///
/// - skNet: four conv 3×3 → batch norm → ReLU stages of 32, 64, 128 and 256 channels, each but the last followed by
///   max-pool 2; global average pooling; `embedding` = linear 256 → 1024 → ReLU; dropout 0.5; `classifier`.
/// - skResNet: a 3×3 stem of 32 channels and four stages of two torchvision basic blocks (32, 64, 128, 256
///   channels; the last three halve the resolution); global average pooling; the same `embedding` and `classifier`.
///
/// Both accept any input of at least 8×8 pixels; `features(_:)` returns the 1,024-d embedding.
public final class SketchNet: Module, BodyHeadNetwork {
    public static let embeddingSize = 1024

    let body: Sequential
    let embedding: Linear
    let dropout: Dropout
    let classifier: Linear

    init(body: Sequential, bodyChannels: Int, classes: Int) throws {
        self.body = body
        embedding = try Linear(inputFeatures: bodyChannels, outputFeatures: Self.embeddingSize)
        dropout = try Dropout(probability: 0.5)
        classifier = try Linear(inputFeatures: Self.embeddingSize, outputFeatures: classes)
    }

    /// skNet for `input` images and `classes` outputs.
    public static func plain(input: InputSpec, classes: Int) throws -> SketchNet {
        var layers: [any Module] = []
        var channels = input.channels
        for (index, width) in [32, 64, 128, 256].enumerated() {
            layers += [
                try Conv2d(inputChannels: channels, outputChannels: width, kernelSize: 3, padding: 1, bias: false),
                try BatchNorm.twoD(features: width), Activation.relu,
            ]
            if index < 3 { layers.append(MaxPool2d(kernelSize: 2)) }
            channels = width
        }
        layers += [AdaptiveAvgPool2d(outputSize: 1), Flatten()]
        return try SketchNet(body: Sequential(layers), bodyChannels: channels, classes: classes)
    }

    /// skResNet for `input` images and `classes` outputs.
    public static func residual(input: InputSpec, classes: Int) throws -> SketchNet {
        var layers: [any Module] = [
            try Conv2d(inputChannels: input.channels, outputChannels: 32, kernelSize: 3, padding: 1, bias: false),
            try BatchNorm.twoD(features: 32), Activation.relu,
        ]
        var channels = 32
        for (index, width) in [32, 64, 128, 256].enumerated() {
            let stride = index == 0 ? 1 : 2
            layers.append(Sequential(
                try BasicBlock(inputs: channels, outputs: width, stride: stride),
                try BasicBlock(inputs: width, outputs: width, stride: 1)))
            channels = width
        }
        layers += [AdaptiveAvgPool2d(outputSize: 1), Flatten()]
        return try SketchNet(body: Sequential(layers), bodyChannels: channels, classes: classes)
    }

    /// The 1,024-d embedding after ReLU, as the report's similarity search uses.
    public func features(_ input: Tensor) throws -> Tensor {
        try embedding(body(input)).relu()
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try classifier(dropout(features(input)))
    }

    public var head: any Module { classifier }
    public var featureCount: Int { Self.embeddingSize }

    public var children: [(name: String, module: any Module)] {
        [("body", body), ("embedding", embedding), ("dropout", dropout), ("classifier", classifier)]
    }
}
