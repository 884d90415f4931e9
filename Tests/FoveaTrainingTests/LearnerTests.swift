import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor
@testable import FoveaTraining
import Testing

/// Short real trainings on a slice of Fashion-MNIST (Debian's `dataset-fashion-mnist`).
@Suite(.serialized) struct LearnerTests {
    static let slice: (train: LabeledImages, validation: LabeledImages) = {
        // A fixed 3,000-image slice keeps each training under a few seconds on two cores.
        try! TestData.first3000.stratifiedSplit(validationFraction: 0.2, seed: 0)
    }()

    func learner(seed: UInt64, rate: Double = 3e-3, callbacks: [any Callback] = []) throws -> Learner {
        let (train, validation) = Self.slice
        let normalization = try Normalization.fitted(to: train)
        let model = try withSeed(seed) {
            try SeedNets.baseNet(input: InputSpec(channels: 1, height: 28, width: 28), classes: 10)
        }
        return try Learner(
            model: model,
            train: BatchLoader(data: train, batchSize: 64, shuffle: true, normalization: normalization, seed: seed),
            validation: BatchLoader(data: validation, batchSize: 256, shuffle: false, normalization: normalization),
            optimizer: Adam(parameters: model.parameters, learningRate: rate), callbacks: callbacks)
    }

    @Test func baseNetLearnsFashionMNIST() throws {
        let learner = try learner(seed: 0)
        try learner.fitOneCycle(epochs: 2, maxRate: 3e-3)
        #expect(learner.history.count == 2)
        let last = try #require(learner.history.last)
        // Chance is 0.10; BaseNet reaches about 0.7 on 2,400 images in two epochs.
        #expect(try #require(last.validationAccuracy) > 0.6)
        #expect(last.trainLoss < learner.history[0].trainLoss)
    }

    @Test func sameSeedGivesIdenticalWeights() throws {
        func weights(seed: UInt64) throws -> [Float] {
            let learner = try learner(seed: seed)
            try learner.fit(epochs: 1)
            return try learner.model.parameters.flatMap { try $0.toArray(Float.self) }
        }
        let first = try weights(seed: 5)
        #expect(try weights(seed: 5) == first)
        #expect(try weights(seed: 6) != first)
    }

    @Test func divergingLossStopsTheRun() throws {
        let learner = try learner(seed: 0, rate: 1e12)
        try learner.fit(epochs: 3)
        let reason = try #require(learner.stopReason)
        #expect(reason.contains("loss became"))
        #expect(learner.history.count < 3)
    }

    final class Recorder: Callback {
        var events: [TrainingEvent] = []
        func handle(_ event: TrainingEvent, learner: Learner) throws {
            events.append(event)
            if event == .afterBatch && learner.batchIndex == 2 { throw TrainingControl.stopTraining(reason: "enough") }
        }
    }

    @Test func callbacksSeeEventsInOrderAndCanStop() throws {
        let recorder = Recorder()
        let learner = try learner(seed: 0, callbacks: [recorder])
        try learner.fit(epochs: 2)
        #expect(learner.stopReason == "enough")
        let expectedStart: [TrainingEvent] = [.beforeFit, .beforeEpoch, .beforeBatch, .afterLoss, .afterBackward, .afterStep, .afterBatch]
        #expect(Array(recorder.events.prefix(7)) == expectedStart)
        #expect(recorder.events.last == .afterFit)
        #expect(recorder.events.filter { $0 == .afterBatch }.count == 3)
    }
}

@Suite struct EvaluationTests {
    @Test func perClassAccuracyAndConfusions() {
        let evaluation = Evaluation(
            classes: ["a", "b", "c"], count: 10, loss: 0, accuracy: 0.6,
            confusion: [[3, 1, 0], [2, 3, 0], [0, 0, 0]])
        #expect(evaluation.perClassAccuracy[0] == 0.75)
        #expect(evaluation.perClassAccuracy[1] == 0.6)
        #expect(evaluation.perClassAccuracy[2] == nil)
        let confused = evaluation.mostConfused()
        #expect(confused.count == 2)
        #expect(confused[0].actual == "b" && confused[0].predicted == "a" && confused[0].count == 2)
    }
}
