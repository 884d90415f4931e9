/// The fraction of samples whose prediction equals their label.
///
/// ```swift
/// try accuracy(labels: [0, 1, 2, 2], predictions: [0, 2, 2, 2])   // 0.75
/// ```
/// - Throws: `MetricsError` when the arrays differ in length or are empty.
public func accuracy(labels: [Int], predictions: [Int]) throws(MetricsError) -> Double {
    try validateSameCount(labels.count, "labels", predictions.count, "predictions")
    guard !labels.isEmpty else { throw MetricsError("no labels: accuracy needs at least one sample") }
    let correct = zip(labels, predictions).count { $0 == $1 }
    return Double(correct) / Double(labels.count)
}

/// The fraction of samples whose label is among the `k` highest-scoring classes (scikit-learn's
/// `top_k_accuracy_score` for multiclass scores).
///
/// Ties are broken as scikit-learn does: among classes of equal score, the higher class index ranks first. When
/// `k` is at least the number of classes every sample counts as a hit.
///
/// ```swift
/// let scores = try ScoreMatrix(rows: [[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
/// try topKAccuracy(labels: [1, 2], scores: scores, k: 2)   // 0.5
/// ```
/// - Throws: `MetricsError` when `k < 1`, the lengths differ, a label is not a column of `scores`, or a score is
///   not finite.
public func topKAccuracy(labels: [Int], scores: ScoreMatrix, k: Int) throws(MetricsError) -> Double {
    guard k >= 1 else { throw MetricsError("k must be at least 1, got \(k)") }
    try validateSameCount(labels.count, "labels", scores.rowCount, "score rows")
    try validateLabels(labels, classCount: scores.columnCount)
    try scores.validateFinite()
    let hits = labels.indices.count { sample in
        let label = labels[sample]
        let score = scores[sample, label]
        // The label's 0-based rank: classes scoring higher, and tied classes of higher index.
        let rank = (0..<scores.columnCount).count { column in
            let other = scores[sample, column]
            return other > score || (other == score && column > label)
        }
        return rank < k
    }
    return Double(hits) / Double(labels.count)
}
