import ArgumentParser
import Foundation
@testable import fovea
import FoveaTraining
import FoveaWeights
import Testing

/// `fovea train --resume`: a run killed mid-epoch continues to exactly the weights of an uninterrupted run.
@Suite(.serialized) struct ResumeCommandTests {
    /// The `fovea` executable that `swift build` put next to the test bundle.
    static func binary() throws -> URL {
        let candidates = [Bundle.main.bundleURL, Bundle.main.executableURL?.deletingLastPathComponent()]
            .compactMap { $0?.appendingPathComponent("fovea") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ValidationError("no fovea executable beside the tests: looked at \(candidates.map(\.path))")
        }
        return found
    }

    static func process(_ arguments: [String], standardError: Any = FileHandle.nullDevice) throws -> Process {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = standardError
        try process.run()
        return process
    }

    /// A run to kill at the first progress heartbeat of the epoch `killEpoch` of the phase it is in: after that
    /// phase's previous checkpoint, long before the next.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var arguments: @Sendable (_ out: URL) throws -> [String]
        var killEpoch: Int
        /// The fine-tuning run the checkpoint must come from, if any.
        var phase: FineTuning.Phase?
        var testDescription: String { name }

        /// A short BaseNet training on the first 512 Fashion-MNIST images: 16 batches of 32 per epoch.
        static let plain = Case(
            name: "plain", arguments: { out in
                [
                    "train", "/usr/share/datasets/fashion-mnist", "--arch", "basenet", "--limit", "512", "--epochs", "2",
                    "--batch-size", "32", "--seed", "3", "--out", out.path, "--json",
                ]
            }, killEpoch: 2, phase: nil)

        /// fastai-style fine-tuning of a MobileNetV3-small (small checkpoints) on a tiny tree: 3 batches of 4 per
        /// epoch, killed in the frozen run's second epoch, or in the unfrozen run's second.
        static func fineTuning(_ epochs: String, killedIn phase: FineTuning.Phase) -> Case {
            Case(
                name: "fine-tune \(epochs), killed while \(phase.rawValue)", arguments: { out in
                    let root = try TransferCommandTests().makeTree(architecture: "mobilenet_v3_small")
                    return [
                        "train", root.appendingPathComponent("data").path, "--arch", "mobilenet_v3_small", "--size", "32",
                        "--pretrained", root.appendingPathComponent("mobilenet_v3_small.safetensors").path, "--fine-tune", epochs,
                        "--batch-size", "4", "--seed", "3", "--out", out.path, "--json",
                    ]
                }, killEpoch: 2, phase: phase)
        }
    }

    @Test(arguments: [Case.plain, .fineTuning("2,1", killedIn: .frozen), .fineTuning("1,2", killedIn: .unfrozen)])
    func aRunKilledMidEpochResumesToTheSameWeights(_ run: Case) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-resume-\(UUID().uuidString)")
        let whole = root.appendingPathComponent("whole"), killed = root.appendingPathComponent("killed")
        let arguments = try run.arguments(whole)
        let uninterrupted = try Self.process(arguments)

        let progress = Pipe()
        let victim = try Self.process(arguments.map { $0 == whole.path ? killed.path : $0 }, standardError: progress)
        var text = ""
        var sawKillEpoch = false
        var lines: [Substring] { text.split(separator: "\n") }
        // In the unfrozen run, after the frozen run's epochs (which count from 1 again).
        let skipped = run.phase == .unfrozen ? "\"event\":\"epoch\"" : nil
        while !sawKillEpoch {
            let chunk = progress.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
            let current = skipped.map { marker in lines.drop { !$0.contains(marker) } } ?? lines[...]
            sawKillEpoch = current.contains { $0.contains(#""event":"batch""#) && $0.contains("\"epoch\":\(run.killEpoch),") }
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(sawKillEpoch, "the run ended before the epoch to kill it in: \(text.suffix(500))")
        #expect(victim.terminationReason == .uncaughtSignal && victim.terminationStatus == SIGKILL)
        let checkpoint = try Checkpoint.read(from: killed.appendingPathComponent("checkpoint.safetensors"))
        #expect(checkpoint.epoch == run.killEpoch - 1 && checkpoint.batch == 0 && !checkpoint.finished)
        #expect(checkpoint.info[FineTuning.phaseKey] == run.phase?.rawValue)

        let resumed = try Self.process(["train", "--resume", killed.path, "--json"])
        resumed.waitUntilExit()
        uninterrupted.waitUntilExit()
        #expect(resumed.terminationStatus == 0 && uninterrupted.terminationStatus == 0)

        let expected = try SafeTensors.read(contentsOf: whole.appendingPathComponent("weights.safetensors"))
        let actual = try SafeTensors.read(contentsOf: killed.appendingPathComponent("weights.safetensors"))
        #expect(actual.map(\.name) == expected.map(\.name))
        for (mine, theirs) in zip(actual, expected) {
            #expect(mine.record.shape == theirs.record.shape)
            #expect(mine.record.bytes == theirs.record.bytes, "\(mine.name) differs")
        }
        let history = try RunFolder(killed).history()
        #expect(history.map(\.trainLoss) == (try RunFolder(whole).history().map(\.trainLoss)))
        let csvLines = try String(contentsOf: killed.appendingPathComponent("history.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csvLines.count == 1 + history.count)
    }

    @Test func resumingWithOtherDataOrAnotherArchitectureIsAClearError() throws {
        let (root, run) = try PredictCommandTests().trainedRun()
        let otherData = root.appendingPathComponent("other").path
        var error = #expect(throws: (any Error).self) {
            try Train.parse([otherData, "--resume", run.path]).run()
        }
        #expect(Fovea.message(for: error!).contains("--data \(otherData) (the run: \(root.appendingPathComponent("data").path))"))
        error = #expect(throws: (any Error).self) { try Train.parse(["--arch", "convnet", "--resume", run.path]).run() }
        #expect(Fovea.message(for: error!).contains("--arch convnet (the run: basenet)"))
        error = #expect(throws: (any Error).self) { try Train.parse(["--resume", run.path]).run() }
        #expect("\(error!)".contains("has finished training"))
        error = #expect(throws: (any Error).self) { try Train.parse(["--resume", root.path]).run() }
        #expect(Fovea.message(for: error!).contains("has no run.yaml"))
    }
}
