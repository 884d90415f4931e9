/// Per-class precision, recall and F1 with their macro and weighted averages (scikit-learn's
/// `precision_recall_fscore_support` with `labels=range(classCount)`, as of version 1.2).
///
/// Every class in `0..<classCount` is reported and averaged, including classes absent from both labels and
/// predictions. A ratio with a zero denominator takes the ``ZeroDivision`` value: precision of a class never
/// predicted, recall of a class with no samples. F1 is 2PR / (P + R), and 0 when P + R = 0; it is NaN when P or R
/// is (``ZeroDivision/nan``).
///
/// ```swift
/// let report = try ClassificationReport(labels: [0, 0, 1, 2], predictions: [0, 1, 1, 1], classCount: 3)
/// print(report.precision)          // [1.0, 0.333…, 0.0]: class 2 was never predicted
/// print(report.macro.f1, report.weighted.f1)
/// ```
public struct ClassificationReport: Sendable, Equatable {
    public let precision: [Double]
    public let recall: [Double]
    public let f1: [Double]
    /// The number of samples of each class.
    public let support: [Int]
    /// The unweighted mean over classes.
    public let macro: AveragedScores
    /// The mean over classes weighted by support.
    public let weighted: AveragedScores

    /// Precision, recall and F1 folded into one number each.
    public struct AveragedScores: Sendable, Equatable {
        public let precision: Double
        public let recall: Double
        public let f1: Double
    }

    public init(_ confusion: ConfusionMatrix, zeroDivision: ZeroDivision = .zero) {
        let truePositives = confusion.truePositives, predicted = confusion.predictedCounts
        support = confusion.support
        precision = zip(truePositives, predicted).map { zeroDivision.divide($0, $1) }
        recall = zip(truePositives, support).map { zeroDivision.divide($0, $1) }
        f1 = zip(precision, recall).map { precision, recall in
            let sum = precision + recall
            return sum == 0 ? 0 : 2 * precision * recall / sum
        }
        let equalWeights = [Double](repeating: 1, count: support.count)
        let supportWeights = support.map(Double.init)
        macro = AveragedScores(
            precision: nanAverage(precision, weights: equalWeights), recall: nanAverage(recall, weights: equalWeights),
            f1: nanAverage(f1, weights: equalWeights))
        weighted = AveragedScores(
            precision: nanAverage(precision, weights: supportWeights),
            recall: nanAverage(recall, weights: supportWeights), f1: nanAverage(f1, weights: supportWeights))
    }

    /// - Throws: `MetricsError` when the arrays differ in length, are empty, or hold a class outside the range.
    public init(
        labels: [Int], predictions: [Int], classCount: Int? = nil, zeroDivision: ZeroDivision = .zero
    ) throws(MetricsError) {
        self.init(try ConfusionMatrix(labels: labels, predictions: predictions, classCount: classCount),
                  zeroDivision: zeroDivision)
    }
}

/// The weighted mean of the non-NaN values (NaN when all are NaN); an unweighted mean when their weights sum to 0,
/// as scikit-learn's `_nanaverage`.
private func nanAverage(_ values: [Double], weights: [Double]) -> Double {
    let kept = zip(values, weights).filter { !$0.0.isNaN }
    guard !kept.isEmpty else { return .nan }
    let weightSum = kept.reduce(0) { $0 + $1.1 }
    guard weightSum > 0 else { return kept.reduce(0) { $0 + $1.0 } / Double(kept.count) }
    return kept.reduce(0) { $0 + $1.0 * $1.1 } / weightSum
}
