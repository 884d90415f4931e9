import Foundation
@testable import FoveaTraining
import Testing

/// The run registry: what a training job records in `registry.sqlite`, and the dataset fingerprint.
@Suite(.serialized) struct RegistryTests {
    /// Lines a job logs, kept for inspection.
    final class LogLines: @unchecked Sendable {
        var lines: [String] = []
        var warnings: [String] { lines.filter { $0.hasPrefix("warning:") } }
    }

    /// A tiny image tree with a test part (train/ and test/, 80 images each) and an empty runs root beside it.
    static func workspace() throws -> (data: URL, runs: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-registry-\(UUID().uuidString)")
        let data = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for part in ["train", "test"] {
            try FileManager.default.moveItem(at: TrainingJobTests.makeTree(), to: data.appendingPathComponent(part))
        }
        return (data, root.appendingPathComponent("runs"))
    }

    static func job(data: URL, output: URL, epochs: Int = 2, resume: Bool = false) -> TrainingJob {
        TrainingJob(
            configuration: TrainingJobTests().configuration(data: data, epochs: epochs), output: output, progress: .silent,
            resume: resume)
    }

    @Test func aTrainingJobRegistersOneRunWithItsEpochsAndFiles() throws {
        let (data, runs) = try Self.workspace()
        let output = runs.appendingPathComponent("first")
        let log = LogLines()
        let result = try Self.job(data: data, output: output).run { log.lines.append($0) }
        #expect(log.warnings.isEmpty, "\(log.warnings)")

        let registry = try RunRegistry(file: runs.appendingPathComponent("registry.sqlite"))
        let registered = try registry.runs()
        #expect(registered.count == 1)
        let run = try #require(registered.first)
        let folder = RunFolder(output)
        #expect(run.id == output.standardizedFileURL.path && run.name == "first")
        #expect(run.status == .finished && run.stopReason == nil)
        #expect(run.architecture == "basenet" && run.data == data.path)
        #expect(run.datasetFingerprint == (try DatasetFingerprint.of(data)))
        #expect(run.runConfiguration == (try folder.configuration()))
        #expect(run.epochs == 2 && run.plannedEpochs == 2)
        #expect(run.finishedAt != nil && (run.wallSeconds ?? 0) > 0)
        let history = try folder.history()
        #expect(try registry.epochs(of: run.id).map(\.record) == history)
        #expect(run.bestValidationAccuracy == history.compactMap(\.validationAccuracy).max())
        #expect(run.finalValidationLoss == history.last?.validationLoss)
        let test = try #require(result.test)
        #expect(run.testAccuracy == test.accuracy && run.testLoss == test.loss)

        let artifacts = try registry.artifacts(of: run.id)
        #expect(Set(artifacts.map(\.kind)).isSuperset(of: [
            "weights", "best", "checkpoint", "config", "history", "history-csv", "history-jsonl", "evaluation",
        ]))
        for artifact in artifacts {
            let size = try FileManager.default.attributesOfItem(atPath: artifact.path)[.size] as? Int
            #expect(artifact.bytes == size, "\(artifact.kind)")
            #expect(artifact.path.hasPrefix(output.standardizedFileURL.path))
        }
        #expect(try registry.run(named: "first") == run)
        let error = #expect(throws: RunError.self) { try registry.run(named: "second") }
        #expect("\(error!)".contains("no run named 'second'") && "\(error!)".contains("known runs: first"))
    }

    @Test func resumingARunUpdatesItsRow() throws {
        let (data, runs) = try Self.workspace()
        let output = runs.appendingPathComponent("resumed")
        let stopped = Self.job(data: data, output: output)
        stopped.interruption.request(reason: "interrupted (test)")
        #expect(try stopped.run { _ in }.interrupted)
        let registry = try RunRegistry(file: runs.appendingPathComponent("registry.sqlite"))
        let before = try #require(try registry.runs().first)
        #expect(before.status == .interrupted && before.epochs == 0 && before.testAccuracy == nil)

        _ = try Self.job(data: data, output: output, resume: true).run { _ in }
        let after = try registry.runs()
        #expect(after.count == 1)
        let run = try #require(after.first)
        #expect(run.id == before.id && run.startedAt == before.startedAt)
        #expect(run.status == .finished && run.epochs == 2 && run.testAccuracy != nil)
        #expect((run.wallSeconds ?? 0) > (before.wallSeconds ?? 0))
        #expect(try registry.epochs(of: run.id).map(\.record) == (try RunFolder(output).history()))
    }

    @Test func aCorruptRegistryIsAWarningAndTrainingGoesOn() throws {
        let (data, runs) = try Self.workspace()
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        let file = runs.appendingPathComponent("registry.sqlite")
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: file)

        let log = LogLines()
        let result = try Self.job(data: data, output: runs.appendingPathComponent("run"), epochs: 1).run { log.lines.append($0) }
        #expect(result.history.count == 1 && result.test != nil)
        #expect(log.warnings.count == 1, "\(log.lines)")
        #expect(log.warnings.first?.contains(file.path) == true)
        #expect(try Data(contentsOf: file) == garbage, "the registry's file is left as it was")
    }

    @Test func aJobWithoutARegistryFileRecordsNothing() throws {
        let (data, runs) = try Self.workspace()
        var job = Self.job(data: data, output: runs.appendingPathComponent("run"), epochs: 1)
        job.registryFile = nil
        _ = try job.run { _ in }
        #expect(!FileManager.default.fileExists(atPath: runs.appendingPathComponent("registry.sqlite").path))
    }

    @Test func theFingerprintFollowsTheFilesListing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-fingerprint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("cats"), withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("cats/1.png")
        try Data("one".utf8).write(to: file)
        try Data("two".utf8).write(to: folder.appendingPathComponent("cats/2.png"))
        let original = try DatasetFingerprint.of(folder)
        #expect(original.count == 64)
        #expect(try DatasetFingerprint.of(folder) == original)

        // Hidden files (.DS_Store) are not data.
        try Data("x".utf8).write(to: folder.appendingPathComponent(".DS_Store"))
        #expect(try DatasetFingerprint.of(folder) == original)

        let written = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date)
        try Data("three".utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: written], ofItemAtPath: file.path)
        let resized = try DatasetFingerprint.of(folder)
        #expect(resized != original)

        try FileManager.default.setAttributes([.modificationDate: written.addingTimeInterval(5)], ofItemAtPath: file.path)
        #expect(try DatasetFingerprint.of(folder) != resized)

        #expect(throws: RunError.self) { try DatasetFingerprint.of(folder.appendingPathComponent("missing")) }
    }
}
