import Foundation
import FoveaOptim

/// Lowers the learning rate when a validation metric stops improving: `FoveaOptim.ReduceOnPlateau` stepped on
/// the metric after every epoch.
public final class ReducePlateau: CheckpointedCallback {
    public private(set) var plateau: ReduceOnPlateau
    public let monitor: MonitoredMetric
    /// The epochs (from 1) after which the rates were lowered.
    public private(set) var reductions: [Int] = []

    public var order: Int { 20 }
    public var checkpointKey: String { "reduce_plateau" }

    /// Multiplies the rates by `factor` once more than `patience` epochs in a row brought no improvement
    /// (PyTorch's counting: with the default patience of 1, after the second such epoch).
    public init(optimizer: any Optimizer, monitor: MonitoredMetric = .validationLoss, factor: Double = 0.1, patience: Int = 1) throws {
        self.monitor = monitor
        plateau = try ReduceOnPlateau(
            optimizer: optimizer, mode: monitor.higherIsBetter ? .maximize : .minimize, factor: factor, patience: patience)
    }

    public func handle(_ event: TrainingEvent, learner: Learner) throws {
        guard event == .afterEpoch, let value = try monitoredValue(monitor, learner: learner, for: "the plateau schedule")
        else { return }
        if plateau.step(metric: value, optimizer: learner.optimizer), let epoch = learner.history.last?.epoch {
            reductions.append(epoch)
        }
    }

    private struct State: Codable {
        var plateau: ReduceOnPlateau
        var reductions: [Int]
    }

    public func checkpointState() throws -> CallbackState {
        CallbackState(json: try JSONEncoder().encode(State(plateau: plateau, reductions: reductions)))
    }

    public func restore(_ state: CallbackState) throws {
        let saved = try JSONDecoder().decode(State.self, from: state.json)
        plateau = saved.plateau
        reductions = saved.reductions
    }
}
