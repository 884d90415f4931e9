import ArgumentParser
import Foundation
import FoveaData
import FoveaModels
import FoveaTraining

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a classifier on a folder-per-class tree or Fashion-MNIST IDX files.")

    @Argument(help: "A folder of class folders (optionally split into train/ val/ test/), or a folder of IDX files.")
    var data: String

    @Option(help: "Architecture (see `fovea models`).") var arch = "convnet-bn"
    @Option(help: "Epochs.") var epochs = 3
    @Option(name: .customLong("batch-size"), help: "Images per step.") var batchSize = 64
    @Option(help: "Learning rate (the peak rate with the one-cycle schedule).") var lr = 3e-3
    @Option(help: "adam, adamw or sgd.") var optimizer = "adam"
    @Option(help: "onecycle, cosine or constant.") var schedule = "onecycle"
    @Option(name: .customLong("weight-decay")) var weightDecay = 0.0
    @Option(name: .customLong("label-smoothing")) var labelSmoothing = 0.0
    @Option(help: "Fraction of the training images held out for validation.") var valid = 0.1
    @Option(help: "Image side in pixels for image folders (IDX data keeps its size).") var size: Int?
    @Option(help: "1 for grayscale, 3 for colour (image folders).") var channels = 3
    @Flag(name: .customLong("flip"), help: "Augment with random horizontal flips.") var flip = false
    @Option(name: .customLong("shift"), help: "Augment with random shifts of up to this many pixels.") var shift = 0
    @Option(help: "Seed for initialisation, shuffling, splits and augmentation.") var seed: UInt64 = 0
    @Option(help: "The run folder to write.") var out: String?
    @Flag(help: "One JSON object per line instead of a progress bar.") var json = false

    func validate() throws {
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number") }
        guard [1, 3].contains(channels) else { throw ValidationError("--channels must be 1 or 3") }
        guard (0..<1).contains(valid) else { throw ValidationError("--valid must be in [0, 1)") }
        do { _ = try Architectures.named(arch) } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        let architecture = try Architectures.named(arch)
        let side = size ?? architecture.defaultSize
        let configuration = RunConfiguration(
            architecture: architecture.name, data: data, input: InputSpec(channels: channels, height: side, width: side),
            classes: [], epochs: epochs, batchSize: batchSize, learningRate: lr, optimizer: optimizer.lowercased(),
            schedule: schedule.lowercased(), weightDecay: weightDecay, labelSmoothing: labelSmoothing,
            validationFraction: valid, seed: seed, normalization: Normalization(mean: [], std: []),
            augmentation: Augmentation(horizontalFlip: flip, maxShift: shift))
        let output = URL(fileURLWithPath: out ?? "runs/\(architecture.name)-\(seed)")
        let style: ProgressReporter.Style = json || isatty(STDERR_FILENO) == 0 ? .jsonLines : .bar
        let job = TrainingJob(configuration: configuration, output: output, progress: style)
        let result = try job.run { message in Console.info(message, json: json) }
        if let reason = result.stopReason { Console.info("stopped early: \(reason)", json: json) }
        if let test = result.test {
            Console.printEvaluation(test, json: json)
        }
        Console.info(String(format: "run saved to %@ (%.1f s)", output.path, result.seconds), json: json)
    }
}
