import Foundation

/// Per-epoch metrics as CSV, one row per epoch under the header
/// `epoch,train_loss,train_accuracy,valid_loss,valid_accuracy,learning_rate,seconds`; the validation cells are
/// empty without a validation set.
public final class CSVLogger: Callback {
    public let file: URL
    private let log: EpochLogFile
    public var order: Int { 70 }

    public init(file: URL) {
        self.file = file
        log = EpochLogFile(file: file, header: EpochRecord.fieldNames.joined(separator: ",") + "\n") { record in
            zip(EpochRecord.fieldNames, record.fieldValues).map { name, value in
                guard let value else { return "" }
                return name == "epoch" ? String(record.epoch) : "\(value)"
            }.joined(separator: ",") + "\n"
        }
    }

    public func handle(_ event: TrainingEvent, learner: Learner) throws {
        try log.handle(event, learner: learner)
    }
}
