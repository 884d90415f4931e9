import FoveaMetrics
import FoveaTensor
import FoveaTestSupport
import Testing

/// Top-k accuracy, ROC AUC, average precision, log loss and calibration against scikit-learn and NumPy.
@Suite("Score metrics")
struct ScoreMetricTests {
    @Test("top-k accuracy, ties broken as scikit-learn does", arguments: ["multiclass", "tiedmulticlass"])
    func topK(_ name: String) throws {
        let fixture = try Fixture.classification.get()
        let labels = try fixture.integers("\(name).labels"), scores = try fixture.scores("\(name).scores")
        for k in 1...scores.columnCount {
            expectClose(
                [try topKAccuracy(labels: labels, scores: scores, k: k)], [try fixture.double("\(name).top\(k)")],
                rtol: 1e-6, "\(name) top-\(k)")
        }
    }

    @Test("binary ROC AUC and average precision", arguments: ["binary", "ties"])
    func binaryRanking(_ name: String) throws {
        let fixture = try Fixture.classification.get()
        let labels = try fixture.integers("\(name).labels"), scores = try fixture.doubles("\(name).scores")
        expectClose(
            [try rocAUC(labels: labels, scores: scores)], [try fixture.double("\(name).roc_auc")], rtol: 1e-6,
            "\(name) ROC AUC")
        expectClose(
            [try averagePrecision(labels: labels, scores: scores)], [try fixture.double("\(name).average_precision")],
            rtol: 1e-6, "\(name) average precision")
    }

    @Test("one-vs-rest ROC AUC and average precision, macro and weighted")
    func oneVersusRest() throws {
        let fixture = try Fixture.classification.get()
        let labels = try fixture.integers("multiclass.labels"), scores = try fixture.scores("multiclass.scores")
        for (key, average) in [("macro", Averaging.macro), ("weighted", .weighted)] {
            expectClose(
                [try rocAUC(labels: labels, scores: scores, average: average),
                 try averagePrecision(labels: labels, scores: scores, average: average)],
                [try fixture.double("multiclass.roc_auc.\(key)"),
                 try fixture.double("multiclass.average_precision.\(key)")],
                rtol: 1e-6, "ROC AUC and AP, \(key)")
        }
    }

    @Test("ROC AUC is undefined for a class with no samples")
    func undefinedAUC() throws {
        let fixture = try Fixture.classification.get()
        let labels = try fixture.integers("multiclass.labels").map { $0 == 3 ? 2 : $0 }
        let scores = try fixture.scores("multiclass.scores")
        #expect(throws: MetricsError.self) { try rocAUC(labels: labels, scores: scores) }
        #expect(throws: MetricsError.self) { try averagePrecision(labels: labels, scores: scores) }
        #expect(throws: MetricsError.self) { try rocAUC(labels: [1, 1], scores: [0.2, 0.3]) }
    }

    @Test("log loss, with scikit-learn 1.2's clipping")
    func logLosses() throws {
        let fixture = try Fixture.classification.get()
        expectClose(
            [try logLoss(labels: fixture.integers("multiclass.labels"), probabilities: fixture.scores("multiclass.scores")),
             try logLoss(labels: fixture.integers("binary.labels"), positiveProbabilities: fixture.doubles("binary.scores"))],
            [try fixture.double("multiclass.log_loss"), try fixture.double("binary.log_loss")], rtol: 1e-6, "log loss")
        let labels = try fixture.integers("clipping.labels"), exact = try fixture.scores("clipping.scores")
        expectClose(
            [try logLoss(labels: labels, probabilities: exact),
             try logLoss(labels: labels, probabilities: exact, epsilon: Double(Float.ulpOfOne)),
             try logLoss(
                labels: fixture.integers("clipping.binary_labels"),
                positiveProbabilities: fixture.doubles("clipping.binary_scores"))],
            [try fixture.double("clipping.log_loss"), try fixture.double("clipping.log_loss.float32_eps"),
             try fixture.double("clipping.binary_log_loss")],
            rtol: 1e-6, "log loss of exact zeros and ones")
    }

    @Test("expected and maximum calibration error", arguments: [
        ("multiclass", 10), ("multiclass", 15), ("edges", 3), ("edges", 4), ("edges", 10), ("edges", 25),
    ])
    func calibration(_ name: String, _ binCount: Int) throws {
        let fixture = try Fixture.classification.get()
        let calibration = try Calibration(
            labels: fixture.integers("\(name).labels"), probabilities: fixture.scores("\(name).scores"),
            binCount: binCount)
        expectClose(
            [calibration.expectedCalibrationError, calibration.maximumCalibrationError],
            try fixture.doubles("\(name).calibration\(binCount)"), rtol: 1e-6, atol: 1e-12, "\(name), \(binCount) bins")
        #expect(calibration.bins.reduce(0) { $0 + $1.count } == (try fixture.integers("\(name).labels").count))
    }

    @Test("a confidence on a bin edge belongs to the lower bin")
    func binEdges() throws {
        let calibration = try Calibration(
            labels: [0, 0, 1], probabilities: ScoreMatrix(rows: [[0.3, 0.7], [0.7, 0.3], [0.5, 0.5]]), binCount: 10)
        #expect(calibration.bins[6].count == 2)   // 0.7 in (0.6, 0.7]
        #expect(calibration.bins[4].count == 1)   // 0.5 in (0.4, 0.5]
    }

    @Test("score matrices from tensors")
    func fromTensor() throws {
        let tensor = try Tensor([0.1, 0.9, 0.8, 0.2] as [Float], shape: [2, 2])
        let scores = try ScoreMatrix(tensor)
        #expect(scores.predictedClasses == [1, 0])
        #expect(throws: MetricsError.self) { try ScoreMatrix(tensor.flattened()) }
    }
}
