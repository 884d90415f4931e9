import Foundation
import FoveaData
import FoveaImage
import FoveaModels
import FoveaNN
import FoveaTensor
import FoveaTraining
import Testing

/// A whole `fovea train` job on a tiny generated image tree: dark images against light ones.
@Suite(.serialized) struct TrainingJobTests {
    static func makeTree() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-job-\(UUID().uuidString)")
        var generator = SplitMix64(seed: 1)
        for (name, range) in [("dark", UInt8(0)...UInt8(60), ), ("light", UInt8(190)...UInt8(255))] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<40 {
                let pixels = (0..<(20 * 20 * 3)).map { _ in UInt8.random(in: range, using: &generator) }
                let image = try #require(Image(width: 20, height: 20, channels: 3, pixels: pixels))
                try image.write(to: folder.appendingPathComponent("\(index).png"))
            }
        }
        return root
    }

    func configuration(data: URL, epochs: Int = 3, learningRate: Double = 3e-3) -> RunConfiguration {
        RunConfiguration(
            architecture: "basenet", data: data.path, input: InputSpec(channels: 3, height: 16, width: 16), classes: [],
            epochs: epochs, batchSize: 16, learningRate: learningRate, optimizer: "adam", schedule: "onecycle",
            weightDecay: 0, labelSmoothing: 0, validationFraction: 0.15, seed: 0,
            normalization: Normalization(mean: [], std: []), augmentation: .none)
    }

    @Test func trainsSavesEvaluatesAndPredicts() throws {
        let data = try Self.makeTree()
        let output = data.appendingPathComponent("run")
        let job = TrainingJob(configuration: configuration(data: data), output: output, progress: .silent)
        let result = try job.run { _ in }
        let test = try #require(result.test)
        #expect(test.accuracy == 1.0)
        #expect(test.count == 12)

        let run = try RunFolder.open(output)
        let saved = try run.configuration()
        #expect(saved.classes == ["dark", "light"])
        #expect(saved.input == InputSpec(channels: 3, height: 16, width: 16))
        #expect(try run.history().count == 3)
        let metadata = try SafeTensors.metadata(contentsOf: run.weightsFile)
        #expect(metadata["architecture"] == "basenet")

        let predictor = try Predictor(run: run)
        let files = [data.appendingPathComponent("dark/3.png"), data.appendingPathComponent("light/7.png")]
        let predictions = try predictor.predict(files: files, k: 2)
        #expect(predictions.map { $0.labels[0].label } == ["dark", "light"])
        let total = predictions[0].labels.reduce(0) { $0 + $1.probability }
        #expect(Swift.abs(total - 1) < 1e-5)
    }

    @Test func invalidSettingsAreRefusedBeforeAnyWork() throws {
        let data = URL(fileURLWithPath: "/nonexistent")
        var bad = configuration(data: data, learningRate: .nan)
        #expect(throws: RunError.self) { try TrainingJob.validate(bad) }
        bad = configuration(data: data, epochs: 0)
        #expect(throws: RunError.self) { try TrainingJob.validate(bad) }
        bad = configuration(data: data)
        bad.architecture = "nope"
        #expect(throws: UnknownArchitecture.self) { try TrainingJob.validate(bad) }
    }

    @Test func weightsForAnotherModelAreAClearError() throws {
        let data = try Self.makeTree()
        let output = data.appendingPathComponent("run")
        _ = try TrainingJob(configuration: configuration(data: data, epochs: 1), output: output, progress: .silent).run { _ in }
        // Pretend the run was for 5 classes: its weights no longer fit.
        let run = try RunFolder.open(output)
        var changed = try run.configuration()
        changed.classes = ["a", "b", "c", "d", "e"]
        try run.save(configuration: changed)
        let error = #expect(throws: StateDictMismatch.self) { try run.loadModel() }
        #expect("\(error!)".contains("9.weight: model [5, 50], weights [2, 50]"))
    }

    @Test func missingRunIsNamed() {
        let error = #expect(throws: RunError.self) { try RunFolder.open(URL(fileURLWithPath: "/nonexistent/run")) }
        #expect("\(error!)".contains("/nonexistent/run"))
    }
}
