import FoveaMetrics
import FoveaTestSupport
import Testing

/// ROC and precision–recall curves against scikit-learn 1.2's `roc_curve` and `precision_recall_curve`.
@Suite("Curves")
struct CurveTests {
    /// Labels, scores and the positive label of each fixture case.
    private func input(_ name: String) throws -> (labels: [Int], scores: [Double], positive: Int) {
        let fixture = try Fixture.classification.get()
        guard name == "multiclass.class2" else {
            return (try fixture.integers("\(name).labels"), try fixture.doubles("\(name).scores"), 1)
        }
        let scores = try fixture.scores("multiclass.scores")
        return (try fixture.integers("multiclass.labels"), (0..<scores.rowCount).map { scores[$0, 2] }, 2)
    }

    static let cases = ["curve_example", "collinear", "binary", "ties", "multiclass.class2"]

    @Test("ROC curve: points, dropped collinear points and thresholds", arguments: cases)
    func roc(_ name: String) throws {
        let fixture = try Fixture.classification.get()
        let (labels, scores, positive) = try input(name)
        let curve = try rocCurve(labels: labels, scores: scores, positiveLabel: positive)
        expectClose(curve.falsePositiveRates, try fixture.doubles("\(name).roc.fpr"), rtol: 1e-12, "\(name) FPR")
        expectClose(curve.truePositiveRates, try fixture.doubles("\(name).roc.tpr"), rtol: 1e-12, "\(name) TPR")
        // Thresholds are the scores themselves (and the highest + 1): exactly equal.
        #expect(curve.thresholds == (try fixture.doubles("\(name).roc.thresholds")), "\(name) thresholds")
        expectClose([curve.area], [try fixture.double("\(name).roc.auc")], rtol: 1e-12, "\(name) AUC")
    }

    @Test("precision-recall curve: points and thresholds", arguments: cases)
    func precisionRecall(_ name: String) throws {
        let fixture = try Fixture.classification.get()
        let (labels, scores, positive) = try input(name)
        let curve = try precisionRecallCurve(labels: labels, scores: scores, positiveLabel: positive)
        expectClose(curve.precisions, try fixture.doubles("\(name).pr.precision"), rtol: 1e-12, "\(name) precision")
        expectClose(curve.recalls, try fixture.doubles("\(name).pr.recall"), rtol: 1e-12, "\(name) recall")
        #expect(curve.thresholds == (try fixture.doubles("\(name).pr.thresholds")), "\(name) thresholds")
        expectClose(
            [curve.averagePrecision], [try fixture.double("\(name).pr.average_precision")], rtol: 1e-12, "\(name) AP")
    }

    @Test("one class only: an error where scikit-learn warns and returns NaN rates or recall 1")
    func singleClass() throws {
        // All positive: no false-positive rate. All negative: no true-positive rate, no recall.
        #expect(throws: MetricsError.self) { try rocCurve(labels: [1, 1, 1], scores: [0.2, 0.5, 0.9]) }
        #expect(throws: MetricsError.self) { try rocCurve(labels: [0, 0, 0], scores: [0.2, 0.5, 0.9]) }
        #expect(throws: MetricsError.self) { try precisionRecallCurve(labels: [0, 0], scores: [0.2, 0.5]) }
        // All positive still has a precision-recall curve: precision 1 at every threshold, as scikit-learn gives.
        let curve = try precisionRecallCurve(labels: [1, 1, 1], scores: [0.2, 0.5, 0.5])
        #expect(curve.precisions == [1, 1, 1] && curve.recalls == [1, 2.0 / 3, 0] && curve.thresholds == [0.2, 0.5])
    }

    @Test("bad input is an error naming the problem")
    func badInput() {
        #expect(throws: MetricsError.self) { try rocCurve(labels: [0, 1], scores: [0.5]) }
        #expect(throws: MetricsError.self) { try rocCurve(labels: [], scores: []) }
        #expect(throws: MetricsError.self) { try precisionRecallCurve(labels: [0, 1], scores: [0.5, .infinity]) }
    }
}
