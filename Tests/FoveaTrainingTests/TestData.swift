import FoveaData
import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor
import FoveaTraining

/// Slices of Fashion-MNIST (Debian's `dataset-fashion-mnist`), loaded once for every suite.
enum TestData {
    /// The first 3,000 training images.
    static let first3000: LabeledImages = {
        let full = try! FashionMNIST.load(.train)
        return try! full.subset(Array(0..<3000))
    }()

    /// 512 images split 448/64, for the short trainings of the callback and checkpoint tests.
    static let small: (train: LabeledImages, validation: LabeledImages) = {
        let subset = try! first3000.subset(Array(0..<512))
        let (train, validation) = try! subset.stratifiedSplit(validationFraction: 0.125, seed: 0)
        return (train, validation)
    }()

    static let input = InputSpec(channels: 1, height: 28, width: 28)

    /// A learner of BaseNet (initialised from `seed`) on the small slice, with Adam.
    static func learner(
        seed: UInt64 = 0, rate: Double = 3e-3, batchSize: Int = 32, options: TrainingOptions = TrainingOptions(),
        callbacks: [any Callback] = []
    ) throws -> Learner {
        let model = try withSeed(seed) { try SeedNets.baseNet(input: input, classes: 10) }
        return try learner(model: model, optimizer: Adam(parameters: model.parameters, learningRate: rate), seed: seed,
                           batchSize: batchSize, options: options, callbacks: callbacks)
    }

    static func learner(
        model: any Module, optimizer: any Optimizer, seed: UInt64 = 0, batchSize: Int = 32,
        options: TrainingOptions = TrainingOptions(), callbacks: [any Callback] = []
    ) throws -> Learner {
        let normalization = try Normalization.fitted(to: small.train)
        return try Learner(
            model: model,
            train: BatchLoader(data: small.train, batchSize: batchSize, shuffle: true, normalization: normalization, seed: seed),
            validation: BatchLoader(data: small.validation, batchSize: 256, shuffle: false, normalization: normalization),
            optimizer: optimizer, options: options, callbacks: callbacks)
    }

    /// The model's state as flat float arrays, by name.
    static func weights(of model: any Module) throws -> [String: [Float]] {
        var result: [String: [Float]] = [:]
        for (name, tensor) in model.stateDict { result[name] = try tensor.converted(to: .float32).toArray(Float.self) }
        return result
    }

    static func weights(of records: [(name: String, record: TensorRecord)]) throws -> [String: [Float]] {
        var result: [String: [Float]] = [:]
        for (name, record) in records { result[name] = try Tensor(record).converted(to: .float32).toArray(Float.self) }
        return result
    }
}

/// Records the model's weights at the end of every epoch (before the checkpointing callbacks run).
final class WeightsRecorder: Callback {
    var byEpoch: [Int: [String: [Float]]] = [:]
    var order: Int { 10 }

    func handle(_ event: TrainingEvent, learner: Learner) throws {
        guard event == .afterEpoch, let record = learner.history.last else { return }
        byEpoch[record.epoch] = try TestData.weights(of: learner.model)
    }
}
