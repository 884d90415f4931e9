import ArgumentParser
import Foundation
import FoveaImage
import FoveaTraining
@testable import fovea
import Testing

@Suite struct PredictCommandTests {
    /// A tiny two-class tree of 16×16 images under `ROOT/data`; returns ROOT.
    static func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-cli-\(UUID().uuidString)")
        for (name, level) in [("dark", UInt8(20)), ("light", UInt8(230))] {
            let folder = root.appendingPathComponent("data/\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<12 {
                let pixels = [UInt8](repeating: level &+ UInt8(index), count: 16 * 16 * 3)
                try #require(Image(width: 16, height: 16, channels: 3, pixels: pixels))
                    .write(to: folder.appendingPathComponent("\(index).png"))
            }
        }
        return root
    }

    /// Trains for one epoch on a tiny two-class tree through `fovea train`, as a user would.
    func trainedRun() throws -> (root: URL, run: URL) {
        let root = try Self.makeTree()
        let run = root.appendingPathComponent("run")
        let train = try Train.parse([
            root.appendingPathComponent("data").path, "--arch", "basenet", "--size", "16", "--epochs", "1",
            "--batch-size", "8", "--out", run.path, "--json",
        ])
        try train.run()
        return (root, run)
    }

    @Test func oneBadFileIsReportedAndTheOthersStillPredicted() throws {
        let (root, run) = try trainedRun()
        let corrupt = root.appendingPathComponent("corrupt.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A]).write(to: corrupt)
        let good = root.appendingPathComponent("data/dark/0.png")
        let predict = try Predict.parse([run.path, good.path, corrupt.path, "--json"])
        let error = #expect(throws: ExitCode.self) { try predict.run() }
        #expect(error == ExitCode(2))
    }

    @Test func evaluateReadsTheSavedRun() throws {
        let (_, run) = try trainedRun()
        try Evaluate.parse([run.path, "--json", "--top-losses", "3"]).run()
        let short = try RunFolder.open(run).evaluation()
        let summary = try JSONDecoder().decode(
            EvaluationSummary.self, from: Data(contentsOf: run.appendingPathComponent("evaluation/test/summary.json")))
        // The tree's test part: 15 % of each class's 12 images, rounded.
        #expect(summary.count == short.count && summary.count > 0)
        #expect(summary.confusion == short.confusion && summary.confusion.joined().reduce(0, +) == summary.count)
        #expect(summary.topLosses.count == 3)
        #expect(zip(summary.topLosses, summary.topLosses.dropFirst()).allSatisfy { $0.loss >= $1.loss })
        let error = #expect(throws: (any Error).self) { try Evaluate.parse([run.path, "--split", "everything"]) }
        #expect(Fovea.message(for: error!).contains("--split must be test, validation or train"))
    }
}
