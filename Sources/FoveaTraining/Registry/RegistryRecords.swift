import Foundation
import GRDB

/// One run in the registry: table `run`, keyed by the run folder's standardized absolute path.
public struct RegisteredRun: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "run"

    /// The run folder's path.
    public var id: String
    /// The run folder's name, what the commands show and accept.
    public var name: String
    public var architecture: String
    public var data: String
    /// ``DatasetFingerprint`` of the data when the run (last) started; nil when it could not be listed.
    public var datasetFingerprint: String?
    /// The full ``RunConfiguration`` as JSON with sorted keys.
    public var configuration: String
    public var status: RunStatus
    public var stopReason: String?
    public var startedAt: Date
    public var finishedAt: Date?
    /// Seconds spent training, summed over the sessions of a resumed run.
    public var wallSeconds: Double?
    /// Epochs completed, and planned (frozen epochs of fine-tuning included).
    public var epochs: Int
    public var plannedEpochs: Int
    public var bestValidationAccuracy: Double?
    public var bestValidationLoss: Double?
    public var finalValidationAccuracy: Double?
    public var finalValidationLoss: Double?
    public var testAccuracy: Double?
    public var testLoss: Double?

    /// The configuration decoded, or nil when it is not a readable ``RunConfiguration``.
    public var runConfiguration: RunConfiguration? {
        try? JSONDecoder().decode(RunConfiguration.self, from: Data(configuration.utf8))
    }

    /// Sets the epoch count and the validation summaries from the run's history.
    mutating func summarize(_ history: [EpochRecord]) {
        epochs = history.count
        let accuracies = history.compactMap(\.validationAccuracy).filter(\.isFinite)
        let losses = history.compactMap(\.validationLoss).filter(\.isFinite)
        bestValidationAccuracy = accuracies.max()
        bestValidationLoss = losses.min()
        finalValidationAccuracy = history.last?.validationAccuracy
        finalValidationLoss = history.last?.validationLoss
    }
}

/// One epoch of a run: table `epoch`, keyed by run and epoch (from 1).
public struct RegisteredEpoch: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "epoch"

    public var runId: String
    public var epoch: Int
    public var trainLoss: Double
    public var trainAccuracy: Double
    public var validationLoss: Double?
    public var validationAccuracy: Double?
    public var learningRate: Double
    public var seconds: Double

    public init(runId: String, record: EpochRecord) {
        self.runId = runId
        epoch = record.epoch
        trainLoss = record.trainLoss
        trainAccuracy = record.trainAccuracy
        validationLoss = record.validationLoss
        validationAccuracy = record.validationAccuracy
        learningRate = record.learningRate
        seconds = record.seconds
    }

    /// The row as the run's history has it.
    public var record: EpochRecord {
        EpochRecord(
            epoch: epoch, trainLoss: trainLoss, trainAccuracy: trainAccuracy, validationLoss: validationLoss,
            validationAccuracy: validationAccuracy, learningRate: learningRate, seconds: seconds)
    }
}

/// A file a run wrote: table `artifact`, keyed by run and kind.
public struct RegisteredArtifact: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "artifact"

    public var runId: String
    /// weights, best, checkpoint, config, classes, history, history-csv, history-jsonl, settings or evaluation.
    public var kind: String
    public var path: String
    public var bytes: Int
}
