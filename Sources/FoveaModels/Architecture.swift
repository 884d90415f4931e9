import FoveaNN
import FoveaTensor

/// What a model needs to know about its input to be built.
public struct InputSpec: Sendable, Codable, Equatable {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }
}

/// The per-channel mean and standard deviation a network expects its input normalised with, for pixels scaled
/// to [0, 1]: `(pixel − mean) / std`.
public struct InputNormalization: Sendable, Codable, Equatable {
    public var mean: [Double]
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }

    /// ImageNet's RGB statistics, which every torchvision classifier was trained with.
    public static let imageNet = InputNormalization(mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225])
}

/// Where a network divides into a body (the feature extractor) and a head (the classifier), for transfer learning.
///
/// The built network conforms to ``BodyHeadNetwork``, whose `features(_:)` runs the body alone.
public struct BodyHeadSplit: Sendable, Equatable {
    /// The `state_dict` name of the head's module: every entry named `<headPrefix>.…` belongs to the head
    /// ("fc" for ResNets, "classifier" for VGG, MobileNets and EfficientNet).
    public let headPrefix: String
    /// The number of features per image the body hands the head (512 for resnet18, 2048 for resnet50, 25,088 for
    /// VGG's 512 × 7 × 7, 1,280 for mobilenet_v2 and efficientnet_b0), whatever the input size.
    public let featureCount: Int

    public init(headPrefix: String, featureCount: Int) {
        self.headPrefix = headPrefix
        self.featureCount = featureCount
    }
}

/// A classification network in two parts: a body that turns each image into one feature vector (pooled and
/// flattened) and a head that turns the vector into logits, so that `network(x)` is `head(features(x))`.
public protocol BodyHeadNetwork: Module {
    /// The body alone: images (N, C, H, W) to features (N, ``featureCount``).
    func features(_ input: Tensor) throws -> Tensor
    /// The head: features (N, ``featureCount``) to logits (N, classes).
    var head: any Module { get }
    /// The width of the body's output.
    var featureCount: Int { get }
}

/// A named architecture with its metadata, selectable from the command line.
public struct Architecture: Sendable {
    public let name: String
    public let summary: String
    /// The input size the architecture was designed for (height = width).
    public let defaultSize: Int
    /// The normalisation the architecture's published weights expect; nil when none is implied (fit it to the data).
    public let normalization: InputNormalization?
    /// The body/head division; nil for networks built as one piece.
    public let split: BodyHeadSplit?
    /// Parameter groups for discriminative learning rates (fastai's layer groups), from the input side to the head.
    ///
    /// Each group is a list of `state_dict` name prefixes; a prefix matches a name equal to it or starting with it
    /// and a dot, and the empty prefix matches every name. ``parameterGroups(of:)`` resolves them on a model.
    /// torchvision networks have three groups: the layers whose output stride is at most 8 (for ResNets the stem,
    /// `layer1` and `layer2`), the rest of the body, and the head.
    public let parameterGroups: [[String]]
    /// Builds a freshly initialised network for `input` and `classes` outputs.
    public let build: @Sendable (_ input: InputSpec, _ classes: Int) throws -> any Module

    public init(
        name: String, summary: String, defaultSize: Int, normalization: InputNormalization? = nil,
        split: BodyHeadSplit? = nil, parameterGroups: [[String]] = [[""]],
        build: @escaping @Sendable (_ input: InputSpec, _ classes: Int) throws -> any Module
    ) {
        self.name = name
        self.summary = summary
        self.defaultSize = defaultSize
        self.normalization = normalization
        self.split = split
        self.parameterGroups = parameterGroups
        self.build = build
    }

    /// The parameters of `model` (built by this architecture) in ``parameterGroups`` order; each parameter goes to
    /// the first group with a matching prefix, in the model's parameter order.
    /// - Throws: ``UngroupedParameters`` when some parameter matches no group.
    public func parameterGroups(of model: any Module) throws -> [[Tensor]] {
        var groups = Array(repeating: [Tensor](), count: parameterGroups.count)
        var ungrouped: [String] = []
        for (name, tensor) in model.namedParameters {
            let matching = parameterGroups.firstIndex { prefixes in
                prefixes.contains { $0.isEmpty || name == $0 || name.hasPrefix($0 + ".") }
            }
            if let matching {
                groups[matching].append(tensor)
            } else {
                ungrouped.append(name)
            }
        }
        guard ungrouped.isEmpty else { throw UngroupedParameters(architecture: name, names: ungrouped) }
        return groups
    }
}

/// Every architecture Fovea can build by name.
public enum Architectures {
    /// The seed reports' small networks, then torchvision's ImageNet classifiers.
    public static let all: [Architecture] = seedNetworks + TorchvisionArchitectures.all + LiteArchitectures.all

    static let seedNetworks: [Architecture] = [
        Architecture(
            name: "basenet", summary: "002 report's BaseNet: conv5(6)-pool-conv5(16)-pool-fc50-fc (LeNet-like)",
            defaultSize: 32, build: { try SeedNets.baseNet(input: $0, classes: $1) }),
        Architecture(
            name: "convnet", summary: "002 report's improved net: two conv3 blocks (32, 64) with dropout, fc512",
            defaultSize: 32, build: { try SeedNets.improvedNet(input: $0, classes: $1, batchNorm: .none) }),
        Architecture(
            name: "convnet-bn", summary: "improved net with batch norm before each ReLU (the report's best)",
            defaultSize: 32, build: { try SeedNets.improvedNet(input: $0, classes: $1, batchNorm: .beforeActivation) }),
        Architecture(
            name: "convnet-bn-after", summary: "improved net with batch norm after each ReLU",
            defaultSize: 32, build: { try SeedNets.improvedNet(input: $0, classes: $1, batchNorm: .afterActivation) }),
        Architecture(
            name: "resnet-small", summary: "a small ResNet for small images: 3 stages of basic blocks (32-64-128)",
            defaultSize: 32, build: { try SmallResNet(input: $0, classes: $1) }),
        Architecture(
            name: "sknet", summary: "003 report's skNet (reconstructed): 4 conv-BN stages, 1024-d embedding for search",
            defaultSize: 28, split: BodyHeadSplit(headPrefix: "classifier", featureCount: SketchNet.embeddingSize),
            build: { try SketchNet.plain(input: $0, classes: $1) }),
        Architecture(
            name: "skresnet", summary: "003 report's skResNet (reconstructed): 4 residual stages, 1024-d embedding",
            defaultSize: 28, split: BodyHeadSplit(headPrefix: "classifier", featureCount: SketchNet.embeddingSize),
            build: { try SketchNet.residual(input: $0, classes: $1) }),
    ]

    /// The architecture called `name`.
    /// - Throws: ``UnknownArchitecture`` listing the valid names.
    public static func named(_ name: String) throws -> Architecture {
        guard let found = all.first(where: { $0.name == name.lowercased() }) else {
            throw UnknownArchitecture(name: name, known: all.map(\.name))
        }
        return found
    }
}

public struct UnknownArchitecture: Error, CustomStringConvertible, Sendable {
    public let name: String
    public let known: [String]
    public var description: String {
        "unknown architecture '\(name)'; choose one of: \(known.joined(separator: ", "))"
    }
}

/// Parameters that none of an architecture's parameter groups claims.
public struct UngroupedParameters: Error, CustomStringConvertible, Sendable {
    public let architecture: String
    public let names: [String]
    public var description: String {
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", …" : "")
        return "\(names.count) parameter(s) of \(architecture) are in no parameter group: \(shown)"
    }
}
