import Foundation

/// Reports training as it goes: a live bar with loss, accuracy and ETA on a terminal, or JSON lines for machines
/// (an `epoch` object per epoch and a `batch` heartbeat at every tenth of an epoch).
public final class ProgressReporter: Callback {
    public enum Style: Sendable { case bar, jsonLines, silent }

    public let style: Style
    public var order: Int { 100 }
    private let write: (String) -> Void
    private var epochStarted = Date()
    private var lastDraw = Date.distantPast

    public init(style: Style, write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.style = style
        self.write = write
    }

    public func handle(_ event: TrainingEvent, learner: Learner) throws {
        switch (event, style) {
        case (_, .silent): return
        case (.beforeEpoch, _):
            epochStarted = Date()
        case (.afterBatch, .bar):
            let now = Date()
            let total = learner.train.batchCount
            let done = learner.batchIndex + 1
            guard now.timeIntervalSince(lastDraw) > 0.2 || done == total else { return }
            lastDraw = now
            let elapsed = now.timeIntervalSince(epochStarted)
            let eta = elapsed / Double(done) * Double(total - done)
            let width = 24
            let filled = width * done / max(total, 1)
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            write(String(
                format: "\r\u{1B}[2Kepoch %d/%d %@ %d/%d loss %.4f acc %.4f eta %@",
                learner.epoch + 1, learner.epochCount, bar, done, total, learner.epochScore.loss,
                learner.epochScore.accuracy, formatDuration(eta)))
        case (.afterEpoch, .bar):
            guard let record = learner.history.last else { return }
            var line = String(
                format: "\r\u{1B}[2Kepoch %d/%d  train loss %.4f acc %.4f", record.epoch, learner.epochCount,
                record.trainLoss, record.trainAccuracy)
            if let loss = record.validationLoss, let accuracy = record.validationAccuracy {
                line += String(format: "  valid loss %.4f acc %.4f", loss, accuracy)
            }
            write(line + "  (\(formatDuration(record.seconds)))\n")
        case (.afterBatch, .jsonLines):
            // A heartbeat at every tenth of the epoch, for whatever watches the run.
            let total = learner.train.batchCount
            let done = learner.batchIndex + 1
            guard done * 10 / total > learner.batchIndex * 10 / total else { return }
            var object: [String: Any] = [
                "event": "batch", "epoch": learner.epoch + 1, "epochs": learner.epochCount, "batch": done, "batches": total,
            ]
            if learner.epochScore.loss.isFinite { object["train_loss"] = learner.epochScore.loss }
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                write(String(decoding: data, as: UTF8.self) + "\n")
            }
        case (.afterEpoch, .jsonLines):
            guard let record = learner.history.last else { return }
            write(record.jsonLine(extra: ["event": "epoch", "epochs": learner.epochCount]) + "\n")
        case (.afterFit, .bar), (.afterFit, .jsonLines):
            if let reason = learner.stopReason { write("stopped: \(reason)\n") }
        default:
            return
        }
    }
}

func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "--:--" }
    let total = Int(seconds.rounded())
    return String(format: "%d:%02d", total / 60, total % 60)
}
