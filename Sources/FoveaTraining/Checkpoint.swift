import Foundation
import FoveaNN
import FoveaOptim
import FoveaTensor

/// A callback whose state a checkpoint keeps, so that a resumed run continues it (early stopping's best score
/// and best weights, a plateau schedule's counters).
public protocol CheckpointedCallback: Callback {
    /// Names the callback's entries in the checkpoint; unique among a learner's callbacks.
    var checkpointKey: String { get }
    func checkpointState() throws -> CallbackState
    func restore(_ state: CallbackState) throws
}

/// What a ``CheckpointedCallback`` saves: JSON, and tensors when it holds weights.
public struct CallbackState: Sendable {
    public var json: Data
    public var tensors: [(name: String, record: TensorRecord)]

    public init(json: Data, tensors: [(name: String, record: TensorRecord)] = []) {
        self.json = json
        self.tensors = tensors
    }
}

/// One file with everything needed to continue training bit for bit: the model's state, the optimizer's state,
/// the schedule's progress, libtorch's generator state, the epoch and batch to continue from, the history and
/// the callbacks' state. Written as safetensors (tensors, plus the rest as JSON in the metadata), atomically.
public struct Checkpoint {
    static let format = "fovea-checkpoint"

    /// The epoch (from 0) and the batch within it that training continues from; batch 0 is the epoch's start.
    public var epoch: Int
    public var batch: Int
    /// Training had ended (every epoch run, or a callback such as early stopping ended it): nothing to resume.
    public var finished: Bool
    public var history: [EpochRecord]
    /// Free-form facts from ``Learner/checkpointInfo``.
    public var info: [String: String]
    var score: RunningScore
    var schedule: ScheduleState?
    var callbacks: [String: Data]
    /// Model ("model."), optimizer ("optimizer."), generator ("rng") and callback ("callback.KEY.") tensors.
    var tensors: [String: TensorRecord]

    struct ScheduleState: Codable {
        var type: String
        var state: Data
    }

    /// The JSON part, stored in the file's metadata.
    private struct Header: Codable {
        var epoch: Int
        var batch: Int
        var finished: Bool
        var history: [EpochRecord]
        var info: [String: String]
        var score: RunningScore
        var schedule: ScheduleState?
        var callbacks: [String: Data]
    }

    /// Writes the checkpoint atomically (temporary file, flush, rename), so a crash leaves the previous one whole.
    public func write(to url: URL) throws {
        let header = Header(
            epoch: epoch, batch: batch, finished: finished, history: history, info: info, score: score,
            schedule: schedule, callbacks: callbacks)
        let json = String(decoding: try JSONEncoder().encode(header), as: UTF8.self)
        try SafeTensors.write(tensors.map { ($0.key, $0.value) }, metadata: ["format": Self.format, "state": json], to: url)
    }

    /// Reads a checkpoint written by ``write(to:)``.
    /// - Throws: ``RunError`` when the file is missing or is not a Fovea checkpoint.
    public static func read(from url: URL) throws -> Checkpoint {
        guard FileManager.default.fileExists(atPath: url.path) else { throw RunError("\(url.path) does not exist") }
        let metadata = try SafeTensors.metadata(contentsOf: url)
        guard metadata["format"] == format, let json = metadata["state"] else {
            throw RunError("\(url.path) is not a Fovea checkpoint")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(json.utf8))
        } catch {
            throw RunError("\(url.path): malformed checkpoint state (\(error))")
        }
        var tensors: [String: TensorRecord] = [:]
        for (name, record) in try SafeTensors.read(contentsOf: url) { tensors[name] = record }
        return Checkpoint(
            epoch: header.epoch, batch: header.batch, finished: header.finished, history: header.history,
            info: header.info, score: header.score, schedule: header.schedule, callbacks: header.callbacks,
            tensors: tensors)
    }

    /// The tensors whose names start with `prefix`, with the prefix removed.
    func records(prefix: String) -> [(name: String, record: TensorRecord)] {
        tensors.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) }
            .sorted { $0.name < $1.name }
    }
}

extension Learner {
    private var checkpointedCallbacks: [any CheckpointedCallback] { callbacks.compactMap { $0 as? any CheckpointedCallback } }

    /// The learner's complete state now, continuing at the batch after the last optimizer step.
    public func checkpoint(finished: Bool = false) throws -> Checkpoint {
        var tensors: [String: TensorRecord] = [:]
        for (name, record) in try model.stateDictRecords() { tensors["model." + name] = record }
        for (name, record) in try optimizer.checkpointRecords(prefix: "optimizer.") { tensors[name] = record }
        tensors["rng"] = try Random.state().record()
        var callbackStates: [String: Data] = [:]
        for callback in checkpointedCallbacks {
            let state = try callback.checkpointState()
            callbackStates[callback.checkpointKey] = state.json
            for (name, record) in state.tensors { tensors["callback.\(callback.checkpointKey).\(name)"] = record }
        }
        let scheduleState = try schedule.map {
            Checkpoint.ScheduleState(type: String(describing: type(of: $0)), state: try $0.encodedState())
        }
        return Checkpoint(
            epoch: nextEpoch, batch: nextBatch, finished: finished, history: history, info: checkpointInfo,
            score: epochScore, schedule: scheduleState, callbacks: callbackStates, tensors: tensors)
    }

    /// Puts the learner back in the state of `checkpoint`; the next ``fit(epochs:)`` continues from its epoch and
    /// batch. Set up the learner as the checkpointed one was first: the same model, optimizer, ``schedule`` and
    /// checkpointed callbacks. This sets libtorch's generator: where other threads draw from it, restore and fit
    /// inside `withSeed`, which holds the generator's lock.
    /// - Throws: `StateDictMismatch` for weights of another model, ``RunError`` when the schedule or callbacks differ.
    public func restore(from checkpoint: Checkpoint) throws {
        try model.loadStateDict(checkpoint.records(prefix: "model."))
        var optimizerRecords: [String: TensorRecord] = [:]
        for (name, record) in checkpoint.tensors where name.hasPrefix("optimizer.") { optimizerRecords[name] = record }
        try optimizer.loadCheckpointRecords(optimizerRecords, prefix: "optimizer.")
        switch (schedule, checkpoint.schedule) {
        case (nil, nil):
            break
        case let (schedule?, saved?) where String(describing: type(of: schedule)) == saved.type:
            try schedule.restoreState(from: saved.state)
        case let (schedule, saved):
            let now = schedule.map { String(describing: type(of: $0)) } ?? "none"
            throw RunError("the checkpoint's schedule is \(saved?.type ?? "none"), the learner's \(now)")
        }
        let keys = Set(checkpointedCallbacks.map(\.checkpointKey))
        if let extra = Set(checkpoint.callbacks.keys).subtracting(keys).sorted().first {
            throw RunError("the checkpoint has state for a callback '\(extra)' that the learner lacks")
        }
        for callback in checkpointedCallbacks {
            guard let json = checkpoint.callbacks[callback.checkpointKey] else {
                throw RunError("the checkpoint has no state for the callback '\(callback.checkpointKey)'")
            }
            try callback.restore(
                CallbackState(json: json, tensors: checkpoint.records(prefix: "callback.\(callback.checkpointKey).")))
        }
        guard let generator = checkpoint.tensors["rng"] else { throw RunError("the checkpoint has no generator state") }
        try Random.setState(Tensor(generator))
        history = checkpoint.history
        epochScore = checkpoint.score
        resumePoint = (checkpoint.epoch, checkpoint.batch)
    }
}
