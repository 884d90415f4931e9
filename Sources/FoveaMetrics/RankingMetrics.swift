/// How per-class scores of a one-vs-rest metric are folded into one.
public enum Averaging: Sendable {
    /// The unweighted mean over classes.
    case macro
    /// The mean weighted by each class's number of samples.
    case weighted
}

/// The area under the ROC curve of a binary problem (scikit-learn's `roc_auc_score`): the probability that a
/// random positive scores above a random negative, ties counting one half.
///
/// ```swift
/// try rocAUC(labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8])   // 0.75
/// ```
/// - Parameter positiveLabel: the label of positives; every other label is negative.
/// - Throws: `MetricsError` when the lengths differ, a score is not finite, or there are no positives or no
///   negatives.
public func rocAUC(labels: [Int], scores: [Double], positiveLabel: Int = 1) throws(MetricsError) -> Double {
    let ranking = try binaryRanking(labels: labels, scores: scores, positiveLabel: positiveLabel)
    guard ranking.negativeCount > 0 else {
        throw MetricsError("ROC AUC is undefined without negative samples")
    }
    return ranking.rocArea
}

/// One-vs-rest ROC AUC of a multiclass problem (scikit-learn's `roc_auc_score(multi_class="ovr")`): each column of
/// `scores` against its class, averaged. Rows need not sum to 1.
///
/// ```swift
/// let scores = try ScoreMatrix(rows: [[0.8, 0.1, 0.1], [0.2, 0.5, 0.3], [0.1, 0.2, 0.7], [0.3, 0.4, 0.3]])
/// try rocAUC(labels: [0, 1, 2, 1], scores: scores, average: .weighted)
/// ```
/// - Throws: `MetricsError` as the binary form, for a class with no samples or with all of them.
public func rocAUC(labels: [Int], scores: ScoreMatrix, average: Averaging = .macro) throws(MetricsError) -> Double {
    try oneVersusRest(labels: labels, scores: scores, average: average) { (labels, column, positive) throws(MetricsError) in
        try rocAUC(labels: labels, scores: column, positiveLabel: positive)
    }
}

/// Average precision of a binary problem (scikit-learn's `average_precision_score`): Σ (Rₙ − Rₙ₋₁) Pₙ over the
/// distinct scores from the highest, the area under the precision–recall step curve without interpolation.
/// Samples of equal score cross the threshold together.
///
/// ```swift
/// try averagePrecision(labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8])   // 0.8333…
/// ```
/// - Throws: `MetricsError` when the lengths differ, a score is not finite, or there are no positives.
public func averagePrecision(labels: [Int], scores: [Double], positiveLabel: Int = 1) throws(MetricsError) -> Double {
    try binaryRanking(labels: labels, scores: scores, positiveLabel: positiveLabel).averagePrecision
}

/// One-vs-rest average precision of a multiclass problem (scikit-learn's `average_precision_score` on the
/// binarised labels).
///
/// - Throws: `MetricsError` as the binary form, for a class with no samples.
public func averagePrecision(
    labels: [Int], scores: ScoreMatrix, average: Averaging = .macro
) throws(MetricsError) -> Double {
    try oneVersusRest(labels: labels, scores: scores, average: average) { (labels, column, positive) throws(MetricsError) in
        try averagePrecision(labels: labels, scores: column, positiveLabel: positive)
    }
}

/// The ranking of `scores` against `labels == positiveLabel`, after checking the input.
/// - Throws: `MetricsError` when the lengths differ, there are no samples, a score is not finite, or no label is
///   `positiveLabel`.
func binaryRanking(labels: [Int], scores: [Double], positiveLabel: Int) throws(MetricsError) -> BinaryRanking {
    try validateSameCount(labels.count, "labels", scores.count, "scores")
    guard !labels.isEmpty else { throw MetricsError("no labels: ranking metrics need at least one sample") }
    if let bad = scores.first(where: { !$0.isFinite }) { throw MetricsError("score \(bad) is not finite") }
    let ranking = BinaryRanking(isPositive: labels.map { $0 == positiveLabel }, scores: scores)
    guard ranking.positiveCount > 0 else {
        throw MetricsError("no sample has the positive label \(positiveLabel): the metric is undefined")
    }
    return ranking
}

/// `binaryMetric` of each class against the rest, averaged.
private func oneVersusRest(
    labels: [Int], scores: ScoreMatrix, average: Averaging,
    _ binaryMetric: (_ labels: [Int], _ column: [Double], _ positiveLabel: Int) throws(MetricsError) -> Double
) throws(MetricsError) -> Double {
    try validateSameCount(labels.count, "labels", scores.rowCount, "score rows")
    try validateLabels(labels, classCount: scores.columnCount)
    var sum = 0.0, weightSum = 0.0
    for column in 0..<scores.columnCount {
        let columnScores = (0..<scores.rowCount).map { scores[$0, column] }
        let value: Double
        do {
            value = try binaryMetric(labels, columnScores, column)
        } catch {
            throw MetricsError("class \(column): \(error.message)")
        }
        let weight = switch average {
        case .macro: 1.0
        case .weighted: Double(labels.count { $0 == column })
        }
        sum += weight * value
        weightSum += weight
    }
    return sum / weightSum
}
