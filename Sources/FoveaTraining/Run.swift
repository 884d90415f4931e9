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

    public init(
        architecture: String, data: String, input: InputSpec, classes: [String], epochs: Int, batchSize: Int,
        learningRate: Double, optimizer: String, schedule: String, weightDecay: Double, labelSmoothing: Double,
        validationFraction: Double, seed: UInt64, normalization: Normalization, augmentation: Augmentation
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
    }
}

/// A run folder: `config.json`, `classes.json`, `weights.safetensors`, `history.json` and, once evaluated,
/// `evaluation.json`.
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

    /// Writes the model's `state_dict` (atomically) with the architecture in the file's metadata.
    public func save(model: any Module, architecture: String) throws {
        try SafeTensors.write(model.stateDictRecords(), metadata: ["architecture": architecture, "format": "fovea"], to: weightsFile)
    }

    /// Rebuilds the run's architecture and loads its weights, in evaluation mode.
    public func loadModel() throws -> (model: any Module, configuration: RunConfiguration) {
        let configuration = try configuration()
        let architecture = try Architectures.named(configuration.architecture)
        let model = try architecture.build(configuration.input, configuration.classes.count)
        try model.loadStateDict(SafeTensors.read(contentsOf: weightsFile))
        model.setTraining(false)
        return (model, configuration)
    }

    private func writeJSON<Value: Encodable>(_ value: Value, to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(value).write(to: file, options: .atomic)
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
