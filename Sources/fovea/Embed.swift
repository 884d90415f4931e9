import ArgumentParser
import Foundation
import FoveaData
import FoveaTraining

struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a run's penultimate-layer features of a labelled image set, for similarity search.")

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String
    @Option(help: "Data to embed (default: the run's own data).") var data: String?
    @Option(help: "Which part: test, validation, train or all (default test).") var split = "test"
    @Option(help: "The file to write (default RUN/embeddings.safetensors).") var out: String?

    func validate() throws {
        guard ["test", "validation", "train", "all"].contains(split) else {
            throw ValidationError("--split must be test, validation, train or all")
        }
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
            try Embeddings.compute(model: model, data: $0, normalization: configuration.normalization)
        }
        let embeddings = try Embeddings(
            features: .concatenate(pieces.map(\.features)), labels: pieces.flatMap(\.labels),
            classes: configuration.classes, sources: pieces.flatMap(\.sources))
        try embeddings.save(to: file)
        print("\(embeddings.labels.count) × \(embeddings.features.shape[1]) features written to \(file.path)")
    }
}
