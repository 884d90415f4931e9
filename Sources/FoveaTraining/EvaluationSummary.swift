import Foundation
import FoveaMetrics

/// Everything `fovea evaluate` reports about a classifier on a labelled set, computed from a ``PredictionSet``
/// with FoveaMetrics (each metric as scikit-learn defines it); saved as JSON.
///
/// A metric that is undefined on the data (ROC AUC of a class absent from it, say) is nil.
public struct EvaluationSummary: Codable, Sendable {
    public var classes: [String]
    public var count: Int
    /// The mean cross-entropy (natural log).
    public var loss: Double
    public var accuracy: Double
    /// Top-k accuracy for k = 3 and 5 where k is below the number of classes.
    public var topKAccuracy: [String: Double]
    public var balancedAccuracy: Double
    public var cohenKappa: Double
    /// One-vs-rest, macro-averaged over the classes present.
    public var rocAUC: Double?
    public var averagePrecision: Double?
    public var expectedCalibrationError: Double
    public var maximumCalibrationError: Double
    public var perClass: [ClassScores]
    public var macroAverage: Averages
    public var weightedAverage: Averages
    /// `confusion[true][predicted]` counts.
    public var confusion: [[Int]]
    public var calibrationBins: [CalibrationBin]
    /// The samples of highest loss, worst first.
    public var topLosses: [Sample]

    public struct ClassScores: Codable, Sendable {
        public var name: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
        public var rocAUC: Double?
        public var averagePrecision: Double?
    }

    public struct Averages: Codable, Sendable {
        public var precision: Double
        public var recall: Double
        public var f1: Double
    }

    public struct CalibrationBin: Codable, Sendable {
        public var lowerBound: Double
        public var upperBound: Double
        public var count: Int
        public var accuracy: Double
        public var meanConfidence: Double
    }

    /// One sample of the evaluation set: its index in the set's order, true and predicted class, the predicted
    /// class's probability and the true class's, and its loss.
    public struct Sample: Codable, Sendable {
        public var index: Int
        public var label: Int
        public var predicted: Int
        public var probability: Double
        public var trueProbability: Double
        public var loss: Double
    }

    /// - Parameter topLossCount: how many of the worst samples to keep in ``topLosses``.
    public init(_ predictions: PredictionSet, topLossCount: Int = 16, calibrationBins binCount: Int = 15) throws {
        let labels = predictions.labels, scores = predictions.probabilities, predicted = predictions.predictions
        let sampleCount = labels.count
        classes = predictions.classes
        count = sampleCount
        loss = predictions.losses.reduce(0, +) / Double(max(sampleCount, 1))
        let confusionMatrix = try ConfusionMatrix(labels: labels, predictions: predicted, classCount: classes.count)
        confusion = confusionMatrix.counts
        accuracy = confusionMatrix.accuracy
        balancedAccuracy = confusionMatrix.balancedAccuracy()
        cohenKappa = confusionMatrix.cohenKappa()
        topKAccuracy = [:]
        for k in [3, 5] where k < classes.count {
            topKAccuracy["top\(k)"] = try FoveaMetrics.topKAccuracy(labels: labels, scores: scores, k: k)
        }
        let report = ClassificationReport(confusionMatrix)
        let present = Set(labels)
        perClass = try predictions.classes.indices.map { index in
            // One-vs-rest scores need the class and some other class among the labels.
            let defined = present.contains(index) && present.count > 1
            let column = defined ? (0..<sampleCount).map { scores[$0, index] } : []
            return ClassScores(
                name: predictions.classes[index], precision: report.precision[index], recall: report.recall[index], f1: report.f1[index],
                support: report.support[index],
                rocAUC: defined ? try FoveaMetrics.rocAUC(labels: labels, scores: column, positiveLabel: index) : nil,
                averagePrecision: defined
                    ? try FoveaMetrics.averagePrecision(labels: labels, scores: column, positiveLabel: index) : nil)
        }
        rocAUC = Self.mean(perClass.compactMap(\.rocAUC))
        averagePrecision = Self.mean(perClass.compactMap(\.averagePrecision))
        macroAverage = Averages(precision: report.macro.precision, recall: report.macro.recall, f1: report.macro.f1)
        weightedAverage = Averages(
            precision: report.weighted.precision, recall: report.weighted.recall, f1: report.weighted.f1)
        let calibration = try Calibration(labels: labels, probabilities: scores, binCount: binCount)
        expectedCalibrationError = calibration.expectedCalibrationError
        maximumCalibrationError = calibration.maximumCalibrationError
        calibrationBins = calibration.bins.map {
            CalibrationBin(
                lowerBound: $0.lowerBound, upperBound: $0.upperBound, count: $0.count, accuracy: $0.accuracy,
                meanConfidence: $0.meanConfidence)
        }
        topLosses = predictions.topLosses(topLossCount).map { index in
            Sample(
                index: index, label: labels[index], predicted: predicted[index],
                probability: scores[index, predicted[index]], trueProbability: scores[index, labels[index]],
                loss: predictions.losses[index])
        }
    }

    /// The short form kept in the run folder and the run registry.
    public var evaluation: Evaluation {
        Evaluation(classes: classes, count: count, loss: loss, accuracy: accuracy, confusion: confusion)
    }

    private static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
