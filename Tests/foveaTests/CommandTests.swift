import ArgumentParser
import Foundation
import FoveaImage
@testable import fovea
import Testing

/// The commands parsed and run in-process, as a user would type them.
@Suite(.serialized) struct CommandTests {
    @Test func trainRejectsBadOptionsWithClearMessages() {
        let cases: [([String], String)] = [
            (["data", "--epochs", "0"], "--epochs must be positive"),
            (["data", "--lr", "nan"], "--lr must be a positive number"),
            (["data", "--arch", "resnet9000"], "unknown architecture 'resnet9000'"),
            (["data", "--channels", "2"], "--channels must be 1 or 3"),
        ]
        for (arguments, message) in cases {
            #expect(throws: (any Error).self) { try Train.parse(arguments) }
            do {
                _ = try Train.parse(arguments)
            } catch {
                #expect(Fovea.message(for: error).contains(message), "\(arguments): \(Fovea.message(for: error))")
                #expect(Fovea.exitCode(for: error) != .success)
            }
        }
    }

    @Test func trainOnAnEmptyFolderFailsNamingIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let command = try Train.parse([folder.path, "--out", folder.appendingPathComponent("run").path])
        let error = #expect(throws: (any Error).self) { try command.run() }
        #expect("\(error!)".contains(folder.path))
        #expect("\(error!)".contains("no class folders"))
    }

    @Test func missingRunIsAnError() throws {
        let predict = try Predict.parse(["/nonexistent/run", "photo.jpg"])
        let error = #expect(throws: (any Error).self) { try predict.run() }
        #expect("\(error!)".contains("/nonexistent/run"))
        let evaluate = try Evaluate.parse(["/nonexistent/run"])
        #expect(throws: (any Error).self) { try evaluate.run() }
    }

    @Test func modelsListsEveryArchitecture() throws {
        #expect(throws: Never.self) { try Models.parse([]).run() }
    }

    @Test func predictNeedsFiles() {
        #expect(throws: (any Error).self) { try Predict.parse(["runs/x"]) }
    }
}
