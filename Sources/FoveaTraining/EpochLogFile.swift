import Foundation

/// A per-epoch log file in the run folder: rewritten from the learner's history when a fit starts, so a resumed
/// run lists each epoch once, then one line appended per epoch.
struct EpochLogFile {
    let file: URL
    let header: String
    let line: (EpochRecord) -> String

    func handle(_ event: TrainingEvent, learner: Learner) throws {
        switch event {
        case .beforeFit:
            let text = header + learner.history.map(line).joined()
            try Data(text.utf8).write(to: file, options: .atomic)
        case .afterEpoch:
            guard let record = learner.history.last else { return }
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line(record).utf8))
        default:
            return
        }
    }
}
