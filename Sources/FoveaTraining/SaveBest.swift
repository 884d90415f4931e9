import Foundation
import FoveaNN
import FoveaTensor

/// Writes the model's weights (atomically) after every epoch that improves a validation metric, so the best
/// model so far is always on disk.
public final class SaveBest: CheckpointedCallback {
    public let file: URL
    public let monitor: MonitoredMetric
    /// Stored in the weights file's metadata (e.g. the architecture).
    public let metadata: [String: String]
    public private(set) var best: Double?
    public private(set) var bestEpoch: Int?

    public var order: Int { 55 }
    public var checkpointKey: String { "save_best" }

    public init(file: URL, monitor: MonitoredMetric = .validationLoss, metadata: [String: String] = [:]) {
        self.file = file
        self.monitor = monitor
        self.metadata = metadata
    }

    public func handle(_ event: TrainingEvent, learner: Learner) throws {
        guard event == .afterEpoch,
            let value = try monitoredValue(monitor, learner: learner, for: "saving the best weights"),
            monitor.isImprovement(value, over: best)
        else { return }
        best = value
        bestEpoch = learner.history.last?.epoch
        var fileMetadata = metadata
        fileMetadata[monitor.rawValue] = "\(value)"
        fileMetadata["epoch"] = bestEpoch.map(String.init)
        try SafeTensors.write(learner.model.stateDictRecords(), metadata: fileMetadata, to: file)
    }

    private struct State: Codable {
        var best: Double?
        var bestEpoch: Int?
    }

    public func checkpointState() throws -> CallbackState {
        CallbackState(json: try JSONEncoder().encode(State(best: best, bestEpoch: bestEpoch)))
    }

    public func restore(_ state: CallbackState) throws {
        let saved = try JSONDecoder().decode(State.self, from: state.json)
        best = saved.best
        bestEpoch = saved.bestEpoch
    }
}
