/// Counts of (true class, predicted class) pairs, and the metrics that depend on them alone.
///
/// `counts[t][p]` is the number of samples of class `t` predicted as `p` (scikit-learn's `confusion_matrix` with
/// `labels=range(classCount)`).
///
/// ```swift
/// let matrix = try ConfusionMatrix(labels: [0, 0, 1, 2], predictions: [0, 1, 1, 2], classCount: 3)
/// print(matrix.counts)                       // [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
/// print(matrix.normalized(over: .trueLabels)[0])   // [0.5, 0.5, 0.0]
/// print(matrix.balancedAccuracy(), matrix.cohenKappa())
/// ```
public struct ConfusionMatrix: Sendable, Equatable {
    /// `counts[trueClass][predictedClass]`.
    public let counts: [[Int]]

    /// - Parameter classCount: the number of classes; nil takes one more than the largest label or prediction.
    ///   Give it when the last classes may be absent from both.
    /// - Throws: `MetricsError` when the arrays differ in length, are empty, or hold a class outside the range.
    public init(labels: [Int], predictions: [Int], classCount: Int? = nil) throws(MetricsError) {
        try validateSameCount(labels.count, "labels", predictions.count, "predictions")
        let count = classCount ?? ((labels + predictions).max() ?? -1) + 1
        try validateLabels(labels, classCount: count)
        try validateLabels(predictions, classCount: count, name: "predictions")
        var counts = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
        for (label, prediction) in zip(labels, predictions) { counts[label][prediction] += 1 }
        self.counts = counts
    }

    public var classCount: Int { counts.count }

    public var sampleCount: Int { counts.joined().reduce(0, +) }

    /// The number of samples of each true class (row sums).
    public var support: [Int] { counts.map { $0.reduce(0, +) } }

    /// The number of samples predicted as each class (column sums).
    public var predictedCounts: [Int] {
        (0..<classCount).map { column in counts.reduce(0) { $0 + $1[column] } }
    }

    /// Correct predictions of each class (the diagonal).
    public var truePositives: [Int] { (0..<classCount).map { counts[$0][$0] } }

    /// The fraction of correct predictions.
    public var accuracy: Double {
        Double(truePositives.reduce(0, +)) / Double(sampleCount)
    }

    /// What the counts are divided by, as scikit-learn's `normalize` argument.
    public enum Normalization: Sendable {
        /// Each row sums to 1 (`normalize="true"`): the diagonal is each class's recall.
        case trueLabels
        /// Each column sums to 1 (`normalize="pred"`): the diagonal is each class's precision.
        case predictions
        /// All cells sum to 1 (`normalize="all"`).
        case all
    }

    /// The counts as fractions; a row or column with no samples is all zeros, as in scikit-learn.
    public func normalized(over normalization: Normalization) -> [[Double]] {
        let rowSums = support, columnSums = predictedCounts, total = sampleCount
        return counts.indices.map { row in
            counts[row].indices.map { column in
                let denominator = switch normalization {
                case .trueLabels: rowSums[row]
                case .predictions: columnSums[column]
                case .all: total
                }
                return denominator == 0 ? 0 : Double(counts[row][column]) / Double(denominator)
            }
        }
    }

    /// The mean recall over the classes present in the labels (scikit-learn's `balanced_accuracy_score`); classes
    /// with no samples are left out. `adjusted` rescales it so that chance scores 0 and perfect scores 1.
    public func balancedAccuracy(adjusted: Bool = false) -> Double {
        let recalls = zip(truePositives, support).filter { $0.1 > 0 }.map { Double($0.0) / Double($0.1) }
        let score = recalls.reduce(0, +) / Double(recalls.count)
        guard adjusted else { return score }
        let chance = 1 / Double(recalls.count)
        return (score - chance) / (1 - chance)
    }

    /// How disagreements are weighed in ``cohenKappa(weighting:)``.
    public enum KappaWeighting: Sendable {
        /// Every disagreement weighs 1.
        case unweighted
        /// A disagreement between classes i and j weighs |i − j|.
        case linear
        /// A disagreement between classes i and j weighs (i − j)².
        case quadratic
    }

    /// Agreement between labels and predictions beyond chance (scikit-learn's `cohen_kappa_score`):
    /// 1 − Σ w·observed / Σ w·expected, where `expected` is the outer product of the row and column sums over the
    /// sample count. Linear and quadratic weights use the class indices, as scikit-learn does given
    /// `labels=range(classCount)`. NaN when chance agreement is already perfect.
    public func cohenKappa(weighting: KappaWeighting = .unweighted) -> Double {
        let rowSums = support, columnSums = predictedCounts, total = Double(sampleCount)
        var observed = 0.0, expected = 0.0
        for row in 0..<classCount {
            for column in 0..<classCount {
                let distance = Double(Swift.abs(row - column))
                let weight: Double = switch weighting {
                case .unweighted: row == column ? 0 : 1
                case .linear: distance
                case .quadratic: distance * distance
                }
                observed += weight * Double(counts[row][column])
                expected += weight * Double(rowSums[row]) * Double(columnSums[column]) / total
            }
        }
        return 1 - observed / expected
    }
}
