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
///
/// With a ``checkpointFile`` the learner writes a ``Checkpoint`` at the end of every epoch and when stopped;
/// ``restore(from:)`` followed by ``fit(epochs:)`` continues such a run bit for bit.
public final class Learner {
    public let model: any Module
    public let train: BatchLoader
    public let validation: BatchLoader?
    public let optimizer: any Optimizer
    public let loss: LossConfiguration
    public let options: TrainingOptions
    public private(set) var callbacks: [any Callback]
    /// A per-step learning-rate schedule, stepped after every optimizer step; ``fitOneCycle(epochs:maxRate:)`` sets it.
    public var schedule: (any LearningRateSchedule)?
    /// Raised from outside (Ctrl-C) to stop after the current optimizer step; the run stays resumable.
    public var interruption = Interruption()
    /// Where checkpoints go (atomically replaced); nil writes none.
    public var checkpointFile: URL?
    /// Free-form facts kept in checkpoints (architecture, settings), for checking a resume against.
    public var checkpointInfo: [String: String] = [:]

    // The loop's state, readable by callbacks.
    public internal(set) var epoch = 0
    public internal(set) var epochCount = 0
    public internal(set) var batchIndex = 0
    public internal(set) var lastLoss: Double = .nan
    public internal(set) var history: [EpochRecord] = []
    public internal(set) var stopReason: String?
    /// True when the last fit stopped because the loss stopped being finite.
    public internal(set) var diverged = false
    var epochScore = RunningScore()
    /// Where the next `fit` starts, set by ``restore(from:)``.
    var resumePoint: (epoch: Int, batch: Int)?
    /// The position that a checkpoint written now would resume from: the batch after the last optimizer step.
    var nextEpoch = 0
    var nextBatch = 0
    private var pendingStop: String?
    private var classWeightTensor: Tensor?
    private let mixUp: MixUp?

    public init(
        model: any Module, train: BatchLoader, validation: BatchLoader?, optimizer: any Optimizer,
        loss: LossConfiguration = LossConfiguration(), options: TrainingOptions = TrainingOptions(),
        callbacks: [any Callback] = []
    ) throws {
        try options.validate()
        self.model = model
        self.train = train
        self.validation = validation
        self.optimizer = optimizer
        self.loss = loss
        self.options = options
        self.callbacks = callbacks.sorted { $0.order < $1.order }
        mixUp = options.mixupAlpha.map { MixUp(alpha: $0, seed: train.seed) }
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

    /// Asks the loop to stop before the next batch (or after this epoch, when called at its end). For callbacks
    /// such as early stopping: the run counts as finished. Interruptions from outside go through ``interruption``.
    public func requestStop(reason: String) {
        if pendingStop == nil { pendingStop = reason }
    }

    /// Optimizer steps per epoch: batches divided by ``TrainingOptions/accumulationSteps``, rounded up.
    public var stepsPerEpoch: Int {
        (train.batchCount + options.accumulationSteps - 1) / options.accumulationSteps
    }

    private func emit(_ event: TrainingEvent) throws {
        for callback in callbacks { try callback.handle(event, learner: self) }
    }

    func lossValue(logits: Tensor, labels: Tensor) throws -> Tensor {
        try logits.crossEntropy(target: labels, classWeights: classWeightTensor, labelSmoothing: loss.labelSmoothing)
    }

    /// Trains for `epochs` epochs at the optimizer's current rates (a ``schedule`` or callbacks may change them),
    /// or, after ``restore(from:)``, for the epochs the checkpoint had left.
    public func fit(epochs: Int) throws {
        guard epochs > 0 else { throw DatasetError.mismatch("epochs must be positive, got \(epochs)") }
        guard train.batchCount > 0 else { throw DatasetError.empty("training set", "has no complete batch") }
        (nextEpoch, nextBatch) = resumePoint ?? (0, 0)
        resumePoint = nil
        epochCount = epochs
        stopReason = nil
        diverged = false
        pendingStop = nil
        try emit(.beforeFit)
        do {
            while nextEpoch < epochs {
                try runEpoch()
                if nextEpoch < epochs, let reason = pendingStop ?? interruption.reason {
                    throw TrainingControl.stopTraining(reason: reason)
                }
            }
        } catch TrainingControl.stopTraining(let reason) {
            stopReason = reason
        } catch {
            try? emit(.afterFit)
            throw error
        }
        // A diverged run keeps the checkpoint of its last good epoch.
        if stopReason != nil && !diverged {
            try writeCheckpoint(finished: nextEpoch == epochs || interruption.reason == nil)
        }
        try emit(.afterFit)
    }

    /// fastai's `fit_one_cycle`: sets ``schedule`` to a one-cycle schedule (warm-up then cosine annealing) over
    /// every optimizer step of the run, then fits.
    public func fitOneCycle(epochs: Int, maxRate: Double) throws {
        schedule = try OneCycle(
            optimizer: optimizer, maxRates: optimizer.groups.map { _ in maxRate }, totalSteps: epochs * stepsPerEpoch)
        try fit(epochs: epochs)
    }

    private func runEpoch() throws {
        epoch = nextEpoch
        let started = Date()
        model.setTraining(true)
        if nextBatch == 0 { epochScore = RunningScore() }
        try emit(.beforeEpoch)
        let order = train.order(epoch: epoch)
        let accumulation = options.accumulationSteps
        for index in nextBatch..<train.batchCount {
            let windowStart = index - index % accumulation
            if index == windowStart, let reason = pendingStop ?? interruption.reason {
                throw TrainingControl.stopTraining(reason: reason)
            }
            batchIndex = index
            let batch = try train.batch(index, epoch: epoch, order: order)
            do {
                try emit(.beforeBatch)
                let lossTensor = try forward(batch)
                try emit(.afterLoss)
                if index == windowStart { try optimizer.zeroGrad() }
                // Averaging over the window makes the summed gradients those of one batch that many times larger.
                let window = Swift.min(accumulation, train.batchCount - windowStart)
                try (window > 1 ? lossTensor / Double(window) : lossTensor).backward()
                try emit(.afterBackward)
                if index + 1 == windowStart + window {
                    try step()
                    nextBatch = index + 1
                    try emit(.afterStep)
                }
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
        (nextEpoch, nextBatch) = (epoch + 1, 0)
        try emit(.afterEpoch)
        try writeCheckpoint(finished: nextEpoch == epochCount)
    }

    /// The loss of one batch (mixed when mixup is on), with the running score and the divergence check.
    private func forward(_ batch: Batch) throws -> Tensor {
        let logits: Tensor
        let lossTensor: Tensor
        if let mixUp {
            let mixed = try mixUp.mix(images: batch.images, labels: batch.labels, epoch: epoch, batch: batchIndex)
            logits = try model(mixed.images)
            lossTensor = try lossValue(logits: logits, labels: mixed.labels) * mixed.lambda
                + lossValue(logits: logits, labels: mixed.partnerLabels) * (1 - mixed.lambda)
        } else {
            logits = try model(batch.images)
            lossTensor = try lossValue(logits: logits, labels: batch.labels)
        }
        lastLoss = Double(try lossTensor.scalar(Float.self))
        guard lastLoss.isFinite else {
            diverged = true
            throw TrainingControl.stopTraining(reason: "loss became \(lastLoss) at epoch \(epoch + 1), batch \(batchIndex + 1)")
        }
        try withNoGrad { try epochScore.add(loss: lastLoss, logits: logits, labels: batch.labels) }
        return lossTensor
    }

    /// Clips the gradients when asked, updates the weights and advances the schedule.
    func step() throws {
        if let maxNorm = options.gradientClipNorm {
            try GradientClipping.clipNorm(of: optimizer.groups.flatMap(\.parameters), maxNorm: maxNorm)
        }
        try optimizer.step()
        try schedule?.step(optimizer: optimizer)
    }

    private func writeCheckpoint(finished: Bool) throws {
        guard let checkpointFile else { return }
        try checkpoint(finished: finished).write(to: checkpointFile)
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
