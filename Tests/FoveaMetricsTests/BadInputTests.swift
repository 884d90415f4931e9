import FoveaMetrics
import FoveaTensor
import Testing

/// Mismatched, empty and out-of-range inputs are refused with a `MetricsError` that says what is wrong.
@Suite("Bad input")
struct BadInputTests {
    private func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return (error as? MetricsError)?.message ?? "not a MetricsError: \(error)"
        }
    }

    @Test("classification metrics")
    func classification() throws {
        #expect(message { _ = try accuracy(labels: [0, 1], predictions: [0]) }.contains("2 labels but 1 predictions"))
        #expect(message { _ = try accuracy(labels: [], predictions: []) }.contains("no labels"))
        #expect(message { _ = try ConfusionMatrix(labels: [0, 3], predictions: [0, 1], classCount: 3) }.contains("3"))
        #expect(message { _ = try ConfusionMatrix(labels: [0, -1], predictions: [0, 1]) }.contains("-1"))
        let scores = try ScoreMatrix(rows: [[0.5, 0.5], [0.2, 0.8]])
        #expect(message { _ = try topKAccuracy(labels: [0, 1], scores: scores, k: 0) }.contains("k must be"))
        #expect(message { _ = try topKAccuracy(labels: [0, 2], scores: scores, k: 1) }.contains("outside 0..<2"))
        #expect(message { _ = try ScoreMatrix(rows: [[0.5, 0.5], [1]]) }.contains("row 1"))
        #expect(message { _ = try logLoss(labels: [0, 1], probabilities: scores, epsilon: 0.7) }.contains("epsilon"))
        #expect(message { _ = try rocAUC(labels: [0, 1], scores: [0.5, .nan]) }.contains("not finite"))
        #expect(message { _ = try Calibration(labels: [0, 1], probabilities: scores, binCount: 0) }.contains("binCount"))
        let outOfRange = try ScoreMatrix(rows: [[1.5, -0.5], [0.2, 0.8]])
        #expect(message { _ = try Calibration(labels: [0, 1], probabilities: outOfRange) }.contains("outside [0, 1]"))
    }

    @Test("retrieval and search")
    func retrieval() throws {
        let gallery = try Tensor.randomNormal([6, 4])
        #expect(
            message { _ = try nearestNeighbors(of: Tensor.randomNormal([2, 3]), in: gallery, k: 1) }
                .contains("3 dimensions but the gallery has 4"))
        #expect(message { _ = try nearestNeighbors(of: gallery, in: Tensor.zeros([0, 4]), k: 1) }.contains("no vectors"))
        #expect(message { _ = try nearestNeighbors(of: gallery, in: gallery, k: 7) }.contains("k = 7"))
        #expect(message { _ = try nearestNeighbors(of: gallery, in: gallery, k: 0) }.contains("k = 0"))
        #expect(message { _ = try nearestNeighbors(of: gallery, in: gallery, k: 1, chunkSize: 0) }.contains("chunkSize"))
        #expect(message { _ = try nearestNeighbors(of: gallery.flattened(), in: gallery, k: 1) }.contains("matrix"))
        let withNaN = try gallery.maskedFill(gallery.greater(1e9).logicalNot(), with: .nan)
        #expect(message { _ = try nearestNeighbors(of: gallery, in: withNaN, k: 1) }.contains("not finite"))
        #expect(
            message { _ = try RetrievalEvaluation.leaveOneOut(features: gallery, labels: [0, 1, 2]) }
                .contains("3 labels but 6 feature rows"))
        #expect(
            message { _ = try RetrievalEvaluation.leaveOneOut(features: gallery, labels: Array(0..<6), cutoffs: [6]) }
                .contains("cutoff k = 6"))
        #expect(
            message { _ = try RetrievalEvaluation.leaveOneOut(features: gallery.narrowed(dim: 0, start: 0, length: 1), labels: [0]) }
                .contains("at least two items"))
    }
}
