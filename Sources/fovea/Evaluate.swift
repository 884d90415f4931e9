import ArgumentParser
import Foundation
import FoveaData
import FoveaReport
import FoveaTraining

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Metrics of a run on labelled data: accuracy, per-class scores, calibration, the confusion matrix.",
        discussion: """
            Writes summary.json (every metric, the confusion matrix, the top losses), the charts as PNG and SVG \
            (confusion matrix, per-class scores, ROC and precision-recall curves, reliability diagram, learning \
            curves, the LR-finder curve when RUN/lr-find.csv exists) and the top \
            losses with their Grad-CAM maps into the output folder: by default RUN/evaluation/SPLIT, or \
            RUN/evaluation/data-NAME for --data. Then rebuilds the run's report.html.
            """)

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String
    @Option(help: "Which part of the run's data: test, validation or train (default test, else validation).")
    var split: String?
    @Option(help: "Other labelled data to evaluate on (its test part, else validation part), with the run's classes.")
    var data: String?
    @Option(help: "The folder for the results.") var out: String?
    @Option(name: .customLong("top-losses"), help: "How many of the worst-predicted images to keep (default 16).")
    var topLosses = 16
    @Flag(help: "JSON output.") var json = false

    func validate() throws {
        if let split, !["test", "validation", "train"].contains(split) {
            throw ValidationError("--split must be test, validation or train, got \(split)")
        }
        guard topLosses >= 0 else { throw ValidationError("--top-losses must be 0 or more, got \(topLosses)") }
    }

    func run() throws {
        let folder = try RunFolder.open(URL(fileURLWithPath: runPath))
        let (model, configuration, splits) = try folder.loadModelAndData(data.map { URL(fileURLWithPath: $0) })
        let (name, part) = try chosenPart(of: splits)
        let loader = try BatchLoader(data: part, batchSize: 256, shuffle: false, normalization: configuration.normalization)
        let predictions = try PredictionSet.compute(model: model, loader: loader)
        let summary = try EvaluationSummary(predictions, topLossCount: topLosses)
        let output = out.map { URL(fileURLWithPath: $0) } ?? folder.url.appendingPathComponent(
            "evaluation/" + (data.map { "data-" + URL(fileURLWithPath: $0).lastPathComponent } ?? name))
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try JSONFile.write(summary, to: output.appendingPathComponent("summary.json"))
        try EvaluationFigures.writeCharts(summary: summary, predictions: predictions, to: output)
        try writeRunCharts(of: folder, to: output)
        if let note = try EvaluationFigures.writeGallery(
            summary: summary, images: part, model: model, normalization: configuration.normalization, to: output)
        {
            Console.info(note, json: json)
        }
        if data == nil && name == "test" { try folder.save(evaluation: summary.evaluation) }
        try Console.printSummary(summary, json: json)
        Console.info("results written to \(output.path)", json: json)
        if data == nil { Console.info("report: \(try RunReport.write(for: folder).path)", json: json) }
    }

    /// The run's learning curves and LR-finder curve, beside the evaluation's charts.
    private func writeRunCharts(of folder: RunFolder, to output: URL) throws {
        var charts: [(String, LineChart)] = []
        if let (loss, accuracy) = try RunReport.learningCurveCharts((try? folder.history()) ?? []) {
            charts += [("loss", loss), ("accuracy", accuracy)]
        }
        if let finder = try RunReport.learningRateFinderChart(of: folder) { charts.append(("lr-finder", finder)) }
        for (name, chart) in charts {
            for format in ["png", "svg"] { try chart.write(to: output.appendingPathComponent("\(name).\(format)")) }
        }
    }

    private func chosenPart(of splits: DataSplits) throws -> (String, LabeledImages) {
        switch split {
        case "train": return ("train", splits.train)
        case "validation":
            guard let part = splits.validation else { throw ValidationError("the data has no validation part") }
            return ("validation", part)
        case "test":
            guard let part = splits.test else { throw ValidationError("the data has no test part") }
            return ("test", part)
        default:
            if let test = splits.test { return ("test", test) }
            if let validation = splits.validation { return ("validation", validation) }
            throw ValidationError("the data has no test or validation part to evaluate on")
        }
    }
}
