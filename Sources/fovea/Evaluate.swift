import ArgumentParser
import Foundation
import FoveaData
import FoveaTraining

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Accuracy, per-class accuracy and the confusion matrix of a run on labelled data.")

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String
    @Option(help: "Data to evaluate on (default: the run's own data, its test part).") var data: String?
    @Flag(help: "JSON output.") var json = false

    func run() throws {
        let folder = try RunFolder.open(URL(fileURLWithPath: runPath))
        let (model, configuration, splits) = try folder.loadModelAndData(data.map { URL(fileURLWithPath: $0) })
        guard let part = splits.test ?? splits.validation else {
            throw ValidationError("the data has no test or validation part to evaluate on")
        }
        let loader = try BatchLoader(data: part, batchSize: 512, shuffle: false, normalization: configuration.normalization)
        let evaluation = try Learner.evaluate(model: model, loader: loader)
        if data == nil { try folder.save(evaluation: evaluation) }
        Console.printEvaluation(evaluation, json: json)
    }
}
