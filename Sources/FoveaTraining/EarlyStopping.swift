import Foundation
import FoveaNN
import FoveaTensor

/// Stops training when a validation metric has not improved for `patience` epochs, and puts the best epoch's
/// weights back into the model at the end of the fit, whatever ended it: this stop, the last epoch, an
/// interruption or a diverging loss.
public final class EarlyStopping: CheckpointedCallback {
    public let monitor: MonitoredMetric
    public let patience: Int
    /// How much the metric must beat the best so far by to count as an improvement.
    public let minDelta: Double
    public private(set) var best: Double?
    /// The epoch (from 1) of the best weights.
    public private(set) var bestEpoch: Int?
    public private(set) var epochsWithoutImprovement = 0
    /// The epoch whose weights the last fit ended with, once restored.
    public private(set) var restoredEpoch: Int?
    private var bestWeights: [(name: String, record: TensorRecord)] = []

    public var order: Int { 60 }
    public var checkpointKey: String { "early_stopping" }

    public init(monitor: MonitoredMetric = .validationLoss, patience: Int = 3, minDelta: Double = 0) throws {
        guard patience >= 0 else { throw RunError("early stopping's patience must not be negative, got \(patience)") }
        guard minDelta.isFinite, minDelta >= 0 else {
            throw RunError("early stopping's minimum improvement must not be negative, got \(minDelta)")
        }
        self.monitor = monitor
        self.patience = patience
        self.minDelta = minDelta
    }

    public func handle(_ event: TrainingEvent, learner: Learner) throws {
        switch event {
        case .beforeFit:
            restoredEpoch = nil
            _ = try monitoredValue(monitor, learner: learner, for: "early stopping")
        case .afterEpoch:
            guard let value = try monitoredValue(monitor, learner: learner, for: "early stopping") else { return }
            if monitor.isImprovement(value, over: best, minDelta: minDelta) {
                best = value
                bestEpoch = learner.history.last?.epoch
                epochsWithoutImprovement = 0
                bestWeights = try learner.model.stateDictRecords()
            } else {
                epochsWithoutImprovement += 1
                if epochsWithoutImprovement >= patience {
                    learner.requestStop(reason: "early stopping: \(monitor.rawValue) has not improved for "
                        + "\(epochsWithoutImprovement) epochs; best epoch \(bestEpoch ?? 0)")
                }
            }
        case .afterFit:
            guard !bestWeights.isEmpty else { return }
            try learner.model.loadStateDict(bestWeights)
            restoredEpoch = bestEpoch
        default:
            return
        }
    }

    private struct State: Codable {
        var best: Double?
        var bestEpoch: Int?
        var epochsWithoutImprovement: Int
    }

    public func checkpointState() throws -> CallbackState {
        let state = State(best: best, bestEpoch: bestEpoch, epochsWithoutImprovement: epochsWithoutImprovement)
        return CallbackState(json: try JSONEncoder().encode(state), tensors: bestWeights)
    }

    public func restore(_ state: CallbackState) throws {
        let saved = try JSONDecoder().decode(State.self, from: state.json)
        best = saved.best
        bestEpoch = saved.bestEpoch
        epochsWithoutImprovement = saved.epochsWithoutImprovement
        bestWeights = state.tensors
    }
}
