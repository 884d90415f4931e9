import Foundation
import FoveaData
import FoveaMetrics
import FoveaNN
import FoveaTensor
import FoveaTraining
import Testing

@Suite struct EvaluationSummaryTests {
    /// Six samples of three classes whose every metric is worked out by hand below.
    static let handWorked = PredictionSet(
        classes: ["a", "b", "c"], labels: [0, 0, 1, 1, 2, 2],
        probabilities: try! ScoreMatrix(rows: [
            [0.7, 0.2, 0.1], [0.3, 0.6, 0.1], [0.1, 0.8, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.5, 0.2, 0.3],
        ]),
        losses: [0.7, 0.3, 0.8, 0.5, 0.8, 0.3].map { -log($0) })

    @Test func metricsOfAHandWorkedCase() throws {
        let summary = try EvaluationSummary(Self.handWorked, topLossCount: 2)
        // Predictions 0, 1, 1, 1, 2, 0: four of six right.
        #expect(summary.confusion == [[1, 1, 0], [0, 2, 0], [1, 0, 1]])
        #expect(abs(summary.accuracy - 4.0 / 6) < 1e-12)
        // Recalls ½, 1, ½; precisions ½, ⅔, 1.
        #expect(abs(summary.balancedAccuracy - 2.0 / 3) < 1e-12)
        #expect(abs(summary.macroAverage.precision - (0.5 + 2.0 / 3 + 1) / 3) < 1e-12)
        // Agreement 4/6, chance (2·2 + 2·3 + 2·1) / 36 = 1/3: κ = (2/3 − 1/3) / (1 − 1/3) = ½.
        #expect(abs(summary.cohenKappa - 0.5) < 1e-12)
        // Class a's column: positives 0.7 and 0.3 against 0.1, 0.2, 0.1, 0.5: 7 of 8 pairs ordered right.
        #expect(abs((summary.perClass[0].rocAUC ?? 0) - 7.0 / 8) < 1e-12)
        #expect(summary.topKAccuracy.isEmpty, "top-3 of three classes says nothing")
        // Samples 1 and 5 both lose −ln 0.3; the lower index comes first.
        #expect(summary.topLosses.map(\.index) == [1, 5])
        #expect(summary.topLosses[0].predicted == 1 && abs(summary.topLosses[0].probability - 0.6) < 1e-12)
        #expect(abs(summary.loss - [0.7, 0.3, 0.8, 0.5, 0.8, 0.3].map { -log($0) }.reduce(0, +) / 6) < 1e-12)
        #expect(summary.calibrationBins.reduce(0) { $0 + $1.count } == 6)
    }

    @Test func aClassMissingFromTheLabelsHasNoRankingScores() throws {
        let predictions = PredictionSet(
            classes: ["a", "b", "c"], labels: [0, 1, 0],
            probabilities: try ScoreMatrix(rows: [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.4, 0.5, 0.1]]),
            losses: [0.6, 0.7, 0.4].map { -log($0) })
        let summary = try EvaluationSummary(predictions)
        #expect(summary.perClass[2].rocAUC == nil && summary.perClass[2].support == 0)
        // a: positives 0.6, 0.4 against 0.2 → 1; b: positive 0.7 against 0.3, 0.5 → 1.
        #expect(summary.rocAUC == 1)
    }

    /// The probabilities and losses of a linear model on two-pixel images, against the softmax worked out in Swift.
    @Test func predictionsAreTheSoftmaxOfTheLogits() throws {
        let pixels: [UInt8] = [0, 255, 51, 102, 255, 0]
        let data = try LabeledImages(
            images: Tensor(pixels, shape: [3, 1, 1, 2]), labels: Tensor([2, 0, 1] as [Int64]), classes: ["x", "y", "z"])
        let linear = try Linear(inputFeatures: 2, outputFeatures: 3)
        let weights: [Float] = [1, -2, 0.5, 3, -1, 1], bias: [Float] = [0.1, 0, -0.2]
        _ = try linear.loadStateDict([
            ("weight", Tensor(weights, shape: [3, 2]).record()), ("bias", Tensor(bias).record()),
        ])
        let model = Sequential(Flatten(), linear)
        let loader = try BatchLoader(
            data: data, batchSize: 2, shuffle: false, normalization: Normalization(mean: [0.5], std: [0.25]))
        let predictions = try PredictionSet.compute(model: model, loader: loader)
        for sample in 0..<3 {
            let x = pixels[2 * sample..<2 * sample + 2].map { (Double($0) / 255 - 0.5) / 0.25 }
            let logits = (0..<3).map { Double(weights[2 * $0]) * x[0] + Double(weights[2 * $0 + 1]) * x[1] + Double(bias[$0]) }
            let total = logits.map { exp($0) }.reduce(0, +)
            for column in 0..<3 {
                #expect(abs(predictions.probabilities[sample, column] - exp(logits[column]) / total) < 1e-5)
            }
            let label = predictions.labels[sample]
            #expect(abs(predictions.losses[sample] + log(exp(logits[label]) / total)) < 1e-5)
        }
        #expect(predictions.labels == [2, 0, 1])
    }
}
