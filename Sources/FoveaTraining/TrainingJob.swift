import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor

/// One complete `fovea train`: load and split the data, build the model, train (or continue a stopped run from its
/// checkpoint), save the run, evaluate on the test part when there is one.
public struct TrainingJob {
    public var configuration: RunConfiguration
    public var output: URL
    public var progress: ProgressReporter.Style
    /// Continue the run in `output` from its checkpoint instead of starting afresh.
    public var resume: Bool
    /// Raised from outside (Ctrl-C) to stop after the current step; the run keeps a checkpoint to resume from.
    public var interruption: Interruption
    /// Extra files (name and contents) written into a new run folder before training starts, such as the
    /// command line's settings.
    public var runFiles: [String: Data] = [:]
    /// The run registry to record the run in (``RunRegistry/defaultFile(forRun:)`` unless set); nil records nothing.
    /// Registry errors are logged as warnings and never stop training.
    public var registryFile: URL?

    public init(
        configuration: RunConfiguration, output: URL, progress: ProgressReporter.Style, resume: Bool = false,
        interruption: Interruption = Interruption()
    ) {
        self.configuration = configuration
        self.output = output
        self.progress = progress
        self.resume = resume
        self.interruption = interruption
        registryFile = RunRegistry.defaultFile(forRun: output)
    }

    public struct Result: Sendable {
        public var history: [EpochRecord]
        public var test: Evaluation?
        public var stopReason: String?
        /// Stopped by ``TrainingJob/interruption``: resumable, and not evaluated on the test part.
        public var interrupted: Bool
        /// The epoch (from 1) whose weights were kept by early stopping.
        public var bestEpoch: Int?
        public var seconds: Double
    }

    /// Validates the settings that do not need the data.
    public static func validate(_ configuration: RunConfiguration) throws {
        _ = try Architectures.named(configuration.architecture)
        // Fine-tuning counts frozen and unfrozen epochs apart; a frozen-only run has no unfrozen epoch.
        guard configuration.epochs > 0 || (configuration.frozenEpochs ?? 0) > 0 else {
            throw RunError("--epochs must be positive, got \(configuration.epochs)")
        }
        guard configuration.batchSize > 0 else { throw RunError("--batch-size must be positive, got \(configuration.batchSize)") }
        guard configuration.learningRate.isFinite, configuration.learningRate > 0 else {
            throw RunError("--lr must be a positive number, got \(configuration.learningRate)")
        }
        guard (0..<1).contains(configuration.validationFraction) else {
            throw RunError("--valid must be in [0, 1), got \(configuration.validationFraction)")
        }
        guard ["adam", "adamw", "sgd"].contains(configuration.optimizer) else {
            throw RunError("--optimizer must be adam, adamw or sgd, got \(configuration.optimizer)")
        }
        guard ["onecycle", "constant", "cosine", "plateau"].contains(configuration.schedule) else {
            throw RunError("--schedule must be onecycle, constant, cosine or plateau, got \(configuration.schedule)")
        }
        if let limit = configuration.limit, limit <= 0 { throw RunError("--limit must be positive, got \(limit)") }
        if let patience = configuration.earlyStoppingPatience, patience < 1 {
            throw RunError("--early-stopping must be at least 1 epoch, got \(patience)")
        }
        if let frozen = configuration.frozenEpochs {
            guard configuration.isTransfer else { throw RunError("--fine-tune and --freeze need --pretrained or --head") }
            guard frozen >= 0 else { throw RunError("--fine-tune must be at least 0 frozen epochs, got \(frozen)") }
        }
        if configuration.cacheFeatures == true, (configuration.frozenEpochs ?? 0) == 0 {
            throw RunError("--cache-features trains a frozen body's head: give --freeze or --fine-tune")
        }
        if let head = configuration.head { _ = try HeadDesign(named: head) }
        if let weights = configuration.classWeights, weights != "balanced" {
            throw RunError("--class-weights must be balanced, got \(weights)")
        }
        do {
            try configuration.trainingOptions.validate()
        } catch let error as RunError {
            throw RunError("invalid settings: \(error)")
        }
    }

    /// Runs the job with libtorch's generator seeded from the configuration and held for the job's duration.
    public func run(log: @escaping (String) -> Void) throws -> Result {
        let recording = RunRecording(registryFile: registryFile, run: RunFolder(output), warn: log)
        let started = Date()
        do {
            return try withSeed(configuration.seed) { try train(recording: recording, log: log) }
        } catch {
            recording.fail(error, seconds: Date().timeIntervalSince(started))
            throw error
        }
    }

    /// Sweeps the learning rate over the job's data and model (``Learner/findLearningRate(start:end:steps:smoothing:divergenceFactor:)``);
    /// trains nothing and writes no run.
    public func findLearningRate(
        start: Double = 1e-7, end: Double = 10, steps: Int = 100, log: @escaping (String) -> Void
    ) throws -> LearningRateCurve {
        try withSeed(configuration.seed) {
            try prepare(log: log).learner.findLearningRate(start: start, end: end, steps: steps)
        }
    }

    /// The data, model and learner of the job, before any callback.
    private struct Prepared {
        var configuration: RunConfiguration
        var learner: Learner
        var test: LabeledImages?
    }

    private func prepare(log: @escaping (String) -> Void) throws -> Prepared {
        var configuration = configuration
        try TrainingJob.validate(configuration)
        let architecture = try Architectures.named(configuration.architecture)
        let splits = try DataSplits.load(
            URL(fileURLWithPath: configuration.data), size: configuration.input.height,
            channels: configuration.input.channels == 0 ? nil : configuration.input.channels,
            validationFraction: configuration.validationFraction, seed: configuration.seed, progress: log)
        let train = try splits.train.first(configuration.limit)
        let validation = try splits.validation?.first(configuration.limit)
        let test = try splits.test?.first(configuration.limit)
        guard train.count > 0 else { throw DatasetError.empty(configuration.data, "has no training images") }
        if validation == nil, configuration.earlyStoppingPatience != nil || configuration.schedule == "plateau" {
            throw RunError("early stopping and the plateau schedule watch the validation set; this run has none (--valid 0)")
        }
        configuration.classes = train.classes
        configuration.input = InputSpec(channels: train.channels, height: train.height, width: train.width)
        if configuration.pretrained != nil, let published = architecture.normalization {
            // Pretrained weights expect the statistics they were trained with, not this data's.
            guard train.channels == published.mean.count else {
                throw RunError("\(architecture.name)'s pretrained weights take \(published.mean.count)-channel images; "
                    + "the data has \(train.channels) (use --channels \(published.mean.count))")
            }
            configuration.normalization = Normalization(mean: published.mean, std: published.std)
        } else {
            configuration.normalization = try Normalization.fitted(to: train)
        }
        log("data: \(train.count) train, \(validation?.count ?? 0) validation, \(test?.count ?? 0) test images; "
            + "\(train.classes.count) classes; \(train.channels)×\(train.height)×\(train.width)")

        let model = try configuration.buildModel(loadingPretrained: true)
        if let skipped = (model as? TransferModel)?.pretrainedMismatch,
            !(skipped.missing.isEmpty && skipped.unexpected.isEmpty && skipped.wrongShapes.isEmpty) {
            log("warning: loaded only the pretrained weights that fit; \(skipped)")
        }
        let headNote = configuration.isTransfer ? " with a new \(configuration.head ?? "linear") head" : ""
        log("model: \(architecture.name)\(headNote), \(model.parameterCount) parameters")
        let trainLoader = try BatchLoader(
            data: train, batchSize: configuration.batchSize, shuffle: true, normalization: configuration.normalization,
            augmentation: configuration.augmentation, seed: configuration.seed, dropLast: train.count > configuration.batchSize)
        let validationLoader = try validation.map {
            try BatchLoader(data: $0, batchSize: 512, shuffle: false, normalization: configuration.normalization)
        }
        let classWeights = configuration.classWeights == nil ? nil : try ClassWeights.balanced(for: train)
        let learner = try Learner(
            model: model, train: trainLoader, validation: validationLoader,
            optimizer: makeOptimizer(configuration, model: model),
            loss: LossConfiguration(labelSmoothing: configuration.labelSmoothing, classWeights: classWeights),
            options: configuration.trainingOptions)
        return Prepared(configuration: configuration, learner: learner, test: test)
    }

    private func train(recording: RunRecording, log: @escaping (String) -> Void) throws -> Result {
        let started = Date()
        let run = RunFolder(output)
        let checkpoint = resume ? try resumableCheckpoint(of: run, log: log) : nil
        let prepared = try prepare(log: log)
        let configuration = prepared.configuration
        let learner = prepared.learner
        let architecture = configuration.architecture
        learner.interruption = interruption
        learner.checkpointFile = run.checkpointFile
        learner.checkpointInfo = ["configuration": try configuration.sortedJSON()]
        let monitor = configuration.monitor ?? .validationLoss
        learner.add(ProgressReporter(style: progress))
        learner.add(SaveEachEpoch(run: run, architecture: architecture))
        learner.add(CSVLogger(file: run.csvLogFile))
        learner.add(JSONLinesLogger(file: run.jsonLinesLogFile))
        if learner.validation != nil {
            learner.add(SaveBest(file: run.bestWeightsFile, monitor: monitor, metadata: ["architecture": architecture, "format": "fovea"]))
        }
        let earlyStopping = try configuration.earlyStoppingPatience.map { try EarlyStopping(monitor: monitor, patience: $0) }
        if let earlyStopping { learner.add(earlyStopping) }
        let fineTuning = configuration.frozenEpochs.map {
            FineTuneSettings(
                epochs: configuration.epochs, frozenEpochs: $0, baseRate: configuration.learningRate,
                cachedCopies: configuration.cacheFeatures == true ? 1 : nil)
        }
        let totalSteps = configuration.epochs * learner.stepsPerEpoch
        // Fine-tuning brings its own one-cycle schedules, one per phase.
        switch fineTuning == nil ? configuration.schedule : "fine-tune" {
        case "onecycle":
            learner.schedule = try OneCycle(optimizer: learner.optimizer, maxRate: configuration.learningRate, totalSteps: totalSteps)
        case "cosine":
            learner.schedule = CosineAnnealing(optimizer: learner.optimizer, period: totalSteps)
        case "plateau":
            learner.add(try ReducePlateau(optimizer: learner.optimizer, monitor: monitor))
        default:
            break
        }

        if let checkpoint {
            let saved = try savedConfiguration(checkpoint, of: run)
            let differences = configuration.differences(from: saved)
            guard differences.isEmpty else {
                throw RunError("cannot resume \(run.url.path): its settings or data differ: " + differences.joined(separator: "; "))
            }
            if fineTuning == nil { try learner.restore(from: checkpoint) }
            let phase = fineTuning == nil ? "" : "the \(try FineTuning.phase(of: checkpoint).rawValue) run's "
            log("resuming at \(phase)epoch \(checkpoint.epoch + 1), batch \(checkpoint.batch + 1)")
        } else {
            try run.create()
            try run.save(configuration: configuration)
            for (name, contents) in runFiles { try contents.write(to: run.url.appendingPathComponent(name), options: .atomic) }
        }
        recording.start(configuration: configuration, history: learner.history, resumed: checkpoint != nil)
        learner.add(RegistryEpochRecorder(recording: recording))
        if let fineTuning {
            try learner.fineTune(fineTuning, resumingFrom: checkpoint) { record in
                log(String(format: "head epoch %d: train loss %.4f, valid accuracy %@", record.epoch, record.trainLoss,
                           record.validationAccuracy.map { String(format: "%.4f", $0) } ?? "—"))
            }
        } else {
            try learner.fit(epochs: configuration.epochs)
        }
        // A diverged run keeps the weights of its last complete epoch, unless early stopping restored better ones.
        if !learner.diverged || earlyStopping?.restoredEpoch != nil { try run.save(model: learner.model, architecture: architecture) }
        try run.save(history: learner.history)

        let interrupted = learner.stopReason != nil && interruption.reason != nil
        var test: Evaluation?
        if let testData = prepared.test, !interrupted {
            let loader = try BatchLoader(data: testData, batchSize: 512, shuffle: false, normalization: configuration.normalization)
            let evaluation = try learner.evaluate(loader)
            try run.save(evaluation: evaluation)
            test = evaluation
        }
        let status: RunStatus =
            interrupted ? .interrupted : learner.diverged ? .diverged : learner.stopReason != nil ? .stopped : .finished
        let seconds = Date().timeIntervalSince(started)
        recording.finish(status: status, stopReason: learner.stopReason, history: learner.history, test: test, seconds: seconds)
        return Result(
            history: learner.history, test: test, stopReason: learner.stopReason, interrupted: interrupted,
            bestEpoch: earlyStopping?.restoredEpoch, seconds: seconds)
    }

    /// The run's checkpoint, after checking it is one to continue and that it trains this architecture on this data;
    /// nil for a fine-tuning run stopped before its first checkpoint, which starts again (deterministically, so
    /// still bit for bit).
    private func resumableCheckpoint(of run: RunFolder, log: (String) -> Void) throws -> Checkpoint? {
        let fineTuning = configuration.frozenEpochs != nil
        guard FileManager.default.fileExists(atPath: run.checkpointFile.path) else {
            guard fineTuning else { throw RunError("cannot resume \(run.url.path): it has no checkpoint.safetensors") }
            log("\(run.url.path) stopped before its first checkpoint: fine-tuning starts again from the pretrained weights")
            return nil
        }
        let checkpoint = try Checkpoint.read(from: run.checkpointFile)
        let saved = try savedConfiguration(checkpoint, of: run)
        guard saved.architecture == configuration.architecture else {
            throw RunError("cannot resume \(run.url.path): it trains \(saved.architecture), not \(configuration.architecture)")
        }
        let savedData = URL(fileURLWithPath: saved.data).standardizedFileURL.path
        let data = URL(fileURLWithPath: configuration.data).standardizedFileURL.path
        guard savedData == data else {
            throw RunError("cannot resume \(run.url.path): it was trained on \(savedData), not \(data)")
        }
        // A complete frozen run is where the unfrozen one starts.
        let betweenRuns = fineTuning && configuration.epochs > 0 && checkpoint.info[FineTuning.phaseKey] == FineTuning.Phase.frozen.rawValue
        guard !checkpoint.finished || betweenRuns else {
            throw RunError("\(run.url.path) has finished training (\(checkpoint.history.count) epochs); nothing to resume")
        }
        return checkpoint
    }

    private func savedConfiguration(_ checkpoint: Checkpoint, of run: RunFolder) throws -> RunConfiguration {
        guard let json = checkpoint.info["configuration"],
            let saved = try? JSONDecoder().decode(RunConfiguration.self, from: Data(json.utf8))
        else { throw RunError("\(run.checkpointFile.path) holds no readable run configuration") }
        return saved
    }

    /// One parameter group for a plain model; one per body group and one for the head of a transfer model, so
    /// fine-tuning can give each its own rate. Momentum (SGD) and β₁ (Adam) are 0.9.
    private func makeOptimizer(_ configuration: RunConfiguration, model: any Module) throws -> any Optimizer {
        let rate = configuration.learningRate, decay = configuration.weightDecay
        let groups = try (model as? TransferModel)?.optimizerGroups(learningRate: rate, weightDecay: decay, momentum: 0.9)
            ?? [ParameterGroup(parameters: model.parameters, learningRate: rate, weightDecay: decay, momentum: 0.9)]
        switch configuration.optimizer {
        case "sgd": return try SGD(groups: groups)
        case "adamw": return try Adam(groups: groups, decoupledWeightDecay: true)
        default: return try Adam(groups: groups)
        }
    }
}

extension LabeledImages {
    /// The first `limit` images (all of them when nil or larger than the set).
    func first(_ limit: Int?) throws -> LabeledImages {
        guard let limit, limit < count else { return self }
        return try subset(Array(0..<limit))
    }
}

/// Saves weights and history after every epoch, so a stopped run keeps its last good state.
final class SaveEachEpoch: Callback {
    let run: RunFolder
    let architecture: String
    var order: Int { 50 }

    init(run: RunFolder, architecture: String) {
        self.run = run
        self.architecture = architecture
    }

    func handle(_ event: TrainingEvent, learner: Learner) throws {
        guard event == .afterEpoch else { return }
        try run.save(model: learner.model, architecture: architecture)
        try run.save(history: learner.history)
    }
}
