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

    /// A short BaseNet training on the first 512 Fashion-MNIST images: 16 batches of 32 per epoch.
    static func trainArguments(out: URL) -> [String] {
        [
            "train", "/usr/share/datasets/fashion-mnist", "--arch", "basenet", "--limit", "512", "--epochs", "2",
            "--batch-size", "32", "--seed", "3", "--out", out.path, "--json",
        ]
    }

    @Test func aRunKilledMidEpochResumesToTheSameWeights() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-resume-\(UUID().uuidString)")
        let whole = root.appendingPathComponent("whole"), killed = root.appendingPathComponent("killed")
        let uninterrupted = try Self.process(Self.trainArguments(out: whole))

        // Kill at the first progress heartbeat of the second epoch (its batch 2 of 16): after the first epoch's
        // checkpoint, long before the second's.
        let progress = Pipe()
        let victim = try Self.process(Self.trainArguments(out: killed), standardError: progress)
        var text = ""
        var sawSecondEpoch = false
        while !sawSecondEpoch {
            let chunk = progress.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
            sawSecondEpoch = text.split(separator: "\n").contains { $0.contains(#""event":"batch""#) && $0.contains(#""epoch":2,"#) }
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(sawSecondEpoch, "the run ended before its second epoch: \(text.suffix(500))")
        #expect(victim.terminationReason == .uncaughtSignal && victim.terminationStatus == SIGKILL)
        let checkpoint = try Checkpoint.read(from: killed.appendingPathComponent("checkpoint.safetensors"))
        #expect(checkpoint.epoch == 1 && checkpoint.batch == 0 && !checkpoint.finished)

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
        #expect(csvLines.count == 3)
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
