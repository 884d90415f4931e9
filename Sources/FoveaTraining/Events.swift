/// The moments of a training run at which callbacks are told what happens (fastai's `Learner` events).
public enum TrainingEvent: Sendable, Equatable {
    case beforeFit, beforeEpoch, beforeBatch, afterLoss, afterBackward, afterStep, afterBatch
    case beforeValidation, afterValidation, afterEpoch, afterFit
}

/// Thrown by a callback to change the loop's course.
public enum TrainingControl: Error, Sendable {
    /// Skip the rest of this batch (no backward pass or step).
    case skipBatch
    /// End training after the current batch; `afterFit` still runs.
    case stopTraining(reason: String)
}

/// Reacts to training events: progress, schedules, early stopping, checkpoints and metrics are all callbacks.
public protocol Callback: AnyObject {
    /// Lower orders run first.
    var order: Int { get }
    func handle(_ event: TrainingEvent, learner: Learner) throws
}

extension Callback {
    public var order: Int { 0 }
}
