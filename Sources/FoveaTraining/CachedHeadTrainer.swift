import Foundation
import FoveaModels
import FoveaOptim
import FoveaTensor

/// Trains a ``TransferModel``'s head on ``CachedFeatures`` of its frozen body: each epoch is a pass of the head
/// alone over the cached rows, so it takes seconds. The head is the model's own module, trained in place, so the
/// model evaluates and predicts with it through the normal path afterwards.
///
/// Batches follow the training loader exactly as ``Learner`` does (its order for each epoch, batch size and
/// `dropLast`); epoch e reads copy e mod `copies.count`. Steps are plain: the learner's gradient clipping,
/// accumulation and mixup do not apply.
///
/// ```swift
/// try model.freeze()
/// let trainer = try CachedHeadTrainer(
///     model: model, train: CachedFeatures(model: model, loader: train),
///     validation: CachedFeatures(model: model, loader: validation),
///     optimizer: Adam(parameters: model.head.parameters))
/// try trainer.fitOneCycle(epochs: 10, maxRate: 1e-2)
/// let evaluation = try Learner.evaluate(model: model, loader: validation)
/// ```
public final class CachedHeadTrainer {
    public let model: TransferModel
    public let train: CachedFeatures
    public let validation: CachedFeatures?
    /// Steps the head's parameters; groups over other parameters are harmless (they get no gradients).
    public let optimizer: any Optimizer
    public let loss: LossConfiguration
    /// Stepped after every optimizer step.
    public var schedule: (any LearningRateSchedule)?
    /// Told of every finished epoch.
    public var onEpoch: ((EpochRecord) -> Void)?
    public private(set) var history: [EpochRecord] = []
    private let classWeights: Tensor?

    public init(
        model: TransferModel, train: CachedFeatures, validation: CachedFeatures?, optimizer: any Optimizer,
        loss: LossConfiguration = LossConfiguration()
    ) throws {
        self.model = model
        self.train = train
        self.validation = validation
        self.optimizer = optimizer
        self.loss = loss
        classWeights = try loss.classWeights.map { try Tensor($0.map(Float.init)) }
    }

    /// Caches the features of `learner`'s training (`augmentedCopies` copies) and validation loaders and trains
    /// with its optimizer and loss; the learner's model must be a ``TransferModel``.
    public convenience init(learner: Learner, augmentedCopies: Int = 1) throws {
        guard let model = learner.model as? TransferModel else {
            throw FineTuneError("training on cached features needs a TransferModel")
        }
        try self.init(
            model: model, train: CachedFeatures(model: model, loader: learner.train, augmentedCopies: augmentedCopies),
            validation: learner.validation.map { try CachedFeatures(model: model, loader: $0) },
            optimizer: learner.optimizer, loss: learner.loss)
    }

    public var stepsPerEpoch: Int { train.loader.batchCount }

    /// Trains for `epochs` epochs at the optimizer's rates (or the ``schedule``'s); the records give the last
    /// (head) group's rate.
    /// - Throws: ``FineTuneError`` when the loss stops being finite.
    public func fit(epochs: Int) throws {
        guard stepsPerEpoch > 0 else { throw FineTuneError("the training set has no complete batch") }
        for epoch in 0..<epochs {
            let started = Date()
            model.head.setTraining(true)
            let features = train.copies[epoch % train.copies.count]
            let order = train.loader.order(epoch: epoch)
            let batchSize = train.loader.batchSize
            var score = RunningScore()
            for batch in 0..<stepsPerEpoch {
                let rows = order[(batch * batchSize)..<Swift.min((batch + 1) * batchSize, order.count)]
                let index = try Tensor(rows.map(Int64.init))
                let labels = try train.labels.indexSelect(dim: 0, index: index)
                let logits = try model.head(features.indexSelect(dim: 0, index: index))
                let lossTensor = try lossValue(logits, labels)
                let value = Double(try lossTensor.scalar(Float.self))
                guard value.isFinite else {
                    throw FineTuneError("the head's loss became \(value) at epoch \(epoch + 1), batch \(batch + 1)")
                }
                try optimizer.zeroGrad()
                try lossTensor.backward()
                try optimizer.step()
                try schedule?.step(optimizer: optimizer)
                try withNoGrad { try score.add(loss: value, logits: logits, labels: labels) }
            }
            var record = EpochRecord(
                epoch: epoch + 1, trainLoss: score.loss, trainAccuracy: score.accuracy, validationLoss: nil,
                validationAccuracy: nil, learningRate: optimizer.groups.last?.learningRate ?? 0, seconds: 0)
            if let validation {
                let result = try evaluate(validation)
                record.validationLoss = result.loss
                record.validationAccuracy = result.accuracy
            }
            record.seconds = Date().timeIntervalSince(started)
            history.append(record)
            onEpoch?(record)
        }
    }

    /// Sets ``schedule`` to one cycle peaking at `maxRate` for every group (``Learner/fitOneCycle(epochs:maxRate:)``'s
    /// shape), then fits.
    public func fitOneCycle(epochs: Int, maxRate: Double) throws {
        schedule = try OneCycle(
            optimizer: optimizer, maxRates: optimizer.groups.map { _ in maxRate }, totalSteps: epochs * stepsPerEpoch)
        try fit(epochs: epochs)
    }

    /// Loss, accuracy and confusion matrix of the head (in evaluation mode) on cached features (the first copy).
    public func evaluate(_ cached: CachedFeatures) throws -> Evaluation {
        let classes = cached.loader.data.classes
        model.head.setTraining(false)
        defer { model.head.setTraining(true) }
        var score = RunningScore()
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: classes.count)
        let features = cached.copies[0]
        let batchSize = cached.loader.batchSize
        try withNoGrad {
            for start in stride(from: 0, to: cached.count, by: batchSize) {
                let length = Swift.min(batchSize, cached.count - start)
                let labels = try cached.labels.narrowed(dim: 0, start: start, length: length)
                let logits = try model.head(features.narrowed(dim: 0, start: start, length: length))
                try score.add(loss: Double(try lossValue(logits, labels).scalar(Float.self)), logits: logits, labels: labels)
                let predicted = try logits.argmax(dim: 1).toArray(Int64.self)
                for (truth, guess) in zip(try labels.toArray(Int64.self), predicted) {
                    confusion[Int(truth)][Int(guess)] += 1
                }
            }
        }
        return Evaluation(
            classes: classes, count: score.count, loss: score.loss, accuracy: score.accuracy, confusion: confusion)
    }

    private func lossValue(_ logits: Tensor, _ labels: Tensor) throws -> Tensor {
        try logits.crossEntropy(target: labels, classWeights: classWeights, labelSmoothing: loss.labelSmoothing)
    }
}
