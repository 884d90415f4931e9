import FoveaMetrics
import FoveaTestSupport
import Testing

/// Accuracy, confusion matrices, precision/recall/F1, balanced accuracy and Cohen's kappa against scikit-learn.
@Suite("Classification metrics")
struct ClassificationTests {
    /// `imbalanced`: six classes, 4 and 5 never labels, 2 and 5 never predicted. The others: argmax predictions.
    static let cases = ["imbalanced", "multiclass", "tiedmulticlass"]

    private func predictions(_ fixture: Fixture, _ name: String) throws -> (labels: [Int], predictions: [Int], classes: Int) {
        if fixture.contains("\(name).predictions") {
            return (try fixture.integers("\(name).labels"), try fixture.integers("\(name).predictions"), 6)
        }
        let scores = try fixture.scores("\(name).scores")
        return (try fixture.integers("\(name).labels"), scores.predictedClasses, scores.columnCount)
    }

    @Test("confusion matrix, raw and normalised", arguments: cases)
    func confusionMatrix(_ name: String) throws {
        let fixture = try Fixture.classification.get()
        let (labels, predictions, classes) = try predictions(fixture, name)
        let matrix = try ConfusionMatrix(labels: labels, predictions: predictions, classCount: classes)
        #expect(matrix.counts.joined().map { $0 } == (try fixture.integers("\(name).confusion")))
        let normalizations: [(String, ConfusionMatrix.Normalization)] =
            [("true", .trueLabels), ("pred", .predictions), ("all", .all)]
        for (key, normalization) in normalizations {
            expectClose(
                Array(matrix.normalized(over: normalization).joined()), try fixture.doubles("\(name).confusion.\(key)"),
                rtol: 1e-6, atol: 1e-12, "\(name) normalised over \(key)")
        }
        expectClose([matrix.accuracy], [try fixture.double("\(name).accuracy")], rtol: 1e-6, "\(name) accuracy")
        expectClose(
            [try accuracy(labels: labels, predictions: predictions)], [try fixture.double("\(name).accuracy")],
            rtol: 1e-6, "\(name) accuracy()")
    }

    @Test("balanced accuracy and Cohen's kappa", arguments: cases)
    func agreement(_ name: String) throws {
        let fixture = try Fixture.classification.get()
        let (labels, predictions, classes) = try predictions(fixture, name)
        let matrix = try ConfusionMatrix(labels: labels, predictions: predictions, classCount: classes)
        expectClose(
            [matrix.balancedAccuracy(), matrix.balancedAccuracy(adjusted: true)],
            [try fixture.double("\(name).balanced_accuracy"), try fixture.double("\(name).balanced_accuracy.adjusted")],
            rtol: 1e-6, "\(name) balanced accuracy")
        let weightings: [(String, ConfusionMatrix.KappaWeighting)] =
            [("unweighted", .unweighted), ("linear", .linear), ("quadratic", .quadratic)]
        for (key, weighting) in weightings {
            expectClose(
                [matrix.cohenKappa(weighting: weighting)], [try fixture.double("\(name).kappa.\(key)")], rtol: 1e-6,
                "\(name) kappa \(key)")
        }
    }

    @Test("precision, recall and F1 for every zero_division", arguments: cases)
    func report(_ name: String) throws {
        let fixture = try Fixture.classification.get()
        let (labels, predictions, classes) = try predictions(fixture, name)
        let divisions: [(String, ZeroDivision)] = [("warn", .zero), ("zero", .zero), ("one", .one), ("nan", .nan)]
        for (key, zeroDivision) in divisions {
            let report = try ClassificationReport(
                labels: labels, predictions: predictions, classCount: classes, zeroDivision: zeroDivision)
            let prefix = "\(name).report.\(key)"
            expectClose(
                report.precision + report.recall + report.f1, try fixture.doubles("\(prefix).per_class"), rtol: 1e-6,
                atol: 1e-12, "\(prefix) per class")
            expectClose(
                [report.macro.precision, report.macro.recall, report.macro.f1], try fixture.doubles("\(prefix).macro"),
                rtol: 1e-6, "\(prefix) macro")
            expectClose(
                [report.weighted.precision, report.weighted.recall, report.weighted.f1],
                try fixture.doubles("\(prefix).weighted"), rtol: 1e-6, "\(prefix) weighted")
        }
    }

    @Test("the imbalanced case has the empty classes it claims")
    func emptyClasses() throws {
        let fixture = try Fixture.classification.get()
        let matrix = try ConfusionMatrix(
            labels: fixture.integers("imbalanced.labels"), predictions: fixture.integers("imbalanced.predictions"),
            classCount: 6)
        #expect(matrix.support[4] == 0 && matrix.support[5] == 0)
        #expect(matrix.predictedCounts[2] == 0 && matrix.predictedCounts[5] == 0 && matrix.predictedCounts[4] > 0)
        let report = ClassificationReport(matrix, zeroDivision: .nan)
        #expect(report.precision[2].isNaN && report.recall[4].isNaN && report.f1[5].isNaN)
    }

    @Test("a small case by hand")
    func byHand() throws {
        let matrix = try ConfusionMatrix(labels: [0, 0, 1, 2], predictions: [0, 1, 1, 1])
        #expect(matrix.counts == [[1, 1, 0], [0, 1, 0], [0, 1, 0]])
        #expect(matrix.accuracy == 0.5)
        let report = ClassificationReport(matrix, zeroDivision: .one)
        #expect(report.precision == [1, 1.0 / 3, 1])
        #expect(report.recall == [0.5, 1, 0])
        #expect(report.f1[2] == 0)
    }
}
