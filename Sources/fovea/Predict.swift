import ArgumentParser
import Foundation
import FoveaTraining

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Classify image files with a trained run.")

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String
    @Argument(help: "Image files.") var files: [String]
    @Option(name: .short, help: "How many labels to show per image.") var k = 3
    @Flag(help: "JSON output.") var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one image file") }
        guard k > 0 else { throw ValidationError("-k must be positive") }
    }

    func run() throws {
        let predictor = try Predictor(run: RunFolder.open(URL(fileURLWithPath: runPath)))
        var predictions: [Predictor.Prediction] = []
        var failures = 0
        // One file at a time, so that one bad file is reported and the others still get their answer.
        for file in files {
            do {
                predictions += try predictor.predict(files: [URL(fileURLWithPath: file)], k: k)
            } catch {
                failures += 1
                Console.error("\(error)")
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(predictions), as: UTF8.self))
        } else {
            for prediction in predictions {
                let labels = prediction.labels.map { String(format: "%@ %.3f", $0.label, $0.probability) }
                print("\(prediction.file): \(labels.joined(separator: ", "))")
            }
        }
        if failures > 0 { throw ExitCode(2) }
    }
}
