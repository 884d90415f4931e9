import ArgumentParser
import Foundation
import FoveaData
import FoveaTraining

struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a run's features of a labelled image set, for similarity search (`fovea search`).",
        discussion: """
            The features are the penultimate layer's unless --layer names another (its dotted state_dict path, such \
            as layer4.1.conv2 or features.3). A layer's feature map (N, C, H, W) becomes one vector per image by \
            --pool: avg (the mean over H and W, C values; the default), max (the maximum over H and W) or flatten \
            (all C·H·W values). The layer and pooling are recorded in the file, so that `fovea search` embeds its \
            queries the same way.
            """)

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String
    @Option(help: "Data to embed (default: the run's own data).") var data: String?
    @Option(help: "Which part: test, validation, train or all (default test).") var split = "test"
    @Option(help: "The file to write (default RUN/embeddings.safetensors).") var out: String?
    @Option(help: "A layer to take features from, by its state_dict path (default: the penultimate layer).")
    var layer: String?
    @Option(help: "How a layer's feature map becomes a vector: avg, max or flatten (default avg).") var pool: String?

    func validate() throws {
        guard ["test", "validation", "train", "all"].contains(split) else {
            throw ValidationError("--split must be test, validation, train or all")
        }
        guard pool.map({ FeaturePooling(rawValue: $0) != nil }) ?? true else {
            throw ValidationError("--pool must be avg, max or flatten")
        }
        guard pool == nil || layer != nil else { throw ValidationError("--pool applies to a --layer") }
    }

    var featureLayer: FeatureLayer {
        guard let layer else { return .penultimate }
        return .named(layer, pooling: pool.flatMap(FeaturePooling.init(rawValue:)) ?? .avg)
    }

    func run() throws {
        let folder = try RunFolder.open(URL(fileURLWithPath: runPath))
        let (model, configuration, splits) = try folder.loadModelAndData(data.map { URL(fileURLWithPath: $0) })
        let parts: [LabeledImages?] = switch split {
        case "train": [splits.train]
        case "validation": [splits.validation]
        case "all": [splits.train, splits.validation, splits.test]
        default: [splits.test]
        }
        let chosen = parts.compactMap { $0 }
        guard !chosen.isEmpty else { throw ValidationError("the data has no \(split) part") }
        let file = URL(fileURLWithPath: out ?? folder.url.appendingPathComponent("embeddings.safetensors").path)
        let pieces = try chosen.map {
            try Embeddings.compute(model: model, data: $0, normalization: configuration.normalization, layer: featureLayer)
        }
        let embeddings = try Embeddings(
            features: .concatenate(pieces.map(\.features)), labels: pieces.flatMap(\.labels),
            classes: configuration.classes, sources: pieces.flatMap(\.sources), layer: featureLayer,
            data: URL(fileURLWithPath: data ?? configuration.data).path)
        try embeddings.save(to: file)
        let shape = "\(embeddings.labels.count) × \(embeddings.features.shape[1])"
        print("\(shape) features of \(featureLayer) written to \(file.path)")
    }
}
