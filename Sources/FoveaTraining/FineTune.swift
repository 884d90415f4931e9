import Foundation
import FoveaModels
import FoveaOptim

/// fastai's `fine_tune`: a one-cycle run on the head with the body frozen, then one on the whole network at
/// discriminative rates (the first group `rateMultiplier` times slower than the head, geometrically between).
public struct FineTuneSettings: Sendable, Equatable {
    /// Epochs with every group unfrozen.
    public var epochs: Int
    /// Epochs on the head first (0 skips them).
    public var frozenEpochs: Int
    /// The head's peak rate while frozen; half of it is the head's peak once unfrozen.
    public var baseRate: Double
    /// How many times slower than the head the first group trains once unfrozen.
    public var rateMultiplier: Double
    /// Keep the frozen body's batch-norm weights and biases training (fastai's `train_bn`).
    public var trainBatchNorm: Bool
    /// Train the frozen epochs on cached body outputs (``CachedHeadTrainer``) with this many augmented copies of
    /// the training set; nil runs them through the body.
    public var cachedCopies: Int?

    public init(
        epochs: Int, frozenEpochs: Int = 1, baseRate: Double = 2e-3, rateMultiplier: Double = 100,
        trainBatchNorm: Bool = true, cachedCopies: Int? = nil
    ) {
        self.epochs = epochs
        self.frozenEpochs = frozenEpochs
        self.baseRate = baseRate
        self.rateMultiplier = rateMultiplier
        self.trainBatchNorm = trainBatchNorm
        self.cachedCopies = cachedCopies
    }

    /// Throws ``FineTuneError`` naming the first setting out of range.
    public func validate() throws {
        guard epochs >= 0, frozenEpochs >= 0, epochs + frozenEpochs > 0 else {
            throw FineTuneError("fine-tuning needs a positive number of epochs, got \(frozenEpochs) frozen and \(epochs)")
        }
        guard baseRate.isFinite, baseRate > 0, rateMultiplier.isFinite, rateMultiplier >= 1 else {
            throw FineTuneError("fine-tuning needs a positive base rate and a multiplier of at least 1")
        }
        if let copies = cachedCopies, copies < 1 {
            throw FineTuneError("feature caching needs at least one copy of the training set, got \(copies)")
        }
    }
}

/// The learning rates and one-cycle shapes of fastai's `fine_tune`.
public enum FineTuning {
    /// Rates spread geometrically from `base / multiplier` (the first group) to `base` (the last), as fastai's
    /// `slice(base / multiplier, base)`: with 3 groups, base 1e-3 and multiplier 100, [1e-5, 1e-4, 1e-3].
    public static func discriminativeRates(base: Double, multiplier: Double, groups: Int) -> [Double] {
        guard groups > 1 else { return Array(repeating: base, count: Swift.max(groups, 0)) }
        let low = base / multiplier
        return (0..<groups).map { low * pow(multiplier, Double($0) / Double(groups - 1)) }
    }

    /// `base` for the last group and `base / 10` for the others, as fastai's `slice(base)`.
    public static func headRates(base: Double, groups: Int) -> [Double] {
        (0..<groups).map { $0 == groups - 1 ? base : base / 10 }
    }

    /// The share of the frozen run spent warming up (fastai's `pct_start=0.99`).
    public static let frozenWarmupFraction = 0.99
    /// The share of the unfrozen run spent warming up (`pct_start=0.3`).
    public static let warmupFraction = 0.3
    /// The frozen run starts at peak / 25 (fastai's `fit_one_cycle` default).
    public static let frozenDivFactor = 25.0
    /// The unfrozen run starts at peak / 5 (`div=5`).
    public static let divFactor = 5.0
    /// Both runs end at start / 10⁵ (fastai's `div_final`).
    public static let finalDivFactor = 1e5

    /// The two runs of fine-tuning, as checkpoints name them under ``phaseKey``.
    public enum Phase: String, Sendable {
        case frozen, unfrozen
    }

    /// The ``Checkpoint/info`` key naming the run a checkpoint was written in.
    public static let phaseKey = "fine-tune-phase"

    /// The run `checkpoint` was written in.
    /// - Throws: ``FineTuneError`` when it was not written while fine-tuning.
    public static func phase(of checkpoint: Checkpoint) throws -> Phase {
        guard let name = checkpoint.info[phaseKey], let phase = Phase(rawValue: name) else {
            throw FineTuneError("the checkpoint was not written while fine-tuning")
        }
        return phase
    }

    /// A one-cycle schedule of the given shape for `optimizer`.
    static func oneCycle(
        _ optimizer: any Optimizer, maxRates: [Double], totalSteps: Int, warmupFraction: Double, divFactor: Double
    ) throws -> OneCycle {
        try OneCycle(
            optimizer: optimizer, maxRates: maxRates, totalSteps: totalSteps, warmupFraction: warmupFraction,
            divFactor: divFactor, finalDivFactor: finalDivFactor)
    }
}

extension TransferModel {
    /// One optimizer group per model group, frozen ones included (they simply get no gradients), as
    /// ``Learner/fineTune(_:headEpochEnded:)`` needs.
    ///
    /// ```swift
    /// let optimizer = try Adam(groups: model.optimizerGroups(learningRate: 1e-3, momentum: 0.9))
    /// ```
    public func optimizerGroups(learningRate: Double, weightDecay: Double = 0, momentum: Double = 0) throws -> [ParameterGroup] {
        try parameterGroups().map {
            ParameterGroup(parameters: $0, learningRate: learningRate, weightDecay: weightDecay, momentum: momentum)
        }
    }
}

extension Learner {
    /// fastai's `fine_tune` on a ``TransferModel``: freezes the body and runs `frozenEpochs` of one cycle peaking
    /// at `baseRate` for the head (a tenth of it for the frozen groups' batch norms), then unfreezes and runs
    /// `epochs` of one cycle peaking at ``FineTuning/discriminativeRates(base:multiplier:groups:)`` of half the
    /// base rate. Stops after the first run when it stopped early.
    ///
    /// ```swift
    /// let model = try TransferModel(architecture: resnet18, input: input, classes: 10, pretrainedWeights: file)
    /// let learner = try Learner(model: model, train: train, validation: validation,
    ///                           optimizer: Adam(groups: model.optimizerGroups(learningRate: 1e-3, momentum: 0.9)))
    /// try learner.fineTune(FineTuneSettings(epochs: 3))
    /// ```
    ///
    /// With ``FineTuneSettings/cachedCopies`` the frozen epochs train on cached body outputs instead (the body's
    /// batch norms then run in evaluation mode and do not train), and `headEpochEnded` hears of each of them;
    /// callbacks see only the unfrozen epochs. Both runs start counting epochs from 1.
    ///
    /// Checkpoints name their phase (``FineTuning/phaseKey``), so `resumingFrom` a checkpoint of an interrupted
    /// fine-tuning continues it bit for bit: inside the frozen run, between the runs, or inside the unfrozen one.
    /// Cached frozen epochs write no checkpoint; they take seconds, and a run stopped among them starts again.
    /// - Throws: ``FineTuneError`` when the model is no ``TransferModel`` or the optimizer has not one group per
    ///   model group.
    public func fineTune(
        _ settings: FineTuneSettings, resumingFrom checkpoint: Checkpoint? = nil,
        headEpochEnded: ((EpochRecord) -> Void)? = nil
    ) throws {
        try settings.validate()
        guard let transfer = model as? TransferModel else {
            throw FineTuneError("fine-tuning needs a TransferModel (a pretrained body with a new head)")
        }
        guard optimizer.groups.count == transfer.groupCount else {
            throw FineTuneError(
                "the optimizer has \(optimizer.groups.count) parameter groups for the model's \(transfer.groupCount)")
        }
        let resumedPhase = try checkpoint.map { try FineTuning.phase(of: $0) }
        if settings.frozenEpochs > 0, resumedPhase != .unfrozen {
            try transfer.freeze(trainBatchNorm: settings.trainBatchNorm)
            checkpointInfo[FineTuning.phaseKey] = FineTuning.Phase.frozen.rawValue
            let rates = FineTuning.headRates(base: settings.baseRate, groups: transfer.groupCount)
            if let copies = settings.cachedCopies {
                guard checkpoint == nil else {
                    throw FineTuneError("cached frozen epochs write no checkpoint; this one comes from another run")
                }
                let trainer = try CachedHeadTrainer(learner: self, augmentedCopies: copies)
                trainer.onEpoch = headEpochEnded
                trainer.schedule = try FineTuning.oneCycle(
                    optimizer, maxRates: rates, totalSteps: settings.frozenEpochs * trainer.stepsPerEpoch,
                    warmupFraction: FineTuning.frozenWarmupFraction, divFactor: FineTuning.frozenDivFactor)
                try trainer.fit(epochs: settings.frozenEpochs)
            } else {
                schedule = try FineTuning.oneCycle(
                    optimizer, maxRates: rates, totalSteps: settings.frozenEpochs * stepsPerEpoch,
                    warmupFraction: FineTuning.frozenWarmupFraction, divFactor: FineTuning.frozenDivFactor)
                if let checkpoint { try restore(from: checkpoint) }
                if checkpoint?.finished == true {
                    resumePoint = nil  // stopped between the two runs: the frozen one is complete
                } else {
                    try fit(epochs: settings.frozenEpochs)
                    if stopReason != nil { return }
                }
            }
        }
        try transfer.unfreeze()
        guard settings.epochs > 0 else { return }
        checkpointInfo[FineTuning.phaseKey] = FineTuning.Phase.unfrozen.rawValue
        let rates = FineTuning.discriminativeRates(
            base: settings.baseRate / 2, multiplier: settings.rateMultiplier, groups: transfer.groupCount)
        schedule = try FineTuning.oneCycle(
            optimizer, maxRates: rates, totalSteps: settings.epochs * stepsPerEpoch,
            warmupFraction: FineTuning.warmupFraction, divFactor: FineTuning.divFactor)
        if resumedPhase == .unfrozen, let checkpoint { try restore(from: checkpoint) }
        try fit(epochs: settings.epochs)
    }
}

/// Keeps the batch norms of a ``TransferModel``'s frozen groups in evaluation mode during training, so their
/// running statistics stay the pretrained ones (fastai's `BnFreeze`; pair it with `trainBatchNorm: false`).
public final class BatchNormFreeze: Callback {
    public init() {}

    public func handle(_ event: TrainingEvent, learner: Learner) throws {
        guard event == .beforeEpoch, let transfer = learner.model as? TransferModel else { return }
        transfer.freezeBatchNormStatistics()
    }
}

public struct FineTuneError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
