import ArgumentParser
import Foundation
import FoveaData
import FoveaModels
import FoveaTraining

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a classifier on a folder-per-class tree or Fashion-MNIST IDX files.",
        discussion: """
            Options can also come from a YAML file (--config), keyed by their long names (`batch-size: 128`); \
            options on the command line override it. The effective settings are saved in the run as run.yaml. \
            Ctrl-C stops after the current step and keeps a checkpoint: `fovea train --resume RUN` continues it \
            exactly where it was.
            """)

    @Argument(help: "A folder of class folders (optionally split into train/ val/ test/), or a folder of IDX files.")
    var data: String?

    @Option(help: "A YAML file of train options; options given here override it.") var config: String?
    @Option(help: "Continue the stopped run in this folder from its checkpoint.") var resume: String?
    @Option(help: "Architecture (see `fovea models`; default convnet-bn).") var arch: String?
    @Option(help: "Epochs (default 3).") var epochs: Int?
    @Option(name: .customLong("batch-size"), help: "Images per batch (default 64).") var batchSize: Int?
    @Option(help: "Learning rate, the peak rate with the one-cycle schedule (default 3e-3).") var lr: Double?
    @Option(help: "adam, adamw or sgd (default adam).") var optimizer: String?
    @Option(help: "onecycle, cosine, constant or plateau (default onecycle).") var schedule: String?
    @Option(name: .customLong("weight-decay")) var weightDecay: Double?
    @Option(name: .customLong("label-smoothing")) var labelSmoothing: Double?
    @Option(help: "Fraction of the training images held out for validation (default 0.1).") var valid: Double?
    @Option(help: "Image side in pixels for image folders (IDX data keeps its size).") var size: Int?
    @Option(help: "1 for grayscale, 3 for colour (image folders; default 3).") var channels: Int?
    @Flag(inversion: .prefixedNo, help: "Augment with random horizontal flips.") var flip: Bool?
    @Option(name: .customLong("shift"), help: "Augment with random shifts of up to this many pixels.") var shift: Int?
    @Flag(inversion: .prefixedNo, help: "Augment with random vertical flips.") var vflip: Bool?
    @Option(help: "Augment with random rotations of up to this many degrees either way.") var rotate: Double?
    @Option(help: "Augment with random zooms by a factor in 1 ± this (e.g. 0.1).") var zoom: Double?
    @Option(help: "Augment with random shears of up to this many degrees.") var shear: Double?
    @Option(help: "Augment with random moves of up to this fraction of the size (e.g. 0.1).") var translate: Double?
    @Option(help: "What rotations, zooms and moves show outside the image: constant (black), nearest or reflect.")
    var fill: String?
    @Option(name: .customLong("crop-scale"), help: "Augment with random resized crops of at least this fraction of the area.")
    var cropScale: Double?
    @Option(help: "Augment with random brightness, contrast and saturation changes of up to ± this (e.g. 0.2).")
    var jitter: Double?
    @Option(help: "Augment with random hue turns of up to ± this fraction of the colour circle (at most 0.5).") var hue: Double?
    @Option(help: "Seed for initialisation, shuffling, splits and augmentation (default 0).") var seed: UInt64?
    @Option(help: "The run folder to write (default runs/ARCH-SEED).") var out: String?
    @Option(name: .customLong("early-stopping"), help: "Stop after this many epochs without improvement; keep the best weights.")
    var earlyStopping: Int?
    @Option(help: "What early stopping, the best weights and the plateau schedule watch: valid_loss or valid_accuracy.")
    var monitor: String?
    @Option(name: .customLong("clip-grad"), help: "Clip the gradients' global norm to this.") var clipGrad: Double?
    @Option(help: "Accumulate the gradients of this many batches per step.") var accumulate: Int?
    @Option(name: .customLong("class-weights"), help: "balanced: weigh classes inversely to their frequency.")
    var classWeights: String?
    @Option(help: "Mixup with this alpha (e.g. 0.4).") var mixup: Double?
    @Option(help: "Use only the first N training images (and at most N validation and test images).") var limit: Int?
    @Option(help: "Transfer learning: pretrained weights (safetensors or PyTorch .pth) for the architecture.")
    var pretrained: String?
    @Option(help: "false: load only the pretrained weights that fit the architecture, listing the rest (default true).")
    var strict: Bool?
    @Option(help: "Transfer learning: the new head: linear, two-layer, two-layer-dropout, fastai or conv.")
    var head: String?
    @Option(name: .customLong("fine-tune"), help: "F,E: F epochs on the head with the body frozen, then E epochs of all.")
    var fineTune: String?
    @Flag(help: "Transfer learning: keep the body frozen and train only the head for --epochs.") var freeze = false
    @Flag(name: .customLong("cache-features"), help: "Compute the frozen body's features once and train the head on them.")
    var cacheFeatures = false
    @Flag(help: "JSON lines instead of a progress bar.") var json = false

    /// The options given on the command line.
    var commandLine: TrainSettings {
        var settings = TrainSettings(
            data: data, arch: arch, epochs: epochs, batchSize: batchSize, lr: lr, optimizer: optimizer, schedule: schedule,
            weightDecay: weightDecay, labelSmoothing: labelSmoothing, valid: valid, size: size, channels: channels,
            flip: flip, shift: shift, seed: seed, out: out, earlyStopping: earlyStopping, monitor: monitor,
            clipGrad: clipGrad, accumulate: accumulate, classWeights: classWeights, mixup: mixup, limit: limit,
            pretrained: pretrained, head: head, fineTune: fineTune, freeze: freeze ? true : nil,
            cacheFeatures: cacheFeatures ? true : nil, strict: strict)
        (settings.vflip, settings.rotate, settings.zoom, settings.shear) = (vflip, rotate, zoom, shear)
        (settings.translate, settings.fill, settings.cropScale, settings.jitter, settings.hue) =
            (translate, fill, cropScale, jitter, hue)
        return settings
    }

    func validate() throws {
        try commandLine.validate()
    }

    /// The settings to train with and the run folder: the config file overridden by the command line, or, when
    /// resuming, the run's own settings (which the options given must agree with).
    func effectiveSettings() throws -> (settings: TrainSettings, output: URL) {
        var given = try config.map { try TrainSettings.load(from: URL(fileURLWithPath: $0)) } ?? TrainSettings()
        given = given.overridden(by: commandLine)
        guard let resume else {
            let settings = try given.resolved()
            return (settings, URL(fileURLWithPath: settings.outputPath))
        }
        guard out == nil else { throw ValidationError("--out cannot be combined with --resume: the run stays in its folder") }
        let run = URL(fileURLWithPath: resume)
        let savedFile = RunFolder(run).settingsFile
        guard FileManager.default.fileExists(atPath: savedFile.path) else {
            throw ValidationError("cannot resume \(run.path): it has no run.yaml (not a run of `fovea train`, or not a run)")
        }
        let saved = try TrainSettings.load(from: savedFile)
        let conflicts = given.conflicts(with: saved)
        guard conflicts.isEmpty else {
            throw ValidationError(
                "cannot resume \(run.path): it was trained with other settings: \(conflicts.joined(separator: ", ")); "
                    + "start a new run with --out instead")
        }
        return (try saved.resolved(), run)
    }

    func run() throws {
        let (settings, output) = try effectiveSettings()
        let style: ProgressReporter.Style = json || isatty(STDERR_FILENO) == 0 ? .jsonLines : .bar
        var job = TrainingJob(
            configuration: try settings.runConfiguration(), output: output, progress: style, resume: resume != nil)
        job.runFiles = [RunFolder(output).settingsFile.lastPathComponent: Data(try settings.yaml().utf8)]
        let forwarding = InterruptForwarding(to: job.interruption)
        defer { forwarding.cancel() }
        let result = try job.run { message in Console.info(message, json: json) }
        if let reason = result.stopReason { Console.info("stopped early: \(reason)", json: json) }
        if let epoch = result.bestEpoch { Console.info("kept the weights of epoch \(epoch), the best", json: json) }
        if let test = result.test {
            Console.printEvaluation(test, json: json)
        }
        Console.info(String(format: "run saved to %@ (%.1f s)", output.path, result.seconds), json: json)
        if result.interrupted {
            Console.info("continue it with: fovea train --resume \(output.path)", json: json)
            throw ExitCode(130)
        }
    }
}
