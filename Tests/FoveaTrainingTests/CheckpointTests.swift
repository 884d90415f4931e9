import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor
@testable import FoveaTraining
import Testing

/// Checkpoints continue training bit for bit: model, buffers, optimizer, schedule, generator, callbacks.
@Suite(.serialized) struct CheckpointTests {
    /// A small net with batch norm (buffers) and dropout (libtorch's generator), trained with every step option.
    static func learner(initialisation: UInt64, callbacks: [any Callback] = []) throws -> Learner {
        let model = try withSeed(initialisation) {
            Sequential(
                Flatten(), try Linear(inputFeatures: 784, outputFeatures: 32), try BatchNorm.oneD(features: 32),
                Activation(.relu), try Dropout(probability: 0.3), try Linear(inputFeatures: 32, outputFeatures: 10))
        }
        let options = TrainingOptions(gradientClipNorm: 1, accumulationSteps: 2, mixupAlpha: 0.4)
        let learner = try TestData.learner(
            model: model, optimizer: Adam(parameters: model.parameters), seed: 3, options: options,
            callbacks: callbacks + [try EarlyStopping(patience: 5)])
        learner.schedule = try OneCycle(optimizer: learner.optimizer, maxRate: 1e-2, totalSteps: 3 * learner.stepsPerEpoch)
        return learner
    }

    /// Copies the checkpoint of the first epoch's end before the second epoch changes it.
    final class FirstEpochCopier: Callback {
        let copy: URL
        init(copy: URL) { self.copy = copy }
        func handle(_ event: TrainingEvent, learner: Learner) throws {
            guard event == .beforeEpoch, learner.epoch == 1, let file = learner.checkpointFile else { return }
            try FileManager.default.copyItem(at: file, to: copy)
        }
    }

    final class Interrupter: Callback {
        func handle(_ event: TrainingEvent, learner: Learner) throws {
            if event == .afterBatch, learner.epoch == 1, learner.batchIndex == 4 {
                learner.interruption.request(reason: "interrupted (test)")
            }
        }
    }

    @Test func resumingAtAnEpochOrMidEpochEndsWithTheSameWeights() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-checkpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let firstEpoch = folder.appendingPathComponent("epoch1.safetensors")

        let uninterrupted = try Self.learner(initialisation: 0, callbacks: [FirstEpochCopier(copy: firstEpoch)])
        uninterrupted.checkpointFile = folder.appendingPathComponent("a.safetensors")
        // The generator lock keeps other suites' draws out of these runs.
        try withSeed(5) { try uninterrupted.fit(epochs: 3) }
        let expected = try TestData.weights(of: uninterrupted.model)
        let final = try Checkpoint.read(from: try #require(uninterrupted.checkpointFile))
        #expect(final.finished && final.epoch == 3 && final.batch == 0)

        // From the end of epoch 1, into a model initialised differently.
        let resumed = try Self.learner(initialisation: 99)
        try withSeed(0) {
            try resumed.restore(from: Checkpoint.read(from: firstEpoch))
            try resumed.fit(epochs: 3)
        }
        #expect(try TestData.weights(of: resumed.model) == expected)
        #expect(resumed.history.map(\.trainLoss) == uninterrupted.history.map(\.trainLoss))
        #expect(resumed.history.map(\.validationLoss) == uninterrupted.history.map(\.validationLoss))

        // From an interruption in the middle of epoch 2.
        let interrupted = try Self.learner(initialisation: 0, callbacks: [Interrupter()])
        interrupted.checkpointFile = folder.appendingPathComponent("b.safetensors")
        try withSeed(5) { try interrupted.fit(epochs: 3) }
        let middle = try Checkpoint.read(from: try #require(interrupted.checkpointFile))
        #expect(middle.epoch == 1 && middle.batch == 6 && !middle.finished)
        let continued = try Self.learner(initialisation: 7)
        try withSeed(0) {
            try continued.restore(from: middle)
            try continued.fit(epochs: 3)
        }
        #expect(try TestData.weights(of: continued.model) == expected)
        #expect(continued.history.map(\.trainLoss) == uninterrupted.history.map(\.trainLoss))
    }

    @Test func restoringIntoADifferentSetupIsRefused() throws {
        let source = try Self.learner(initialisation: 0)
        let checkpoint = try source.checkpoint()
        let withoutSchedule = try Self.learner(initialisation: 0)
        withoutSchedule.schedule = nil
        #expect(throws: RunError.self) { try withoutSchedule.restore(from: checkpoint) }
        let otherModel = try TestData.learner()
        otherModel.schedule = source.schedule
        #expect(throws: StateDictMismatch.self) { try otherModel.restore(from: checkpoint) }
    }

    @Test func aJobResumesItsRunAndRefusesAnotherArchitectureOrData() throws {
        let data = try TrainingJobTests.makeTree()
        let configuration = TrainingJobTests().configuration(data: data, epochs: 2)
        // Outside the data folder, whose every subfolder is a class.
        let runs = data.deletingLastPathComponent().appendingPathComponent(data.lastPathComponent + "-runs")
        let whole = runs.appendingPathComponent("whole")
        let expected = try TrainingJob(configuration: configuration, output: whole, progress: .silent).run { _ in }

        // Interrupted before its first step, then resumed.
        let output = runs.appendingPathComponent("run")
        let stopped = TrainingJob(configuration: configuration, output: output, progress: .silent)
        stopped.interruption.request(reason: "interrupted (test)")
        let first = try stopped.run { _ in }
        #expect(first.interrupted && first.test == nil && first.history.isEmpty)

        var otherArchitecture = configuration
        otherArchitecture.architecture = "convnet"
        var error = #expect(throws: RunError.self) {
            try TrainingJob(configuration: otherArchitecture, output: output, progress: .silent, resume: true).run { _ in }
        }
        #expect("\(error!)".contains("it trains basenet, not convnet"))
        var otherData = configuration
        otherData.data = "/usr/share/datasets/fashion-mnist"
        error = #expect(throws: RunError.self) {
            try TrainingJob(configuration: otherData, output: output, progress: .silent, resume: true).run { _ in }
        }
        #expect("\(error!)".contains("was trained on \(data.path)"))
        var otherSettings = configuration
        otherSettings.epochs = 5
        error = #expect(throws: RunError.self) {
            try TrainingJob(configuration: otherSettings, output: output, progress: .silent, resume: true).run { _ in }
        }
        #expect("\(error!)".contains("epochs: 2 → 5"))

        let resumed = try TrainingJob(configuration: configuration, output: output, progress: .silent, resume: true).run { _ in }
        #expect(resumed.history.map(\.trainLoss) == expected.history.map(\.trainLoss))
        let weights = try SafeTensors.read(contentsOf: RunFolder(output).weightsFile)
        let expectedWeights = try SafeTensors.read(contentsOf: RunFolder(whole).weightsFile)
        #expect(weights.map(\.record.bytes) == expectedWeights.map(\.record.bytes))

        error = #expect(throws: RunError.self) {
            try TrainingJob(configuration: configuration, output: output, progress: .silent, resume: true).run { _ in }
        }
        #expect("\(error!)".contains("has finished training"))
    }
}

/// A loss that stops being finite ends the run and leaves the checkpoint of the last complete epoch.
@Suite struct DivergenceTests {
    final class Overshoot: Callback {
        func handle(_ event: TrainingEvent, learner: Learner) throws {
            if event == .beforeEpoch, learner.epoch == 1 { learner.optimizer.setLearningRate(1e12) }
        }
    }

    @Test func aDivergingRunKeepsItsLastGoodCheckpoint() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-diverge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let recorder = WeightsRecorder()
        let learner = try TestData.learner(callbacks: [recorder, Overshoot()])
        learner.checkpointFile = folder.appendingPathComponent("checkpoint.safetensors")
        try learner.fit(epochs: 3)
        #expect(learner.diverged)
        #expect(try #require(learner.stopReason).contains("loss became"))
        let checkpoint = try Checkpoint.read(from: try #require(learner.checkpointFile))
        #expect(checkpoint.epoch == 1 && checkpoint.batch == 0 && !checkpoint.finished && checkpoint.history.count == 1)
        #expect(try TestData.weights(of: checkpoint.records(prefix: "model.")) == recorder.byEpoch[1])
    }
}
