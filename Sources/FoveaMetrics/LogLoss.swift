import Foundation

/// The mean negative log-probability of the true class (scikit-learn's `log_loss`, version 1.2 semantics).
///
/// Each probability is first clipped to `[epsilon, 1 − epsilon]`, then every row is divided by its sum, so
/// rows need not sum to 1 and a zero probability costs −log(epsilon) instead of infinity. scikit-learn 1.2's
/// default `eps="auto"` is the machine epsilon of the probabilities' type: this function's default,
/// `Double.ulpOfOne`, matches float64 input; pass `Double(Float.ulpOfOne)` to match float32 input.
///
/// ```swift
/// let probabilities = try ScoreMatrix(rows: [[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]])
/// try logLoss(labels: [0, 1, 1], probabilities: probabilities)   // (−ln 0.9 − ln 0.8 − ln 0.3) / 3
/// ```
/// - Throws: `MetricsError` when the lengths differ, a label is not a column, there are fewer than two columns, a
///   probability is not finite, or `epsilon` is outside [0, 0.5).
public func logLoss(
    labels: [Int], probabilities: ScoreMatrix, epsilon: Double = .ulpOfOne
) throws(MetricsError) -> Double {
    guard probabilities.columnCount >= 2 else {
        throw MetricsError("log loss needs probabilities of at least two classes, got \(probabilities.columnCount)")
    }
    try validateSameCount(labels.count, "labels", probabilities.rowCount, "probability rows")
    try validateLabels(labels, classCount: probabilities.columnCount)
    try probabilities.validateFinite()
    let clip = try clipping(epsilon)
    return meanNegativeLogProbability(
        labels: labels, probabilities: probabilities.values.map(clip), columnCount: probabilities.columnCount)
}

/// Binary log loss from the probability of the positive class of each sample (scikit-learn's `log_loss` with
/// one-dimensional `y_pred`): `p` is clipped first, then the pair (1 − p, p) is scored as above.
///
/// ```swift
/// try logLoss(labels: [1, 0, 1], positiveProbabilities: [0.9, 0.2, 0.6])
/// ```
/// - Parameter positiveLabel: the label of positives; every other label is negative.
/// - Throws: `MetricsError` when the lengths differ or are zero, a probability is not finite, or `epsilon` is
///   outside [0, 0.5).
public func logLoss(
    labels: [Int], positiveProbabilities: [Double], positiveLabel: Int = 1, epsilon: Double = .ulpOfOne
) throws(MetricsError) -> Double {
    try validateSameCount(labels.count, "labels", positiveProbabilities.count, "probabilities")
    guard !labels.isEmpty else { throw MetricsError("no labels: log loss needs at least one sample") }
    if let bad = positiveProbabilities.first(where: { !$0.isFinite }) {
        throw MetricsError("probability \(bad) is not finite")
    }
    let clip = try clipping(epsilon)
    let pairs = positiveProbabilities.map(clip).flatMap { [1 - $0, $0] }
    return meanNegativeLogProbability(
        labels: labels.map { $0 == positiveLabel ? 1 : 0 }, probabilities: pairs, columnCount: 2)
}

private func clipping(_ epsilon: Double) throws(MetricsError) -> (Double) -> Double {
    guard epsilon >= 0, epsilon < 0.5 else { throw MetricsError("epsilon must lie in [0, 0.5), got \(epsilon)") }
    return { Swift.min(Swift.max($0, epsilon), 1 - epsilon) }
}

/// −mean log(p[label] / Σ p) over the rows of row-major `probabilities`.
private func meanNegativeLogProbability(labels: [Int], probabilities: [Double], columnCount: Int) -> Double {
    var total = 0.0
    for (sample, label) in labels.enumerated() {
        let row = probabilities[(sample * columnCount)..<((sample + 1) * columnCount)]
        total -= Foundation.log(row[row.startIndex + label] / row.reduce(0, +))
    }
    return total / Double(labels.count)
}
