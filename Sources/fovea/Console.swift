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

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
