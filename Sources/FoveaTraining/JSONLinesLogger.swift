import Foundation

/// Per-epoch metrics as JSON lines: one object per epoch, keyed by the CSV log's column names.
public final class JSONLinesLogger: Callback {
    public let file: URL
    private let log: EpochLogFile
    public var order: Int { 70 }

    public init(file: URL) {
        self.file = file
        log = EpochLogFile(file: file, header: "") { $0.jsonLine() + "\n" }
    }

    public func handle(_ event: TrainingEvent, learner: Learner) throws {
        try log.handle(event, learner: learner)
    }
}
