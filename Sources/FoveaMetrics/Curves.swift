/// The receiver operating characteristic of a binary problem: the true-positive rate against the false-positive
/// rate as the decision threshold falls (scikit-learn 1.2's `roc_curve` with `drop_intermediate=True`).
public struct ROCCurve: Sendable, Equatable {
    /// From 0 up to 1.
    public let falsePositiveRates: [Double]
    /// From 0 up to 1.
    public let truePositiveRates: [Double]
    /// The score at or above which samples count as positive at each point, highest first. The first, which
    /// admits nothing, is the highest score plus 1, as scikit-learn 1.2 has it (later versions put +∞ there).
    public let thresholds: [Double]
    /// The area under the curve, as ``rocAUC(labels:scores:positiveLabel:)`` computes it.
    public let area: Double
}

/// The ROC curve of scores against binary labels (scikit-learn 1.2's `roc_curve`): points at the distinct scores
/// from the highest, leaving out those on a straight line between their neighbours, after (0, 0).
///
/// ```swift
/// let curve = try rocCurve(labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8])
/// // falsePositiveRates [0, 0, 0.5, 0.5, 1], truePositiveRates [0, 0.5, 0.5, 1, 1],
/// // thresholds [1.8, 0.8, 0.4, 0.35, 0.1]
/// ```
/// - Parameter positiveLabel: the label of positives; every other label is negative.
/// - Throws: `MetricsError` when the lengths differ, there are no samples, a score is not finite, or the labels
///   hold only one side: without positives (or negatives) the rates are undefined, where scikit-learn warns and
///   returns NaN rates.
public func rocCurve(labels: [Int], scores: [Double], positiveLabel: Int = 1) throws(MetricsError) -> ROCCurve {
    let ranking = try binaryRanking(labels: labels, scores: scores, positiveLabel: positiveLabel)
    guard ranking.negativeCount > 0 else {
        throw MetricsError("the ROC curve is undefined without negative samples (no label other than \(positiveLabel))")
    }
    // Keep the ends and every corner: a point whose neighbours' steps match on both counts lies on their line.
    let (truePositives, falsePositives) = (ranking.truePositives, ranking.falsePositives)
    let last = truePositives.count - 1
    let kept = truePositives.indices.filter { index in
        guard truePositives.count > 2, index > 0, index < last else { return true }
        let trueStep = truePositives[index + 1] - 2 * truePositives[index] + truePositives[index - 1]
        let falseStep = falsePositives[index + 1] - 2 * falsePositives[index] + falsePositives[index - 1]
        return trueStep != 0 || falseStep != 0
    }
    let thresholds = kept.map { ranking.thresholds[$0] }
    return ROCCurve(
        falsePositiveRates: [0] + kept.map { falsePositives[$0] / ranking.negativeCount },
        truePositiveRates: [0] + kept.map { truePositives[$0] / ranking.positiveCount },
        thresholds: [thresholds[0] + 1] + thresholds,
        area: ranking.rocArea)
}

/// Precision against recall of a binary problem as the decision threshold falls (scikit-learn's
/// `precision_recall_curve`): recall decreasing, ending at (recall 0, precision 1).
public struct PrecisionRecallCurve: Sendable, Equatable {
    /// One per threshold, then a final 1.
    public let precisions: [Double]
    /// From 1 down to the final 0.
    public let recalls: [Double]
    /// The distinct scores, lowest first: one fewer than the points, as the last point has no threshold.
    public let thresholds: [Double]
    /// The average precision, as ``averagePrecision(labels:scores:positiveLabel:)`` computes it.
    public let averagePrecision: Double
}

/// The precision–recall curve of scores against binary labels (scikit-learn 1.2's `precision_recall_curve`):
/// one point per distinct score from the lowest, then (recall 0, precision 1).
///
/// ```swift
/// let curve = try precisionRecallCurve(labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8])
/// // precisions [0.5, 0.667, 0.5, 1, 1], recalls [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
/// ```
/// - Throws: `MetricsError` when the lengths differ, there are no samples, a score is not finite, or no label is
///   `positiveLabel`: recall is undefined then, where scikit-learn warns and sets it to 1.
public func precisionRecallCurve(
    labels: [Int], scores: [Double], positiveLabel: Int = 1
) throws(MetricsError) -> PrecisionRecallCurve {
    let ranking = try binaryRanking(labels: labels, scores: scores, positiveLabel: positiveLabel)
    // Every threshold admits at least one sample, so no precision divides by zero.
    let precisions = zip(ranking.truePositives, ranking.falsePositives).map { $0 / ($0 + $1) }
    let recalls = ranking.truePositives.map { $0 / ranking.positiveCount }
    return PrecisionRecallCurve(
        precisions: precisions.reversed() + [1], recalls: recalls.reversed() + [0],
        thresholds: ranking.thresholds.reversed(), averagePrecision: ranking.averagePrecision)
}
