import ArgumentParser
import Foundation
import FoveaTraining

struct LearningRateFind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Sweep the learning rate exponentially over about 100 batches and suggest rates (fastai's lr_find).",
        discussion: "Nothing is saved but the curve: a CSV of learning_rate,loss (the smoothed loss).")

    @Argument(help: "A folder of class folders, or a folder of IDX files.") var data: String
    @Option(help: "Architecture (see `fovea models`).") var arch = "convnet-bn"
    @Option(name: .customLong("batch-size"), help: "Images per batch.") var batchSize = 64
    @Option(help: "adam, adamw or sgd.") var optimizer = "adam"
    @Option(name: .customLong("weight-decay")) var weightDecay = 0.0
    @Option(help: "Fraction of the training images held out (left out of the sweep).") var valid = 0.1
    @Option(help: "Image side in pixels for image folders (IDX data keeps its size).") var size: Int?
    @Option(help: "1 for grayscale, 3 for colour (image folders).") var channels = 3
    @Option(help: "Use only the first N training images.") var limit: Int?
    @Option(help: "Seed for initialisation, shuffling and splits.") var seed: UInt64 = 0
    @Option(help: "The first learning rate.") var start = 1e-7
    @Option(help: "The last learning rate.") var end = 10.0
    @Option(help: "Batches in the sweep (it stops early when the loss diverges).") var steps = 100
    @Option(help: "Where to write the curve.") var csv = "lr-find.csv"
    @Flag(help: "JSON output.") var json = false

    var settings: TrainSettings {
        TrainSettings(
            data: data, arch: arch, epochs: 1, batchSize: batchSize, lr: start, optimizer: optimizer, schedule: "constant",
            weightDecay: weightDecay, valid: valid, size: size, channels: channels, seed: seed, limit: limit)
    }

    func validate() throws {
        try settings.validate()
        guard start > 0, end > start else { throw ValidationError("--start and --end must satisfy 0 < start < end") }
        guard steps >= 2 else { throw ValidationError("--steps must be at least 2") }
    }

    func run() throws {
        let job = TrainingJob(configuration: try settings.runConfiguration(), output: URL(fileURLWithPath: csv), progress: .silent)
        let curve = try job.findLearningRate(start: start, end: end, steps: steps) { Console.info($0, json: json) }
        let rows = zip(curve.rates, curve.losses).map { "\($0),\($1)\n" }.joined()
        try Data(("learning_rate,loss\n" + rows).utf8).write(to: URL(fileURLWithPath: csv), options: .atomic)
        if json {
            var object: [String: Any] = ["csv": csv, "steps": curve.rates.count]
            object["steepest"] = curve.steepest
            object["minimum_over_ten"] = curve.minimumOverTen
            Console.emitJSON(object)
            return
        }
        func format(_ rate: Double?) -> String { rate.map { String(format: "%.2e", $0) } ?? "none (too few steps)" }
        print("suggested learning rates: steepest \(format(curve.steepest)), minimum/10 \(format(curve.minimumOverTen))")
        print("curve of \(curve.rates.count) steps written to \(csv)")
    }
}
