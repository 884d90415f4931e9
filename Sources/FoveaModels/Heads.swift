import FoveaNN
import FoveaTensor

/// What a head takes from the body.
public enum HeadInput: Sendable, Equatable, Codable {
    /// The pooled, flattened features: (N, `featureCount`), the body's `features(_:)`.
    case pooledFeatures
    /// The unpooled map: (N, `featureMapChannels`, h, w), the body's ``FeatureMapNetwork/featureMap(_:)``.
    case featureMap
}

/// A classifier to put on a pretrained body in place of its own, for transfer learning.
///
/// ```swift
/// let head = try HeadDesign.fastai().build(inputWidth: 512, classes: 10)   // resnet18's 512 channels
/// let design = try HeadDesign(named: "two-layer-dropout")
/// ```
///
/// A checkpoint of a transfer model needs its design to rebuild the model before loading (it is `Codable`).
public enum HeadDesign: Sendable, Equatable, Codable {
    /// One linear layer on the pooled features (the 002 report's "one dense layer").
    case linear
    /// Linear to `hidden`, ReLU, dropout (left out when 0) and linear to the classes, on the pooled features:
    /// the 002 report's two dense layers (1,024 wide), without and with dropout 0.75.
    case twoLayer(hidden: Int, dropout: Double)
    /// fastai's `create_head` with its defaults when built as `.fastai()`: adaptive concatenated max and average
    /// pooling of the map (2·C features), flatten, batch norm, dropout p/2, linear to `hidden` without bias, ReLU,
    /// batch norm, dropout p, linear to the classes without bias. The linear weights are drawn as fastai draws
    /// them (`kaiming_normal_`: N(0, 2/fan_in)). Children are numbered as in fastai's `nn.Sequential`.
    case fastai(hidden: Int = 512, dropout: Double = 0.5)
    /// The 002 report's convolutional head on the map: a 3×3 convolution to `filters` channels without padding
    /// (the map must be at least 3×3) with ReLU, dropout 0.2, global average pooling, linear to `hidden` with
    /// ReLU, dropout 0.4 and linear to the classes.
    case convolutional(filters: Int = 64, hidden: Int = 1024)

    /// The names ``init(named:)`` accepts, with what each stands for.
    public static let named: [(name: String, design: HeadDesign)] = [
        ("linear", .linear),
        ("two-layer", .twoLayer(hidden: 1024, dropout: 0)),
        ("two-layer-dropout", .twoLayer(hidden: 1024, dropout: 0.75)),
        ("fastai", .fastai()),
        ("conv", .convolutional()),
    ]

    /// The design called `name` in ``named``.
    /// - Throws: ``UnknownHead`` listing the valid names.
    public init(named name: String) throws {
        guard let found = HeadDesign.named.first(where: { $0.name == name.lowercased() }) else {
            throw UnknownHead(name: name, known: HeadDesign.named.map(\.name))
        }
        self = found.design
    }

    /// Whether the head reads the pooled features or the map.
    public var input: HeadInput {
        switch self {
        case .linear, .twoLayer: .pooledFeatures
        case .fastai, .convolutional: .featureMap
        }
    }

    /// A freshly initialised head.
    /// - Parameter inputWidth: the body's `featureCount` for a ``HeadInput/pooledFeatures`` head, its
    ///   `featureMapChannels` for a ``HeadInput/featureMap`` head.
    public func build(inputWidth: Int, classes: Int) throws -> any Module {
        guard inputWidth > 0, classes > 0 else {
            throw TorchError("a head needs a positive input width and class count, got \(inputWidth) and \(classes)")
        }
        switch self {
        case .linear:
            return try Linear(inputFeatures: inputWidth, outputFeatures: classes)
        case .twoLayer(let hidden, let dropout):
            var layers: [any Module] = [try Linear(inputFeatures: inputWidth, outputFeatures: hidden), Activation.relu]
            if dropout > 0 { layers.append(try Dropout(probability: dropout)) }
            layers.append(try Linear(inputFeatures: hidden, outputFeatures: classes))
            return Sequential(layers)
        case .fastai(let hidden, let dropout):
            let pooled = 2 * inputWidth
            let first = try Linear(inputFeatures: pooled, outputFeatures: hidden, bias: false)
            let last = try Linear(inputFeatures: hidden, outputFeatures: classes, bias: false)
            for layer in [first, last] {
                let std = (2 / Double(Initialization.fanIn(layer.weight))).squareRoot()
                try withNoGrad { try layer.weight.normal_(mean: 0, std: std) }
            }
            return Sequential(
                AdaptiveConcatPool2d(), Flatten(),
                try BatchNorm.oneD(features: pooled), try Dropout(probability: dropout / 2), first, Activation.relu,
                try BatchNorm.oneD(features: hidden), try Dropout(probability: dropout), last)
        case .convolutional(let filters, let hidden):
            return Sequential(
                try Conv2d(inputChannels: inputWidth, outputChannels: filters, kernelSize: 3), Activation.relu,
                try Dropout(probability: 0.2), AdaptiveAvgPool2d(outputSize: 1), Flatten(),
                try Linear(inputFeatures: filters, outputFeatures: hidden), Activation.relu,
                try Dropout(probability: 0.4), try Linear(inputFeatures: hidden, outputFeatures: classes))
        }
    }
}

public struct UnknownHead: Error, CustomStringConvertible, Sendable {
    public let name: String
    public let known: [String]
    public var description: String {
        "unknown head '\(name)'; choose one of: \(known.joined(separator: ", "))"
    }
}
