import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor
@testable import FoveaTraining
import Testing

/// Early stopping, best weights, the plateau schedule and the per-epoch logs.
@Suite(.serialized) struct CallbackTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-callbacks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func earlyStoppingStopsAndRestoresTheBestWeights() throws {
        let folder = try Self.temporaryFolder()
        let recorder = WeightsRecorder()
        // An improvement must beat the best by 100: only the first epoch counts as one.
        let stopping = try EarlyStopping(monitor: .validationAccuracy, patience: 2, minDelta: 100)
        let best = SaveBest(file: folder.appendingPathComponent("best.safetensors"), monitor: .validationLoss)
        let learner = try TestData.learner(callbacks: [recorder, stopping, best])
        try learner.fit(epochs: 5)

        #expect(learner.history.count == 3)
        #expect(try #require(learner.stopReason).contains("early stopping"))
        #expect(stopping.restoredEpoch == 1)
        #expect(try TestData.weights(of: learner.model) == recorder.byEpoch[1])
        #expect(try TestData.weights(of: learner.model) != recorder.byEpoch[3])

        // The best file holds the epoch with the lowest validation loss.
        let losses = learner.history.map { $0.validationLoss ?? .infinity }
        let bestEpoch = try #require(losses.indices.min { losses[$0] < losses[$1] }) + 1
        #expect(best.bestEpoch == bestEpoch)
        let saved = try SafeTensors.read(contentsOf: best.file)
        #expect(try TestData.weights(of: saved) == recorder.byEpoch[bestEpoch])
    }

    /// Asks for a stop from outside, as Ctrl-C does, during the second epoch.
    final class Interrupter: Callback {
        func handle(_ event: TrainingEvent, learner: Learner) throws {
            if event == .afterBatch, learner.epoch == 1, learner.batchIndex == 3 {
                learner.interruption.request(reason: "interrupted (test)")
            }
        }
    }

    @Test func earlyStoppingRestoresTheBestWeightsWhenInterrupted() throws {
        let folder = try Self.temporaryFolder()
        let recorder = WeightsRecorder()
        let stopping = try EarlyStopping(patience: 5, minDelta: 100)
        let learner = try TestData.learner(callbacks: [recorder, stopping, Interrupter()])
        learner.checkpointFile = folder.appendingPathComponent("checkpoint.safetensors")
        try learner.fit(epochs: 3)

        #expect(learner.stopReason == "interrupted (test)")
        #expect(learner.history.count == 1)
        #expect(try TestData.weights(of: learner.model) == recorder.byEpoch[1])
        // The checkpoint holds the interrupted state, not the restored weights, and can be resumed.
        let checkpoint = try Checkpoint.read(from: try #require(learner.checkpointFile))
        #expect(checkpoint.epoch == 1 && checkpoint.batch == 4 && !checkpoint.finished)
        #expect(try TestData.weights(of: checkpoint.records(prefix: "model.")) != recorder.byEpoch[1])
    }

    @Test func earlyStoppingNeedsAValidationSet() throws {
        // Seeded, and so holding the generator's lock: an unseeded draw could interleave with another suite's.
        let model = try withSeed(0) { try SeedNets.baseNet(input: TestData.input, classes: 10) }
        let learner = try Learner(
            model: model,
            train: BatchLoader(data: TestData.small.train, batchSize: 64, shuffle: true,
                               normalization: Normalization(mean: [0.5], std: [0.5])),
            validation: nil, optimizer: Adam(parameters: model.parameters), callbacks: [try EarlyStopping()])
        let error = #expect(throws: RunError.self) { try learner.fit(epochs: 1) }
        #expect("\(error!)".contains("no validation set"))
    }

    @Test func reducePlateauLowersTheRateWhenTheMetricStalls() throws {
        // At a rate of 1e-6 the validation loss barely moves, so the second epoch is no improvement.
        let model = try withSeed(0) { try SeedNets.baseNet(input: TestData.input, classes: 10) }
        let optimizer = try SGD(parameters: model.parameters, learningRate: 1e-6)
        let plateau = try ReducePlateau(optimizer: optimizer, patience: 0)
        let learner = try TestData.learner(model: model, optimizer: optimizer, callbacks: [plateau])
        try learner.fit(epochs: 2)
        #expect(plateau.reductions == [2])
        #expect(abs(optimizer.groups[0].learningRate - 1e-7) < 1e-20)
        #expect(learner.history.map(\.learningRate) == [1e-6, 1e-6])
    }

    @Test func csvAndJSONLinesLogsHoldEveryEpoch() throws {
        let folder = try Self.temporaryFolder()
        let csv = CSVLogger(file: folder.appendingPathComponent("history.csv"))
        let jsonLines = JSONLinesLogger(file: folder.appendingPathComponent("history.jsonl"))
        let learner = try TestData.learner(callbacks: [csv, jsonLines])
        try learner.fit(epochs: 2)

        let rows = try String(contentsOf: csv.file, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.count == 3)
        #expect(rows[0].joined(separator: ",") == "epoch,train_loss,train_accuracy,valid_loss,valid_accuracy,learning_rate,seconds")
        for (row, record) in zip(rows.dropFirst(), learner.history) {
            #expect(row[0] == "\(record.epoch)")
            #expect(Double(row[1]) == record.trainLoss)
            #expect(Double(row[3]) == record.validationLoss)
        }

        let lines = try String(contentsOf: jsonLines.file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for (line, record) in zip(lines, learner.history) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["epoch"] as? Int == record.epoch)
            #expect(object["valid_accuracy"] as? Double == record.validationAccuracy)
        }
    }
}
