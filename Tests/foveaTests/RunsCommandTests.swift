import ArgumentParser
import Foundation
@testable import fovea
import FoveaData
import FoveaModels
import FoveaTraining
import Testing

/// `fovea runs` and `fovea runs compare` on run folders written here, picked up by `--rescan`.
@Suite(.serialized) struct RunsCommandTests {
    /// A runs root with two finished BaseNet runs that differ in their learning rate: alpha (the older, with a
    /// test evaluation) and beta.
    static func makeRuns() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-runs-\(UUID().uuidString)")
        let runs: [(name: String, rate: Double, accuracies: [Double])] = [("alpha", 3e-3, [0.5, 0.75]), ("beta", 1e-3, [0.6, 0.625])]
        for run in runs {
            let folder = RunFolder(root.appendingPathComponent(run.name))
            try folder.create()
            try folder.save(configuration: RunConfiguration(
                architecture: "basenet", data: "/data/shapes", input: InputSpec(channels: 1, height: 28, width: 28),
                classes: ["circle", "square"], epochs: 2, batchSize: 32, learningRate: run.rate, optimizer: "adam",
                schedule: "onecycle", weightDecay: 0, labelSmoothing: 0, validationFraction: 0.1, seed: 0,
                normalization: Normalization(mean: [0.5], std: [0.25]), augmentation: .none))
            let history: [[String: Any]] = run.accuracies.enumerated().map { index, accuracy in
                [
                    "epoch": index + 1, "trainLoss": 1, "trainAccuracy": 0.5, "validationLoss": 1 - accuracy / 2,
                    "validationAccuracy": accuracy, "learningRate": run.rate, "seconds": 1.5,
                ]
            }
            try JSONSerialization.data(withJSONObject: history).write(to: folder.url.appendingPathComponent("history.json"))
        }
        let alpha = root.appendingPathComponent("alpha")
        try Data(#"{"accuracy":0.7,"classes":["circle","square"],"confusion":[[4,1],[2,3]],"count":10,"loss":0.6}"#.utf8)
            .write(to: alpha.appendingPathComponent("evaluation.json"))
        try FileManager.default.setAttributes(
            [.modificationDate: Date().addingTimeInterval(-3600)], ofItemAtPath: alpha.appendingPathComponent("config.json").path)
        return root
    }

    static func list(_ arguments: [String]) throws -> (output: String, notes: [String]) {
        var notes: [String] = []
        let command = try #require(try Fovea.parseAsRoot(["runs"] + arguments) as? RunsList)
        let output = try command.output { notes.append($0) }
        return (output, notes)
    }

    static func compare(_ arguments: [String]) throws -> String {
        try #require(try Fovea.parseAsRoot(["runs", "compare"] + arguments) as? RunsCompare).output()
    }

    @Test func runsListsTheRescannedRunsNewestFirst() throws {
        let root = try Self.makeRuns()
        let empty = try Self.list(["--root", root.path])
        #expect(empty.output.isEmpty && empty.notes.contains { $0.contains("no run registry") })

        let rescanned = try Self.list(["--root", root.path, "--rescan"])
        #expect(rescanned.notes.contains { $0.contains("added 2 run folders") })
        let lines = rescanned.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("name") && lines[0].contains("best valid acc") && lines[0].contains("wall time"))
        #expect(lines[1].hasPrefix("beta") && lines[2].hasPrefix("alpha"))
        for expected in ["basenet", "shapes", "2/2", "0.7500", "0.7000", "finished", "3.0 s"] {
            #expect(lines[2].contains(expected), "\(expected) in \(lines[2])")
        }
        #expect(lines[1].contains("0.6250") && lines[1].contains("—"))

        let again = try Self.list(["--root", root.path])
        #expect(again.output == rescanned.output && again.notes.isEmpty)
        let json = try Self.list(["--root", root.path, "--json"]).output
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["name"] as? String } == ["beta", "alpha"])
        #expect(objects.last?["testAccuracy"] as? Double == 0.7)
        #expect((objects.last?["configuration"] as? [String: Any])?["learningRate"] as? Double == 3e-3)
    }

    @Test func aRunFolderMissingFromTheRegistryIsPointedOut() throws {
        let root = try Self.makeRuns()
        _ = try Self.list(["--root", root.path, "--rescan"])
        try FileManager.default.copyItem(at: root.appendingPathComponent("beta"), to: root.appendingPathComponent("gamma"))
        #expect(try Self.list(["--root", root.path]).notes == [
            "1 run folder is not in the registry: `fovea runs --rescan` adds it",
        ])
        #expect(try Self.list(["--root", root.path, "--rescan"]).output.contains("gamma"))
    }

    @Test func compareShowsTheDifferingSettingsTheMetricsAndTheEpochs() throws {
        let root = try Self.makeRuns()
        _ = try Self.list(["--root", root.path, "--rescan"])
        let output = try Self.compare(["alpha", root.appendingPathComponent("beta").path, "--root", root.path])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("learningRate") && $0.contains("0.003") && $0.contains("0.001") })
        #expect(!lines.contains { $0.hasPrefix("batchSize") || $0.hasPrefix("architecture") })
        #expect(lines.contains { $0.hasPrefix("test acc") && $0.contains("0.7000") })
        #expect(lines.contains { $0.hasPrefix("epoch") && $0.contains("alpha valid acc") && $0.contains("beta valid loss") })
        #expect(lines.contains { $0.hasPrefix("2 ") && $0.contains("0.7500") && $0.contains("0.6250") && $0.contains("0.6875") })

        let page = root.appendingPathComponent("compare.html")
        _ = try Self.compare(["alpha", "beta", "--root", root.path, "--html", page.path])
        let html = try String(contentsOf: page, encoding: .utf8)
        for section in ["settings", "metrics", "curves"] { #expect(html.contains("<section id=\"\(section)\">")) }
        #expect(html.contains("<td>learningRate</td><td>0.003</td><td>0.001</td>"))
        // Validation accuracy, validation loss and training loss, each with both runs overlaid.
        #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == 3)

        let json = try Self.compare(["alpha", "beta", "--root", root.path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((object["differences"] as? [String: [String]])?.keys.sorted() == ["learningRate"])
        #expect((object["runs"] as? [[String: Any]])?.count == 2)
    }

    @Test func compareNamesAnUnknownRunAndNeedsTwo() throws {
        let root = try Self.makeRuns()
        _ = try Self.list(["--root", root.path, "--rescan"])
        let error = #expect(throws: (any Error).self) { try Self.compare(["alpha", "gamma", "--root", root.path]) }
        let message = Fovea.message(for: try #require(error))
        #expect(message.contains("no run named 'gamma'") && message.contains("known runs: beta, alpha"))
        #expect(throws: (any Error).self) { try Fovea.parseAsRoot(["runs", "compare", "alpha", "--root", root.path]) }
    }
}
