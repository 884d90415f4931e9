import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaTensor

/// Everything needed to rebuild and retrain a model, saved as `config.json` in the run folder.
public struct RunConfiguration: Codable, Sendable, Equatable {
    public var architecture: String
    public var data: String
    public var input: InputSpec
    public var classes: [String]
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Double
    public var optimizer: String
    public var schedule: String
    public var weightDecay: Double
    public var labelSmoothing: Double
    public var validationFraction: Double
    public var seed: UInt64
    public var normalization: Normalization
    public var augmentation: Augmentation
    /// Train on the first `limit` training images only (and at most that many validation and test images).
    public var limit: Int?
    /// Stop after this many epochs without improvement of ``monitor``, keeping the best weights; nil: never.
    public var earlyStoppingPatience: Int?
    /// The validation metric that early stopping, the best weights and the plateau schedule watch
    /// (nil: validation loss).
    public var monitor: MonitoredMetric?
    /// "balanced" for scikit-learn's balanced class weights; nil for none.
    public var classWeights: String?
    public var gradientClipNorm: Double?
    /// Batches per optimizer step (nil: 1).
    public var accumulationSteps: Int?
    public var mixupAlpha: Double?
    /// Transfer learning: weights (safetensors or `.pth`) for the architecture's body, loaded by their own names.
    public var pretrained: String?
    /// Transfer learning: the new head's design (see `HeadDesign(named:)`); nil with `pretrained` means linear.
    public var head: String?
    /// Transfer learning: train only the head for this many epochs, then the whole network for `epochs`
    /// (fastai's `fine_tune`); nil trains the whole network from the start.
    public var frozenEpochs: Int?
    /// Transfer learning: train the head on body features computed once (frozen epochs only).
    public var cacheFeatures: Bool?
    /// Transfer learning: false loads the pretrained entries that fit the architecture and skips the rest
    /// (nil or true: any mismatch is an error).
    public var strictWeights: Bool?

    public init(
        architecture: String, data: String, input: InputSpec, classes: [String], epochs: Int, batchSize: Int,
        learningRate: Double, optimizer: String, schedule: String, weightDecay: Double, labelSmoothing: Double,
        validationFraction: Double, seed: UInt64, normalization: Normalization, augmentation: Augmentation,
        limit: Int? = nil, earlyStoppingPatience: Int? = nil, monitor: MonitoredMetric? = nil, classWeights: String? = nil,
        gradientClipNorm: Double? = nil, accumulationSteps: Int? = nil, mixupAlpha: Double? = nil,
        pretrained: String? = nil, head: String? = nil, frozenEpochs: Int? = nil, cacheFeatures: Bool? = nil,
        strictWeights: Bool? = nil
    ) {
        self.architecture = architecture
        self.data = data
        self.input = input
        self.classes = classes
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.schedule = schedule
        self.weightDecay = weightDecay
        self.labelSmoothing = labelSmoothing
        self.validationFraction = validationFraction
        self.seed = seed
        self.normalization = normalization
        self.augmentation = augmentation
        self.limit = limit
        self.earlyStoppingPatience = earlyStoppingPatience
        self.monitor = monitor
        self.classWeights = classWeights
        self.gradientClipNorm = gradientClipNorm
        self.accumulationSteps = accumulationSteps
        self.mixupAlpha = mixupAlpha
        self.pretrained = pretrained
        self.head = head
        self.frozenEpochs = frozenEpochs
        self.cacheFeatures = cacheFeatures
        self.strictWeights = strictWeights
    }

    /// Whether the model is a pretrained body (or an architecture's body) under a new head.
    public var isTransfer: Bool { pretrained != nil || head != nil }

    /// A freshly built model of this configuration: the architecture, or for transfer learning its body under the
    /// configured head (with `loadingPretrained`, the pretrained body's weights loaded). Call inside `withSeed`.
    public func buildModel(loadingPretrained: Bool) throws -> any Module {
        let architecture = try Architectures.named(self.architecture)
        guard isTransfer else { return try architecture.build(input, classes.count) }
        return try TransferModel(
            architecture: architecture, input: input, classes: classes.count, head: HeadDesign(named: head ?? "linear"),
            pretrainedWeights: loadingPretrained ? pretrained.map { URL(fileURLWithPath: $0) } : nil,
            strict: strictWeights ?? true)
    }

    /// Clipping, accumulation and mixup as the learner takes them.
    public var trainingOptions: TrainingOptions {
        TrainingOptions(gradientClipNorm: gradientClipNorm, accumulationSteps: accumulationSteps ?? 1, mixupAlpha: mixupAlpha)
    }

    /// "name: other's value → this value" for every setting that differs from `other`.
    public func differences(from other: RunConfiguration) -> [String] {
        zip(Mirror(reflecting: self).children, Mirror(reflecting: other).children).compactMap { mine, theirs in
            let (now, before) = (describe(mine.value), describe(theirs.value))
            return now == before ? nil : "\(mine.label ?? "?"): \(before) → \(now)"
        }
    }

    private func describe(_ value: Any) -> String {
        // Optionals print as their value or "none" rather than "Optional(…)".
        if let optional = value as? any OptionalDescribing { return optional.describedValue }
        return String(describing: value)
    }
}

private protocol OptionalDescribing {
    var describedValue: String { get }
}

extension Optional: OptionalDescribing {
    var describedValue: String {
        switch self {
        case .some(let value): String(describing: value)
        case .none: "none"
        }
    }
}

/// A run folder: `config.json`, `classes.json`, `weights.safetensors`, `history.json` (also as `history.csv` and
/// `history.jsonl`), `checkpoint.safetensors`, `best.safetensors` with a validation set, `run.yaml` from the
/// command line and, once evaluated, `evaluation.json`.
public struct RunFolder: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url
    }

    var configFile: URL { url.appendingPathComponent("config.json") }
    var classesFile: URL { url.appendingPathComponent("classes.json") }
    public var weightsFile: URL { url.appendingPathComponent("weights.safetensors") }
    var historyFile: URL { url.appendingPathComponent("history.json") }
    var evaluationFile: URL { url.appendingPathComponent("evaluation.json") }
    /// The latest training checkpoint, written at the end of every epoch and when stopped.
    public var checkpointFile: URL { url.appendingPathComponent("checkpoint.safetensors") }
    /// The weights of the epoch with the best validation metric.
    public var bestWeightsFile: URL { url.appendingPathComponent("best.safetensors") }
    /// Per-epoch metrics as CSV and as JSON lines.
    public var csvLogFile: URL { url.appendingPathComponent("history.csv") }
    public var jsonLinesLogFile: URL { url.appendingPathComponent("history.jsonl") }
    /// The effective `fovea train` settings, as YAML.
    public var settingsFile: URL { url.appendingPathComponent("run.yaml") }

    /// Opens an existing run, checking that its files are there.
    public static func open(_ url: URL) throws -> RunFolder {
        let run = RunFolder(url)
        for file in [run.configFile, run.weightsFile] where !FileManager.default.fileExists(atPath: file.path) {
            throw RunError("\(url.path) is not a Fovea run: \(file.lastPathComponent) is missing")
        }
        return run
    }

    public func create() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func save(configuration: RunConfiguration) throws {
        try writeJSON(configuration, to: configFile)
        try writeJSON(configuration.classes, to: classesFile)
    }

    public func configuration() throws -> RunConfiguration { try readJSON(RunConfiguration.self, from: configFile) }

    public func save(history: [EpochRecord]) throws { try writeJSON(history, to: historyFile) }

    public func history() throws -> [EpochRecord] {
        FileManager.default.fileExists(atPath: historyFile.path) ? try readJSON([EpochRecord].self, from: historyFile) : []
    }

    public func save(evaluation: Evaluation) throws { try writeJSON(evaluation, to: evaluationFile) }

    /// The test evaluation saved by training or `fovea evaluate`.
    public func evaluation() throws -> Evaluation { try readJSON(Evaluation.self, from: evaluationFile) }

    /// Writes the model's `state_dict` (atomically) with the architecture in the file's metadata.
    public func save(model: any Module, architecture: String) throws {
        try SafeTensors.write(model.stateDictRecords(), metadata: ["architecture": architecture, "format": "fovea"], to: weightsFile)
    }

    /// Rebuilds the run's architecture and loads its weights, in evaluation mode.
    public func loadModel() throws -> (model: any Module, configuration: RunConfiguration) {
        let configuration = try configuration()
        let model = try withSeed(configuration.seed) { try configuration.buildModel(loadingPretrained: false) }
        try model.loadStateDict(SafeTensors.read(contentsOf: weightsFile))
        model.setTraining(false)
        return (model, configuration)
    }

    /// The run's model with the data to use it on — `data`, or the run's own — loaded and split as training did it.
    /// - Throws: ``RunError`` listing the classes that differ when the data is not the run's kind of data.
    public func loadModelAndData(
        _ data: URL? = nil
    ) throws -> (model: any Module, configuration: RunConfiguration, splits: DataSplits) {
        let (model, configuration) = try loadModel()
        let splits = try DataSplits.load(
            data ?? URL(fileURLWithPath: configuration.data), size: configuration.input.height,
            channels: configuration.input.channels, validationFraction: configuration.validationFraction,
            seed: configuration.seed)
        guard splits.classes == configuration.classes else {
            let missing = Set(configuration.classes).subtracting(splits.classes).sorted()
            let extra = Set(splits.classes).subtracting(configuration.classes).sorted()
            throw RunError("the data's classes differ from the run's: missing \(missing), not in the run \(extra)")
        }
        return (model, configuration, splits)
    }

    private func writeJSON<Value: Encodable>(_ value: Value, to file: URL) throws {
        try JSONFile.write(value, to: file)
    }

    private func readJSON<Value: Decodable>(_ type: Value.Type, from file: URL) throws -> Value {
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw RunError("\(file.path): cannot be read")
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw RunError("\(file.path): malformed (\(error))")
        }
    }
}

public struct RunError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The JSON files Fovea writes: sorted keys, indented, written atomically; NaN and infinities (which JSON lacks)
/// as the strings "nan", "inf" and "-inf".
public enum JSONFile {
    public static func encoded<Value: Encodable>(_ value: Value, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys] : [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(value)
    }

    public static func write<Value: Encodable>(_ value: Value, to file: URL) throws {
        try encoded(value).write(to: file, options: .atomic)
    }
}
