import Foundation
import FoveaData
import FoveaNN
import FoveaOptim
import FoveaTensor

/// What the learner minimises.
public struct LossConfiguration: Sendable, Codable, Equatable {
    public var labelSmoothing: Double
    /// A weight per class (e.g. "balanced" weights for skewed data), or nil.
    public var classWeights: [Double]?

    public init(labelSmoothing: Double = 0, classWeights: [Double]? = nil) {
        self.labelSmoothing = labelSmoothing
        self.classWeights = classWeights
    }
}

/// Trains a classifier: runs epochs over the training batches, validates, and tells callbacks every step.
///
/// ```swift
/// let learner = try Learner(model: model, train: trainBatches, validation: validBatches,
///                           optimizer: Adam(parameters: model.parameters))
/// try learner.fitOneCycle(epochs: 3, maxRate: 3e-3)
/// ```
public final class Learner {
    public let model: any Module
    public let train: BatchLoader
    public let validation: BatchLoader?
    public let optimizer: any Optimizer
    public let loss: LossConfiguration
    public private(set) var callbacks: [any Callback]

    // The loop's state, readable by callbacks.
    public internal(set) var epoch = 0
    public internal(set) var epochCount = 0
    public internal(set) var batchIndex = 0
    public internal(set) var lastLoss: Double = .nan
    public internal(set) var history: [EpochRecord] = []
    public internal(set) var stopReason: String?
    /// The epoch to start from (set when resuming from a checkpoint).
    public var startEpoch = 0
    var epochScore = RunningScore()
    private var classWeightTensor: Tensor?

    public init(
        model: any Module, train: BatchLoader, validation: BatchLoader?, optimizer: any Optimizer,
        loss: LossConfiguration = LossConfiguration(), callbacks: [any Callback] = []
    ) throws {
        self.model = model
        self.train = train
        self.validation = validation
        self.optimizer = optimizer
        self.loss = loss
        self.callbacks = callbacks.sorted { $0.order < $1.order }
        if let weights = loss.classWeights {
            guard weights.count == train.data.classes.count else {
                throw DatasetError.mismatch("\(weights.count) class weights for \(train.data.classes.count) classes")
            }
            classWeightTensor = try Tensor(weights.map(Float.init))
        }
    }

    public func add(_ callback: any Callback) {
        callbacks.append(callback)
        callbacks.sort { $0.order < $1.order }
    }

    private func emit(_ event: TrainingEvent) throws {
        for callback in callbacks { try callback.handle(event, learner: self) }
    }

    func lossValue(logits: Tensor, labels: Tensor) throws -> Tensor {
        try logits.crossEntropy(target: labels, classWeights: classWeightTensor, labelSmoothing: loss.labelSmoothing)
    }

    /// Trains for `epochs` epochs at the optimizer's current rates (callbacks may schedule them).
    public func fit(epochs: Int) throws {
        guard epochs > 0 else { throw DatasetError.mismatch("epochs must be positive, got \(epochs)") }
        guard train.batchCount > 0 else { throw DatasetError.empty("training set", "has no complete batch") }
        epochCount = epochs
        stopReason = nil
        try emit(.beforeFit)
        defer { try? emit(.afterFit) }
        do {
            for current in startEpoch..<epochs {
                epoch = current
                try runEpoch()
            }
        } catch TrainingControl.stopTraining(let reason) {
            stopReason = reason
        }
    }

    /// fastai's `fit_one_cycle`: a one-cycle schedule (warm-up then cosine annealing) stepped every batch.
    public func fitOneCycle(epochs: Int, maxRate: Double) throws {
        let schedule = try OneCycle(
            optimizer: optimizer, maxRates: optimizer.groups.map { _ in maxRate }, totalSteps: epochs * train.batchCount)
        let stepper = ScheduleStepper(schedule: schedule)
        add(stepper)
        defer { callbacks.removeAll { $0 === stepper } }
        try fit(epochs: epochs)
    }

    private func runEpoch() throws {
        let started = Date()
        model.setTraining(true)
        epochScore = RunningScore()
        try emit(.beforeEpoch)
        let order = train.order(epoch: epoch)
        for index in 0..<train.batchCount {
            batchIndex = index
            let batch = try train.batch(index, epoch: epoch, order: order)
            do {
                try emit(.beforeBatch)
                let logits = try model(batch.images)
                let lossTensor = try lossValue(logits: logits, labels: batch.labels)
                lastLoss = Double(try lossTensor.scalar(Float.self))
                guard lastLoss.isFinite else {
                    throw TrainingControl.stopTraining(reason: "loss became \(lastLoss) at epoch \(epoch + 1), batch \(index + 1)")
                }
                try withNoGrad { try epochScore.add(loss: lastLoss, logits: logits, labels: batch.labels) }
                try emit(.afterLoss)
                try optimizer.zeroGrad()
                try lossTensor.backward()
                try emit(.afterBackward)
                try optimizer.step()
                try emit(.afterStep)
            } catch TrainingControl.skipBatch {
                continue
            }
            try emit(.afterBatch)
        }
        var record = EpochRecord(
            epoch: epoch + 1, trainLoss: epochScore.loss, trainAccuracy: epochScore.accuracy, validationLoss: nil,
            validationAccuracy: nil, learningRate: optimizer.groups.first?.learningRate ?? 0, seconds: 0)
        if let validation {
            try emit(.beforeValidation)
            let result = try evaluate(validation)
            record.validationLoss = result.loss
            record.validationAccuracy = result.accuracy
            try emit(.afterValidation)
        }
        record.seconds = Date().timeIntervalSince(started)
        history.append(record)
        try emit(.afterEpoch)
    }

    /// Loss, accuracy and confusion matrix of the model (in evaluation mode) on `loader`.
    public func evaluate(_ loader: BatchLoader) throws -> Evaluation {
        try Learner.evaluate(model: model, loader: loader, lossOf: lossValue)
    }

    /// Evaluates any classifier on a loader with plain cross-entropy.
    public static func evaluate(model: any Module, loader: BatchLoader) throws -> Evaluation {
        try evaluate(model: model, loader: loader) { try $0.crossEntropy(target: $1) }
    }

    static func evaluate(
        model: any Module, loader: BatchLoader, lossOf: (Tensor, Tensor) throws -> Tensor
    ) throws -> Evaluation {
        let classes = loader.data.classes
        model.setTraining(false)
        defer { model.setTraining(true) }
        var score = RunningScore()
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: classes.count)
        try withNoGrad {
            for index in 0..<loader.batchCount {
                let batch = try loader.batch(index, epoch: 0)
                let logits = try model(batch.images)
                let loss = Double(try lossOf(logits, batch.labels).scalar(Float.self))
                try score.add(loss: loss, logits: logits, labels: batch.labels)
                let predicted = try logits.argmax(dim: 1).toArray(Int64.self)
                let actual = try batch.labels.toArray(Int64.self)
                for (truth, guess) in zip(actual, predicted) { confusion[Int(truth)][Int(guess)] += 1 }
            }
        }
        return Evaluation(classes: classes, count: score.count, loss: score.loss, accuracy: score.accuracy, confusion: confusion)
    }
}

/// Steps a per-batch learning-rate schedule after every optimizer step.
final class ScheduleStepper: Callback {
    let schedule: any LearningRateSchedule
    init(schedule: any LearningRateSchedule) { self.schedule = schedule }

    func handle(_ event: TrainingEvent, learner: Learner) throws {
        if event == .afterStep { try schedule.step(optimizer: learner.optimizer) }
    }
}
