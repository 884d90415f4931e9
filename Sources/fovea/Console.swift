import Foundation
import FoveaTraining

/// Human or JSON output for the commands.
enum Console {
    static func info(_ message: String, json: Bool) {
        if json {
            emitJSON(["event": "info", "message": message])
        } else {
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }

    static func emitJSON(_ object: [String: Any]) {
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }

    static func printEvaluation(_ evaluation: Evaluation, json: Bool) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            if let data = try? encoder.encode(evaluation) { print(String(decoding: data, as: UTF8.self)) }
            return
        }
        print(String(format: "accuracy %.4f  loss %.4f  on %d images", evaluation.accuracy, evaluation.loss, evaluation.count))
        let nameWidth = min(evaluation.classes.map(\.count).max() ?? 0, 16)
        func name(_ text: String) -> String {
            String(text.prefix(nameWidth)).padding(toLength: nameWidth, withPad: " ", startingAt: 0)
        }
        print("\nper-class accuracy")
        for (index, accuracy) in evaluation.perClassAccuracy.enumerated() {
            print("  \(name(evaluation.classes[index]))  " + (accuracy.map { String(format: "%.3f", $0) } ?? "  —"))
        }
        print("\nconfusion matrix (rows: true, columns: predicted)")
        let cell = max(5, String(evaluation.confusion.flatMap { $0 }.max() ?? 0).count + 1)
        print("  " + String(repeating: " ", count: nameWidth) + evaluation.classes.indices.map {
            String($0).leftPadded(to: cell)
        }.joined())
        for (index, row) in evaluation.confusion.enumerated() {
            print("  \(name(evaluation.classes[index]))" + row.map { String($0).leftPadded(to: cell) }.joined())
        }
        let confused = evaluation.mostConfused(limit: 3)
        if !confused.isEmpty {
            print("\nmost confused: " + confused.map { "\($0.actual) → \($0.predicted) (\($0.count))" }.joined(separator: ", "))
        }
    }
}

extension Console {
    /// The metrics table of `fovea evaluate`: overall scores, then per class, then the most confused pairs.
    static func printSummary(_ summary: EvaluationSummary, json: Bool) throws {
        if json {
            print(String(decoding: try JSONFile.encoded(summary, pretty: false), as: UTF8.self))
            return
        }
        func score(_ value: Double?) -> String { value.map { $0.isNaN ? "—" : String(format: "%.4f", $0) } ?? "—" }
        print("\(summary.count) images, \(summary.classes.count) classes")
        var overall = [
            ("accuracy", summary.accuracy), ("balanced accuracy", summary.balancedAccuracy), ("Cohen's kappa", summary.cohenKappa),
            ("loss (cross-entropy)", summary.loss), ("expected calibration error", summary.expectedCalibrationError),
        ].map { ($0.0, score($0.1)) }
        overall += summary.topKAccuracy.sorted { $0.key < $1.key }.map { ("\($0.key.dropFirst(3))-best accuracy", score($0.value)) }
        overall += [("ROC AUC (one-vs-rest, macro)", score(summary.rocAUC)), ("average precision (macro)", score(summary.averagePrecision))]
        let labelWidth = overall.map(\.0.count).max() ?? 0
        for (label, value) in overall { print("  " + label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  " + value) }

        let nameWidth = min(max(summary.classes.map(\.count).max() ?? 0, 12), 24)
        func name(_ text: String) -> String { String(text.prefix(nameWidth)).padding(toLength: nameWidth, withPad: " ", startingAt: 0) }
        let columns = ["precision", "recall", "F1", "support", "ROC AUC", "AP"]
        print("\n  " + name("class") + columns.map { $0.leftPadded(to: 10) }.joined())
        for row in summary.perClass {
            let cells = [score(row.precision), score(row.recall), score(row.f1), String(row.support), score(row.rocAUC),
                         score(row.averagePrecision)]
            print("  " + name(row.name) + cells.map { $0.leftPadded(to: 10) }.joined())
        }
        for (label, average) in [("macro avg", summary.macroAverage), ("weighted avg", summary.weightedAverage)] {
            print("  " + name(label) + [average.precision, average.recall, average.f1].map { score($0).leftPadded(to: 10) }.joined()
                + String(summary.count).leftPadded(to: 10))
        }
        let confused = summary.evaluation.mostConfused(limit: 5)
        if !confused.isEmpty {
            print("\nmost confused (true → predicted): " + confused.map { "\($0.actual) → \($0.predicted) (\($0.count))" }.joined(separator: ", "))
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
