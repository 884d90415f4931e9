import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaTensor

/// Feature vectors of a labelled image set, taken from a trained model's penultimate layer, with the index of
/// files and labels they belong to; saved as one safetensors file (`features`, `labels`) whose metadata holds the
/// class names and the sources.
public struct Embeddings: @unchecked Sendable {
    /// float32, (count, dimension).
    public let features: Tensor
    public let labels: [Int]
    public let classes: [String]
    public let sources: [String]

    public init(features: Tensor, labels: [Int], classes: [String], sources: [String]) throws {
        guard features.rank == 2, features.shape[0] == labels.count else {
            throw RunError("\(labels.count) labels for features of shape \(features.shape)")
        }
        self.features = features
        self.labels = labels
        self.classes = classes
        self.sources = sources
    }

    /// The penultimate-layer features of every image of `data`, computed in evaluation mode.
    public static func compute(
        model: any Module, data: LabeledImages, normalization: Normalization, batchSize: Int = 256
    ) throws -> Embeddings {
        let extract = try penultimate(of: model)
        let loader = try BatchLoader(data: data, batchSize: batchSize, shuffle: false, normalization: normalization)
        model.setTraining(false)
        let parts = try withNoGrad {
            try (0..<loader.batchCount).map { try extract(loader.batch($0, epoch: 0).images).flattened(from: 1) }
        }
        return try Embeddings(
            features: Tensor.concatenate(parts).converted(to: .float32),
            labels: try data.labels.toArray(Int64.self).map { Int($0) }, classes: data.classes, sources: data.sources)
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
        let metadata = [
            "format": "fovea-embeddings",
            "classes": String(decoding: try encoder.encode(classes), as: UTF8.self),
            "sources": String(decoding: try encoder.encode(sources), as: UTF8.self),
        ]
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
        return try Embeddings(
            features: Tensor(features), labels: try Tensor(labels).toArray(Int64.self).map { Int($0) }, classes: classes,
            sources: sources)
    }
}
