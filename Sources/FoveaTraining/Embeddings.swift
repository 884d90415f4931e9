import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaTensor

/// Feature vectors of a labelled image set, taken from a trained model's penultimate layer or any named layer, with
/// the index of files and labels they belong to; saved as one safetensors file (`features`, `labels`) whose
/// metadata holds the class names, the sources, the data folder and, for a named layer, `layer` and `pooling`.
public struct Embeddings: @unchecked Sendable {
    /// float32, (count, dimension).
    public let features: Tensor
    public let labels: [Int]
    public let classes: [String]
    public let sources: [String]
    /// Where in the model the features come from; queries must be embedded the same way.
    public let layer: FeatureLayer
    /// The data folder the images came from, which resolves sources that are not files (`t10k-images-idx3-ubyte#7`).
    public let data: String?

    public init(
        features: Tensor, labels: [Int], classes: [String], sources: [String], layer: FeatureLayer = .penultimate,
        data: String? = nil
    ) throws {
        guard features.rank == 2, features.shape[0] == labels.count else {
            throw RunError("\(labels.count) labels for features of shape \(features.shape)")
        }
        self.features = features
        self.labels = labels
        self.classes = classes
        self.sources = sources
        self.layer = layer
        self.data = data
    }

    /// The features at `layer` of every image of `data`, computed in evaluation mode.
    public static func compute(
        model: any Module, data: LabeledImages, normalization: Normalization, layer: FeatureLayer = .penultimate,
        batchSize: Int = 256
    ) throws -> Embeddings {
        let extract = try layer.extractor(for: model)
        let loader = try BatchLoader(data: data, batchSize: batchSize, shuffle: false, normalization: normalization)
        model.setTraining(false)
        let parts = try withNoGrad { try (0..<loader.batchCount).map { try extract(loader.batch($0, epoch: 0).images) } }
        return try Embeddings(
            features: Tensor.concatenate(parts).converted(to: .float32),
            labels: try data.labels.toArray(Int64.self).map { Int($0) }, classes: data.classes, sources: data.sources,
            layer: layer)
    }

    /// The function giving a model's penultimate features: the body of a body/head network or transfer model
    /// (the 1,024-d embedding of skNet/skResNet), or every layer but the last of a sequential network.
    public static func penultimate(of model: any Module) throws -> (Tensor) throws -> Tensor {
        if let transfer = model as? TransferModel { return { try transfer.bodyOutput($0) } }
        if let network = model as? any BodyHeadNetwork { return { try network.features($0) } }
        if let sequential = model as? Sequential, sequential.count > 1 {
            let body = Sequential(sequential.children.dropLast().map(\.module))
            return { try body($0) }
        }
        throw RunError("this model has no penultimate layer to take features from")
    }

    public func save(to file: URL) throws {
        let encoder = JSONEncoder()
        var metadata = [
            "format": "fovea-embeddings",
            "classes": String(decoding: try encoder.encode(classes), as: UTF8.self),
            "sources": String(decoding: try encoder.encode(sources), as: UTF8.self),
        ]
        if case .named(let name, let pooling) = layer {
            metadata["layer"] = name
            metadata["pooling"] = pooling.rawValue
        }
        metadata["data"] = data
        try SafeTensors.write(
            [("features", features.record()), ("labels", Tensor(labels.map(Int64.init)).record())], metadata: metadata, to: file)
    }

    /// Reads a file written by ``save(to:)``.
    public static func load(from file: URL) throws -> Embeddings {
        let records = try SafeTensors.read(contentsOf: file)
        let metadata = try SafeTensors.metadata(contentsOf: file)
        guard metadata["format"] == "fovea-embeddings",
            let features = records.first(where: { $0.name == "features" })?.record,
            let labels = records.first(where: { $0.name == "labels" })?.record
        else { throw RunError("\(file.path): not an embeddings file written by `fovea embed`") }
        let decoder = JSONDecoder()
        let classes = try decoder.decode([String].self, from: Data((metadata["classes"] ?? "[]").utf8))
        let sources = try decoder.decode([String].self, from: Data((metadata["sources"] ?? "[]").utf8))
        var layer = FeatureLayer.penultimate
        if let name = metadata["layer"] {
            guard let pooling = FeaturePooling(rawValue: metadata["pooling"] ?? "") else {
                throw RunError("\(file.path): unknown pooling '\(metadata["pooling"] ?? "")' for layer \(name)")
            }
            layer = .named(name, pooling: pooling)
        }
        return try Embeddings(
            features: Tensor(features), labels: try Tensor(labels).toArray(Int64.self).map { Int($0) }, classes: classes,
            sources: sources, layer: layer, data: metadata["data"])
    }
}

/// Where `fovea embed` takes features from.
public enum FeatureLayer: Equatable, Sendable, CustomStringConvertible {
    /// The penultimate layer: the body's output (see ``Embeddings/penultimate(of:)``).
    case penultimate
    /// Any layer, by its dotted `state_dict` path, caught by a forward hook; its output is made one vector per image
    /// by `pooling` when it is a feature map (N, C, H, W) and flattened otherwise.
    case named(String, pooling: FeaturePooling)

    public var description: String {
        switch self {
        case .penultimate: "the penultimate layer"
        case .named(let name, let pooling): "layer \(name) (\(pooling.rawValue) pooling)"
        }
    }

    /// The function from a batch of normalised images to their (N, dimension) features.
    /// - Throws: `ModuleLookupError` listing the layers for a name `model` does not have.
    public func extractor(for model: any Module) throws -> (Tensor) throws -> Tensor {
        switch self {
        case .penultimate:
            let body = try Embeddings.penultimate(of: model)
            return { try body($0).flattened(from: 1) }
        case .named(let name, let pooling):
            let tap = try LayerTap(name, in: model)
            return { images in try pooling.vectors(of: tap.run(model, on: images).layer, layer: name) }
        }
    }
}

/// How a layer's feature map (N, C, H, W) becomes one vector per image.
public enum FeaturePooling: String, CaseIterable, Sendable {
    /// The mean over H and W: C values (global average pooling).
    case avg
    /// The maximum over H and W: C values.
    case max
    /// Every value: C·H·W values.
    case flatten

    /// (N, dimension) vectors of a layer's output: pooled when it is 4-D, flattened from the second dimension else.
    func vectors(of output: Tensor, layer: String) throws -> Tensor {
        guard output.rank >= 2 else {
            throw RunError("layer '\(layer)' gives shape \(output.shape), not one row per image")
        }
        guard output.rank == 4 else { return try output.flattened(from: 1) }
        switch self {
        case .avg: return try output.mean(dims: [2, 3])
        case .max: return try Tensor.call1("aten::amax", [.tensor(output), .ints([2, 3]), .bool(false)])
        case .flatten: return try output.flattened(from: 1)
        }
    }
}
