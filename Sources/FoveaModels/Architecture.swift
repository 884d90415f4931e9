import FoveaNN

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

/// A named architecture with its metadata, selectable from the command line.
public struct Architecture: Sendable {
    public let name: String
    public let summary: String
    /// The input size the architecture was designed for (height = width).
    public let defaultSize: Int
    /// Builds a freshly initialised network for `input` and `classes` outputs.
    public let build: @Sendable (_ input: InputSpec, _ classes: Int) throws -> any Module

    public init(
        name: String, summary: String, defaultSize: Int,
        build: @escaping @Sendable (_ input: InputSpec, _ classes: Int) throws -> any Module
    ) {
        self.name = name
        self.summary = summary
        self.defaultSize = defaultSize
        self.build = build
    }
}

/// Every architecture Fovea can build by name.
public enum Architectures {
    public static let all: [Architecture] = [
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
