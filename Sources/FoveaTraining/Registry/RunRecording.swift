import Foundation

/// A training job's link to the registry. It never makes training fail: the first registry error is reported
/// through `warn` as one `warning:` line, and the recording stops there while training goes on.
final class RunRecording {
    private let registryFile: URL?
    private let run: RunFolder
    private let warn: (String) -> Void
    private var registry: RunRegistry?
    private var failed = false
    /// Whether this session registered the run, so that its epochs and end are the registry's to record.
    private var registered = false
    /// Wall time of the run's earlier sessions, when this one resumes it.
    private var earlierSeconds = 0.0

    /// A recording into the registry at `registryFile`; nil records nothing.
    init(registryFile: URL?, run: RunFolder, warn: @escaping (String) -> Void) {
        self.registryFile = registryFile
        self.run = run
        self.warn = warn
    }

    private var runID: String { RunRegistry.runID(run.url) }

    /// Runs `body` on the registry, opening it the first time; after a failure, does nothing.
    private func attempt(_ body: (RunRegistry) throws -> Void) {
        guard let registryFile, !failed else { return }
        do {
            let registry = try self.registry ?? RunRegistry(file: registryFile)
            self.registry = registry
            try body(registry)
        } catch {
            failed = true
            warn("warning: run registry \(registryFile.path): \(error); training goes on without it")
        }
    }

    /// Registers the run as running: a new row (replacing any of an earlier run in the same folder), or, when
    /// `resumed`, the run's own row with its start time and earlier wall time kept.
    func start(configuration: RunConfiguration, history: [EpochRecord], resumed: Bool) {
        attempt { registry in
            let existing = resumed ? try registry.existingRun(runID) : nil
            earlierSeconds = existing?.wallSeconds ?? 0
            var row = RegisteredRun(
                id: runID, name: run.url.standardizedFileURL.lastPathComponent, architecture: configuration.architecture,
                data: configuration.data,
                datasetFingerprint: try? DatasetFingerprint.of(URL(fileURLWithPath: configuration.data)),
                configuration: try configuration.sortedJSON(), status: .running, startedAt: existing?.startedAt ?? Date(),
                wallSeconds: existing?.wallSeconds, epochs: 0, plannedEpochs: configuration.plannedEpochs)
            row.summarize(history)
            try registry.replace(row, epochs: history, artifacts: run.artifacts())
            registered = true
        }
    }

    /// Adds the epoch that just ended.
    func add(epoch record: EpochRecord, history: [EpochRecord]) {
        guard registered else { return }
        attempt { registry in try registry.add(epoch: record, history: history, to: runID) }
    }

    /// Records how the run ended, its summary, its epochs as in `history.json` and the files it wrote.
    func finish(
        status: RunStatus, stopReason: String?, history: [EpochRecord], test: Evaluation?, seconds: Double
    ) {
        guard registered else { return }
        attempt { registry in
            try registry.synchronize(runID, history: history, artifacts: run.artifacts())
            try registry.update(runID) { row in
                row.status = status
                row.stopReason = stopReason
                row.finishedAt = Date()
                row.wallSeconds = earlierSeconds + seconds
                row.summarize(history)
                if let test {
                    row.testAccuracy = test.accuracy
                    row.testLoss = test.loss
                }
            }
        }
    }

    /// Marks the run failed with `error`, when this session registered it.
    func fail(_ error: any Error, seconds: Double) {
        guard registered else { return }
        attempt { registry in
            try registry.update(runID) { row in
                row.status = .failed
                row.stopReason = "\(error)"
                row.finishedAt = Date()
                row.wallSeconds = earlierSeconds + seconds
            }
        }
    }
}

/// Adds each epoch to the registry as it ends.
final class RegistryEpochRecorder: Callback {
    let recording: RunRecording
    var order: Int { 80 }

    init(recording: RunRecording) {
        self.recording = recording
    }

    func handle(_ event: TrainingEvent, learner: Learner) throws {
        guard event == .afterEpoch, let record = learner.history.last else { return }
        recording.add(epoch: record, history: learner.history)
    }
}
