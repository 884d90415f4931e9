import Foundation
import FoveaMetrics

@testable import FoveaReport

/// Charts like those a training report shows, from seeded synthetic numbers.
enum SampleCharts {
    static let fashion = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// A deterministic generator (SplitMix64), so that the pictures are the same on every run.
    struct Generator {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    /// A confusion matrix of `classCount` classes: mostly right, the errors on the next two classes.
    static func confusion(classCount: Int, perClass: Int = 100, seed: UInt64 = 1) -> [[Int]] {
        var generator = Generator(state: seed)
        return (0..<classCount).map { row in
            var counts = [Int](repeating: 0, count: classCount)
            for _ in 0..<perClass {
                let draw = generator.next()
                let predicted = draw < 0.8 ? row : draw < 0.92 ? (row + 1) % classCount : (row + 2) % classCount
                counts[predicted] += 1
            }
            return counts
        }
    }

    /// Labels and per-class probabilities of `classCount` classes, the true class favoured.
    static func scores(classCount: Int, samples: Int, seed: UInt64 = 2) throws -> (labels: [Int], scores: ScoreMatrix) {
        var generator = Generator(state: seed)
        var labels: [Int] = [], rows: [[Double]] = []
        for sample in 0..<samples {
            let label = sample % classCount
            let logits = (0..<classCount).map { 3 * generator.next() + ($0 == label ? 2.2 * generator.next() + 0.4 : 0) }
            let exponentials = logits.map { exp($0) }
            let total = exponentials.reduce(0, +)
            labels.append(label)
            rows.append(exponentials.map { $0 / total })
        }
        return (labels, try ScoreMatrix(rows: rows))
    }

    static func all() throws -> [(String, any Chart)] {
        let classCount = 10
        let (labels, scores) = try scores(classCount: classCount, samples: 2000)
        let column = { (index: Int) in (0..<scores.rowCount).map { scores[$0, index] } }
        let matrix = try ConfusionMatrix(labels: labels, predictions: scores.predictedClasses, classCount: classCount)
        let precision = (0..<classCount).map { Double(matrix.truePositives[$0]) / Double(max(matrix.predictedCounts[$0], 1)) }
        let recall = (0..<classCount).map { Double(matrix.truePositives[$0]) / Double(max(matrix.support[$0], 1)) }
        let f1 = zip(precision, recall).map { 2 * $0 * $1 / max($0 + $1, 1e-12) }
        let epochs = Array(1...12)
        let trainLoss = epochs.map { 0.3 + 1.6 * exp(-Double($0) / 3) }
        let validLoss = epochs.map { 0.42 + 1.4 * exp(-Double($0) / 3) + 0.012 * Double($0) }
        let rates = (0..<100).map { 1e-7 * pow(10, Double($0) / 99 * 8) }
        let lrLosses = rates.map { rate -> Double in
            let x = log10(rate)
            return 2.3 - 1.5 / (1 + exp(-(x + 3.5) * 2)) + (x > -1.2 ? pow(x + 1.2, 2) * 3 : 0)
        }
        let hundred = (0..<100).map { "class \($0)" }
        let wave = (0..<100).map { (index: Int) -> Double in 0.5 + 0.5 * pow(sin(Double(index) / 7), 2) }
        return [
            ("confusion-fashion", try ConfusionMatrixChart(matrix, classNames: fashion)),
            ("confusion-2", try ConfusionMatrixChart(classNames: ["cat", "dog"], counts: [[812, 64], [131, 993]])),
            ("confusion-100", try ConfusionMatrixChart(classNames: hundred, counts: confusion(classCount: 100, perClass: 30))),
            ("bars-per-class", try BarChart(
                title: "Per-class precision, recall and F1", categories: fashion,
                series: [
                    .init(name: "Precision", values: precision), .init(name: "Recall", values: recall),
                    .init(name: "F1", values: f1),
                ],
                valueAxis: ChartAxis("Score", range: 0...1))),
            ("bars-one-series", try BarChart(
                title: "Accuracy per class", categories: fashion, series: [.init(name: "Accuracy", values: recall)],
                valueAxis: ChartAxis("Accuracy", range: 0...1))),
            ("bars-100", try BarChart(
                title: "Recall per class", categories: hundred,
                series: [.init(name: "Recall", values: wave)],
                valueAxis: ChartAxis("Recall", range: 0...1))),
            ("learning-loss", try LineChart.learningCurves(
                title: "Loss", yLabel: "Cross-entropy", epochs: epochs,
                series: [("train", trainLoss), ("valid", validLoss)])),
            ("lr-finder", try LineChart.learningRateFinder(
                rates: rates, losses: lrLosses, suggestions: [("steepest", 3.2e-4), ("minimum/10", 4.1e-3)])),
            ("roc", try LineChart.rocCurves(try (0..<classCount).map {
                (fashion[$0], try rocCurve(labels: labels, scores: column($0), positiveLabel: $0))
            })),
            ("precision-recall", try LineChart.precisionRecallCurves(try (0..<3).map {
                (fashion[$0], try precisionRecallCurve(labels: labels, scores: column($0), positiveLabel: $0))
            })),
            ("reliability", try ReliabilityDiagram(Calibration(labels: labels, probabilities: scores, binCount: 15))),
        ]
    }
}
