/// A per-epoch validation metric that callbacks watch (early stopping, best weights, plateau schedules).
public enum MonitoredMetric: String, Sendable, Codable {
    case validationLoss = "valid_loss"
    case validationAccuracy = "valid_accuracy"

    public var higherIsBetter: Bool { self == .validationAccuracy }

    /// The metric in an epoch's record; nil when the run has no validation set.
    public func value(in record: EpochRecord) -> Double? {
        switch self {
        case .validationLoss: record.validationLoss
        case .validationAccuracy: record.validationAccuracy
        }
    }

    /// Whether `value` beats `best` by more than `minDelta` (any finite value beats no best yet).
    public func isImprovement(_ value: Double, over best: Double?, minDelta: Double = 0) -> Bool {
        guard value.isFinite else { return false }
        guard let best else { return true }
        return higherIsBetter ? value > best + minDelta : value < best - minDelta
    }
}

/// The metric of the epoch just ended, or an error naming the callback when there is no validation set.
func monitoredValue(_ metric: MonitoredMetric, learner: Learner, for callback: String) throws -> Double? {
    guard learner.validation != nil else {
        throw RunError("\(callback) watches \(metric.rawValue), but the run has no validation set")
    }
    return learner.history.last.flatMap(metric.value(in:))
}
