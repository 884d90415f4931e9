import ArgumentParser
import Foundation
@testable import fovea
import Testing

/// `fovea train --config FILE`: YAML options, overridden by the command line, saved as the run's run.yaml.
@Suite struct ConfigFileTests {
    static func temporaryFile(_ text: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-config-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: file)
        return file
    }

    @Test func settingsRoundTripThroughYAML() throws {
        let settings = TrainSettings(
            data: "/data/photos", arch: "basenet", epochs: 7, batchSize: 128, lr: 3e-3, optimizer: "adamw",
            schedule: "plateau", weightDecay: 0.05, labelSmoothing: 0.1, valid: 0.15, size: 64, channels: 1, flip: true,
            shift: 2, seed: 18_446_744_073_709_551_615, out: "runs/x", earlyStopping: 3, monitor: "valid_accuracy",
            clipGrad: 1.5, accumulate: 4, classWeights: "balanced", mixup: 0.4, limit: 1000)
        let file = try Self.temporaryFile(try settings.yaml())
        #expect(try TrainSettings.load(from: file) == settings)
        #expect(try TrainSettings.load(from: Self.temporaryFile(try TrainSettings().yaml())) == TrainSettings())
        // Rates written the short way read back exactly.
        let rates = try TrainSettings.load(from: Self.temporaryFile("lr: 1e-7\nweight-decay: 0.0001\nmixup: 2\n"))
        #expect(rates.lr == 1e-7 && rates.weightDecay == 0.0001 && rates.mixup == 2)
    }

    @Test func theCommandLineOverridesTheFile() throws {
        let file = try Self.temporaryFile("""
            arch: basenet
            epochs: 5
            lr: 0.01
            batch-size: 8
            flip: true
            clip-grad: 2
            """)
        let command = try Train.parse(["/data", "--config", file.path, "--epochs", "2", "--no-flip", "--mixup", "0.2"])
        let (settings, output) = try command.effectiveSettings()
        #expect(settings.epochs == 2)
        #expect(settings.flip == false)
        #expect(settings.mixup == 0.2)
        #expect(settings.lr == 0.01)
        #expect(settings.batchSize == 8)
        #expect(settings.clipGrad == 2)
        #expect(settings.arch == "basenet")
        #expect(settings.data == "/data")
        // Defaults fill in what neither gives.
        #expect(settings.optimizer == "adam" && settings.valid == 0.1 && settings.seed == 0)
        #expect(output.path.hasSuffix("runs/basenet-0"))
        let configuration = try settings.runConfiguration()
        #expect(configuration.trainingOptions.gradientClipNorm == 2)
        #expect(configuration.trainingOptions.mixupAlpha == 0.2)
    }

    @Test func badFilesAreNamedWithTheProblem() throws {
        let unknown = try Self.temporaryFile("epochs: 3\nbatch_size: 32\n")
        var error = #expect(throws: ValidationError.self) { try TrainSettings.load(from: unknown) }
        #expect("\(error!)".contains(unknown.path) && "\(error!)".contains("unknown option 'batch_size'"))
        let wrongType = try Self.temporaryFile("epochs: many\n")
        error = #expect(throws: ValidationError.self) { try TrainSettings.load(from: wrongType) }
        #expect("\(error!)".contains("'epochs' must be a whole number"))
        let notAMapping = try Self.temporaryFile("- epochs\n")
        #expect(throws: ValidationError.self) { try TrainSettings.load(from: notAMapping) }
        let invalid = try Self.temporaryFile("epochs: 0\n")
        error = #expect(throws: ValidationError.self) {
            try Train.parse(["/data", "--config", invalid.path]).effectiveSettings()
        }
        #expect("\(error!)".contains("--epochs must be positive"))
        #expect(throws: ValidationError.self) { try Train.parse(["--config", "/nonexistent.yaml"]).effectiveSettings() }
    }

    @Test func theRunKeepsItsEffectiveSettings() throws {
        let root = try PredictCommandTests.makeTree()
        let file = try Self.temporaryFile("arch: basenet\nsize: 16\nepochs: 1\nbatch-size: 8\nlimit: 16\n")
        let run = root.appendingPathComponent("run")
        let command = try Train.parse([root.appendingPathComponent("data").path, "--config", file.path, "--out", run.path, "--json"])
        try command.run()
        let saved = try TrainSettings.load(from: run.appendingPathComponent("run.yaml"))
        #expect(saved == (try command.effectiveSettings().settings))
        #expect(saved.limit == 16 && saved.out == run.path)
    }
}
