/// How well predicted confidences match observed accuracy, over equal-width confidence bins (top-label
/// calibration, as Guo et al., "On Calibration of Modern Neural Networks", 2017).
///
/// Each sample's confidence is its highest probability and its prediction that class (the lowest index on a tie).
/// Bin `b` of `binCount` holds the confidences in `(b / binCount, (b + 1) / binCount]`, the first bin also 0.
///
///     ECE = Σ_b (n_b / N) · |accuracy_b − meanConfidence_b|
///     MCE = max over non-empty bins of |accuracy_b − meanConfidence_b|
///
/// ```swift
/// let probabilities = try ScoreMatrix(rows: [[0.9, 0.1], [0.6, 0.4], [0.2, 0.8]])
/// let calibration = try Calibration(labels: [0, 1, 1], probabilities: probabilities, binCount: 10)
/// print(calibration.expectedCalibrationError)
/// ```
public struct Calibration: Sendable, Equatable {
    /// The bins, lowest confidence first; an empty bin has accuracy and mean confidence 0.
    public let bins: [Bin]
    /// The sample-weighted mean gap between accuracy and confidence.
    public let expectedCalibrationError: Double
    /// The largest gap between accuracy and confidence over the non-empty bins.
    public let maximumCalibrationError: Double

    /// One confidence interval and the samples that fell in it.
    public struct Bin: Sendable, Equatable {
        public let lowerBound: Double
        public let upperBound: Double
        public let count: Int
        /// The fraction of the bin's samples predicted correctly.
        public let accuracy: Double
        public let meanConfidence: Double
    }

    /// - Throws: `MetricsError` when the lengths differ, a label is not a column, `binCount < 1`, or a probability
    ///   lies outside [0, 1].
    public init(labels: [Int], probabilities: ScoreMatrix, binCount: Int = 15) throws(MetricsError) {
        guard binCount >= 1 else { throw MetricsError("binCount must be at least 1, got \(binCount)") }
        try validateSameCount(labels.count, "labels", probabilities.rowCount, "probability rows")
        try validateLabels(labels, classCount: probabilities.columnCount)
        if let bad = probabilities.values.first(where: { !(0...1).contains($0) }) {
            throw MetricsError("probability \(bad) lies outside [0, 1]")
        }
        let boundaries = (0...binCount).map { Double($0) / Double(binCount) }
        var counts = [Int](repeating: 0, count: binCount)
        var correct = [Int](repeating: 0, count: binCount)
        var confidenceSums = [Double](repeating: 0, count: binCount)
        for (sample, prediction) in probabilities.predictedClasses.enumerated() {
            let confidence = probabilities[sample, prediction]
            let bin = Calibration.bin(of: confidence, boundaries: boundaries)
            counts[bin] += 1
            confidenceSums[bin] += confidence
            if prediction == labels[sample] { correct[bin] += 1 }
        }
        bins = (0..<binCount).map { bin in
            let count = Double(Swift.max(counts[bin], 1))
            return Bin(
                lowerBound: boundaries[bin], upperBound: boundaries[bin + 1], count: counts[bin],
                accuracy: Double(correct[bin]) / count, meanConfidence: confidenceSums[bin] / count)
        }
        let filled = bins.filter { $0.count > 0 }
        expectedCalibrationError = filled.reduce(0) {
            $0 + Double($1.count) / Double(labels.count) * Swift.abs($1.accuracy - $1.meanConfidence)
        }
        maximumCalibrationError = filled.map { Swift.abs($0.accuracy - $0.meanConfidence) }.max() ?? 0
    }

    /// The index of the bin `(boundaries[b], boundaries[b + 1]]` holding `confidence` (bin 0 also holds 0).
    private static func bin(of confidence: Double, boundaries: [Double]) -> Int {
        let binCount = boundaries.count - 1
        var bin = Swift.min(Swift.max(Int((confidence * Double(binCount)).rounded(.up)) - 1, 0), binCount - 1)
        // The product may round across a boundary: settle the bin by comparing with the boundaries themselves.
        while bin > 0, confidence <= boundaries[bin] { bin -= 1 }
        while bin < binCount - 1, confidence > boundaries[bin + 1] { bin += 1 }
        return bin
    }
}

/// The expected calibration error of top-label confidences over `binCount` equal-width bins (see ``Calibration``).
///
/// ```swift
/// try expectedCalibrationError(labels: labels, probabilities: ScoreMatrix(logits.softmax(dim: 1)))
/// ```
public func expectedCalibrationError(
    labels: [Int], probabilities: ScoreMatrix, binCount: Int = 15
) throws(MetricsError) -> Double {
    try Calibration(labels: labels, probabilities: probabilities, binCount: binCount).expectedCalibrationError
}
