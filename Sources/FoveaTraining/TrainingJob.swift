import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor

/// One complete `fovea train`: load and split the data, build the model, train, save the run, evaluate on the test
/// part when there is one.
public struct TrainingJob {
    public var configuration: RunConfiguration
    public var output: URL
    public var progress: ProgressReporter.Style

    public init(configuration: RunConfiguration, output: URL, progress: ProgressReporter.Style) {
        self.configuration = configuration
        self.output = output
        self.progress = progress
    }

    public struct Result: Sendable {
        public var history: [EpochRecord]
        public var test: Evaluation?
        public var stopReason: String?
        public var seconds: Double
    }

    /// Validates the settings that do not need the data.
    public static func validate(_ configuration: RunConfiguration) throws {
        _ = try Architectures.named(configuration.architecture)
        guard configuration.epochs > 0 else { throw RunError("--epochs must be positive, got \(configuration.epochs)") }
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
        guard ["onecycle", "constant", "cosine"].contains(configuration.schedule) else {
            throw RunError("--schedule must be onecycle, constant or cosine, got \(configuration.schedule)")
        }
    }

    /// Runs the job with libtorch's generator seeded from the configuration and held for the job's duration.
    public func run(log: @escaping (String) -> Void) throws -> Result {
        try withSeed(configuration.seed) { try train(log: log) }
    }

    private func train(log: @escaping (String) -> Void) throws -> Result {
        var configuration = configuration
        try TrainingJob.validate(configuration)
        let started = Date()
        let architecture = try Architectures.named(configuration.architecture)
        let splits = try DataSplits.load(
            URL(fileURLWithPath: configuration.data), size: configuration.input.height,
            channels: configuration.input.channels == 0 ? nil : configuration.input.channels,
            validationFraction: configuration.validationFraction, seed: configuration.seed, progress: log)
        let train = splits.train
        guard train.count > 0 else { throw DatasetError.empty(configuration.data, "has no training images") }
        configuration.classes = train.classes
        configuration.input = InputSpec(channels: train.channels, height: train.height, width: train.width)
        configuration.normalization = try Normalization.fitted(to: train)
        log("data: \(train.count) train, \(splits.validation?.count ?? 0) validation, \(splits.test?.count ?? 0) test images; "
            + "\(train.classes.count) classes; \(train.channels)×\(train.height)×\(train.width)")

        let model = try architecture.build(configuration.input, train.classes.count)
        log("model: \(architecture.name), \(model.parameterCount) parameters")

        let trainLoader = try BatchLoader(
            data: train, batchSize: configuration.batchSize, shuffle: true, normalization: configuration.normalization,
            augmentation: configuration.augmentation, seed: configuration.seed, dropLast: train.count > configuration.batchSize)
        let validationLoader = try splits.validation.map {
            try BatchLoader(data: $0, batchSize: 512, shuffle: false, normalization: configuration.normalization)
        }
        let optimizer = try makeOptimizer(configuration, parameters: model.parameters)
        let run = RunFolder(output)
        try run.create()
        try run.save(configuration: configuration)
        let learner = try Learner(
            model: model, train: trainLoader, validation: validationLoader, optimizer: optimizer,
            loss: LossConfiguration(labelSmoothing: configuration.labelSmoothing),
            callbacks: [ProgressReporter(style: progress), SaveEachEpoch(run: run, architecture: architecture.name)])
        switch configuration.schedule {
        case "onecycle":
            try learner.fitOneCycle(epochs: configuration.epochs, maxRate: configuration.learningRate)
        case "cosine":
            let schedule = CosineAnnealing(optimizer: optimizer, period: configuration.epochs * trainLoader.batchCount)
            learner.add(ScheduleStepper(schedule: schedule))
            try learner.fit(epochs: configuration.epochs)
        default:
            try learner.fit(epochs: configuration.epochs)
        }
        // A run stopped by a diverging loss keeps the weights of its last complete epoch.
        if learner.stopReason == nil { try run.save(model: model, architecture: architecture.name) }
        try run.save(history: learner.history)

        var test: Evaluation?
        if let testData = splits.test {
            let loader = try BatchLoader(data: testData, batchSize: 512, shuffle: false, normalization: configuration.normalization)
            let evaluation = try learner.evaluate(loader)
            try run.save(evaluation: evaluation)
            test = evaluation
        }
        return Result(history: learner.history, test: test, stopReason: learner.stopReason, seconds: Date().timeIntervalSince(started))
    }

    private func makeOptimizer(_ configuration: RunConfiguration, parameters: [Tensor]) throws -> any Optimizer {
        switch configuration.optimizer {
        case "sgd":
            return try SGD(parameters: parameters, learningRate: configuration.learningRate, momentum: 0.9,
                           weightDecay: configuration.weightDecay)
        case "adamw":
            return try Adam.adamW(parameters: parameters, learningRate: configuration.learningRate,
                                  weightDecay: configuration.weightDecay)
        default:
            return try Adam(parameters: parameters, learningRate: configuration.learningRate,
                            weightDecay: configuration.weightDecay)
        }
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
