import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor
import FoveaTraining
import Testing

/// Fashion-MNIST slices and a tiny pretrained-style body for the transfer-learning suites.
enum TransferFixtures {
    /// The first 1,200 training images of Fashion-MNIST.
    static let images: LabeledImages = {
        let full = try! FashionMNIST.load(.train)
        return try! full.subset(Array(0..<1200))
    }()

    static let grayInput = InputSpec(channels: 1, height: 28, width: 28)

    /// Images `range` of ``images``.
    static func slice(_ range: Range<Int>) throws -> LabeledImages { try images.subset(Array(range)) }

    /// A two-stage EfficientNet-Lite for gray 28×28 images with a new `head` in three groups (two body groups and
    /// the head): batch norms everywhere, no dropout or stochastic depth in the body.
    static func tinyTransferModel(seed: UInt64, head: HeadDesign = .linear) throws -> TransferModel {
        try withSeed(seed) {
            let network = try EfficientNetLite(
                stages: [
                    EfficientNetLite.Stage(repeats: 1, kernelSize: 3, stride: 1, expansion: 1, outputs: 8),
                    EfficientNetLite.Stage(repeats: 2, kernelSize: 3, stride: 2, expansion: 4, outputs: 16),
                ],
                classes: 1000, inputChannels: 1, stemChannels: 8, headChannels: 32, dropoutRate: 0, dropConnectRate: 0)
            return try TransferModel(
                network: network, headName: "_fc",
                bodyGroups: [["_conv_stem", "_bn0", "_blocks.0"], ["_blocks.1", "_blocks.2", "_conv_head", "_bn1"]],
                head: head, classes: 10)
        }
    }

    static func loader(
        _ data: LabeledImages, normalization: Normalization, batchSize: Int = 32, shuffle: Bool = true,
        augmentation: Augmentation = .none
    ) throws -> BatchLoader {
        try BatchLoader(
            data: data, batchSize: batchSize, shuffle: shuffle, normalization: normalization,
            augmentation: augmentation, seed: 1)
    }

    /// Every parameter and buffer as floats, by name.
    static func weights(of model: any Module) throws -> [String: [Float]] {
        var result: [String: [Float]] = [:]
        for (name, tensor) in model.stateDict { result[name] = try tensor.converted(to: .float32).toArray(Float.self) }
        return result
    }

    static func maxDifference(_ first: [Float], _ second: [Float]) -> Float {
        zip(first, second).reduce(first.count == second.count ? 0 : .infinity) { Swift.max($0, abs($1.0 - $1.1)) }
    }
}

/// Records each group's learning rate and whether all of each group's parameters train, when a fit starts.
private final class GroupRecorder: Callback {
    var rates: [[Double]] = []
    var training: [[Bool]] = []

    func handle(_ event: TrainingEvent, learner: Learner) throws {
        guard event == .beforeFit else { return }
        rates.append(learner.optimizer.groups.map(\.learningRate))
        training.append(learner.optimizer.groups.map { group in group.parameters.allSatisfy { $0.requiresGrad } })
    }
}

@Suite struct TransferLearningTests {
    private func expectRates(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, sourceLocation: sourceLocation)
        for (value, reference) in zip(actual, expected) {
            #expect(abs(value - reference) <= 1e-12 + 1e-9 * reference, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test func discriminativeRatesAreTheGeometricSpread() {
        expectRates(FineTuning.discriminativeRates(base: 1e-3, multiplier: 100, groups: 3), [1e-5, 1e-4, 1e-3])
        // 100^(1/4) = √10 ≈ 3.16227766 between neighbours.
        expectRates(
            FineTuning.discriminativeRates(base: 1e-3, multiplier: 100, groups: 5),
            [1e-5, 3.16227766016838e-5, 1e-4, 3.16227766016838e-4, 1e-3])
        expectRates(FineTuning.discriminativeRates(base: 1e-3, multiplier: 100, groups: 1), [1e-3])
        expectRates(FineTuning.headRates(base: 2e-3, groups: 3), [2e-4, 2e-4, 2e-3])
    }

    @Test func fineTuneTrainsTheHeadThenEveryGroupAtDiscriminativeRates() throws {
        let train = try TransferFixtures.slice(0..<128)
        let normalization = try Normalization.fitted(to: train)
        let model = try TransferFixtures.tinyTransferModel(seed: 11)
        let recorder = GroupRecorder()
        let learner = try Learner(
            model: model, train: TransferFixtures.loader(train, normalization: normalization),
            validation: TransferFixtures.loader(TransferFixtures.slice(128..<192), normalization: normalization),
            optimizer: Adam(groups: model.optimizerGroups(learningRate: 1e-3, momentum: 0.9)), callbacks: [recorder])
        try learner.fineTune(FineTuneSettings(epochs: 1, frozenEpochs: 1, baseRate: 2e-3))

        // Frozen: peaks fastai's slice(2e-3) = [2e-4, 2e-4, 2e-3], starting at peak / 25.
        expectRates(recorder.rates[0], [8e-6, 8e-6, 8e-5])
        // Unfrozen: peaks slice(1e-3 / 100, 1e-3) = [1e-5, 1e-4, 1e-3], starting at peak / 5.
        expectRates(recorder.rates[1], [2e-6, 2e-5, 2e-4])
        // The frozen groups train only their batch norms; afterwards every parameter trains.
        #expect(recorder.training == [[false, false, true], [true, true, true]])
        #expect(learner.history.count == 2)
        #expect(model.parameters.allSatisfy { $0.requiresGrad })

        let single = try Learner(
            model: model, train: TransferFixtures.loader(train, normalization: normalization), validation: nil,
            optimizer: SGD(parameters: model.parameters, learningRate: 0.1))
        #expect(throws: FineTuneError.self) { try single.fineTune(FineTuneSettings(epochs: 1)) }
    }

    @Test func freezingLeavesTheFrozenNonBatchNormWeightsUntouched() throws {
        let train = try TransferFixtures.slice(0..<64)
        let normalization = try Normalization.fitted(to: train)
        let model = try TransferFixtures.tinyTransferModel(seed: 12, head: .fastai())
        try model.freeze()
        let before = try TransferFixtures.weights(of: model)
        let learner = try Learner(
            model: model, train: TransferFixtures.loader(train, normalization: normalization), validation: nil,
            optimizer: SGD(groups: model.optimizerGroups(learningRate: 0.05, weightDecay: 0.01, momentum: 0.9)))
        try learner.fit(epochs: 1)
        let after = try TransferFixtures.weights(of: model)
        let batchNorms = Set(model.namedModules.filter { $0.module is BatchNorm }.map(\.name))
        for (name, values) in after {
            let owner = name.split(separator: ".").dropLast().joined(separator: ".")
            let isBuffer = name.hasSuffix("running_mean") || name.hasSuffix("running_var") || name.hasSuffix("tracked")
            if name.hasPrefix("_fc.") || batchNorms.contains(owner) {
                #expect(values != before[name], "\(name) did not train")
            } else {
                #expect(!isBuffer)
                #expect(values == before[name], "\(name) moved while frozen")
            }
        }
    }

    @Test func cachedHeadTrainingMatchesTrainingThroughTheFrozenBody() throws {
        let train = try TransferFixtures.slice(0..<256)
        let normalization = try Normalization.fitted(to: train)
        let loader = try TransferFixtures.loader(train, normalization: normalization)

        let direct = try TransferFixtures.tinyTransferModel(seed: 13)
        try direct.freeze(trainBatchNorm: false)
        let learner = try Learner(
            model: direct, train: loader, validation: nil,
            optimizer: SGD(groups: direct.optimizerGroups(learningRate: 0.1)), callbacks: [BatchNormFreeze()])
        try learner.fit(epochs: 1)

        let cached = try TransferFixtures.tinyTransferModel(seed: 13)
        try cached.freeze(trainBatchNorm: false)
        let bodyBefore = try TransferFixtures.weights(of: cached).filter { !$0.key.hasPrefix("_fc.") }
        let features = try CachedFeatures(model: cached, loader: loader)
        #expect(features.copies.map(\.shape) == [[256, 32]])
        let trainer = try CachedHeadTrainer(
            model: cached, train: features, validation: nil,
            optimizer: SGD(parameters: cached.head.parameters, learningRate: 0.1))
        try trainer.fit(epochs: 1)

        let directWeights = try TransferFixtures.weights(of: direct)
        let cachedWeights = try TransferFixtures.weights(of: cached)
        for name in ["_fc.weight", "_fc.bias"] {
            let difference = TransferFixtures.maxDifference(directWeights[name] ?? [], cachedWeights[name] ?? [])
            #expect(difference < 1e-5, "\(name) differs by \(difference)")
        }
        // Both bodies, running statistics included, are as built.
        for (name, values) in bodyBefore {
            #expect(directWeights[name] == values, "\(name)")
            #expect(cachedWeights[name] == values, "\(name)")
        }
        #expect(abs(trainer.history[0].trainLoss - learner.history[0].trainLoss) < 1e-5)
    }

    /// Random convolutional features carry some signal: a fastai head on them does clearly better than chance (0.1).
    @Test func cachedTransferFromARandomBodyLearns() throws {
        let train = try TransferFixtures.slice(0..<1000)
        let normalization = try Normalization.fitted(to: train)
        let trainLoader = try TransferFixtures.loader(
            train, normalization: normalization, batchSize: 50, augmentation: Augmentation(horizontalFlip: true))
        let validationLoader = try TransferFixtures.loader(
            TransferFixtures.slice(1000..<1200), normalization: normalization, batchSize: 100, shuffle: false)
        let model = try TransferFixtures.tinyTransferModel(seed: 14, head: .fastai())
        try model.freeze()
        let started = Date()
        let features = try CachedFeatures(model: model, loader: trainLoader, augmentedCopies: 2)
        #expect(features.copies.map(\.shape) == [[1000, 32, 7, 7], [1000, 32, 7, 7]])
        let trainer = try CachedHeadTrainer(
            model: model, train: features, validation: CachedFeatures(model: model, loader: validationLoader),
            optimizer: Adam(parameters: model.head.parameters))
        try withSeed(15) { try trainer.fitOneCycle(epochs: 6, maxRate: 1e-2) }
        let seconds = Date().timeIntervalSince(started)
        let cachedAccuracy = try #require(trainer.history.last?.validationAccuracy)
        let evaluation = try Learner.evaluate(model: model, loader: validationLoader)
        print("random tiny body, fastai head: validation accuracy \(cachedAccuracy) after 6 cached epochs, \(seconds) s")
        #expect(cachedAccuracy > 0.3)
        // The head was trained in place: the normal path through the body scores the same.
        #expect(abs(evaluation.accuracy - cachedAccuracy) < 1e-9)
    }

    @Test func fineTuneWithCachedFeaturesTrainsTheHeadOnThemFirst() throws {
        let train = try TransferFixtures.slice(0..<128)
        let normalization = try Normalization.fitted(to: train)
        let model = try TransferFixtures.tinyTransferModel(seed: 17)
        let learner = try Learner(
            model: model,
            train: TransferFixtures.loader(train, normalization: normalization, augmentation: Augmentation(maxShift: 2)),
            validation: TransferFixtures.loader(TransferFixtures.slice(128..<192), normalization: normalization),
            optimizer: Adam(groups: model.optimizerGroups(learningRate: 1e-3, momentum: 0.9)))
        let body = try TransferFixtures.weights(of: model).filter { !$0.key.hasPrefix("_fc.") }
        var headEpochs: [EpochRecord] = []
        var bodyUnchanged = false
        try learner.fineTune(FineTuneSettings(epochs: 1, frozenEpochs: 2, cachedCopies: 2)) { record in
            headEpochs.append(record)
            bodyUnchanged = (try? TransferFixtures.weights(of: model).filter { !$0.key.hasPrefix("_fc.") }) == body
        }
        #expect(headEpochs.map(\.epoch) == [1, 2])
        #expect(headEpochs.allSatisfy { $0.validationAccuracy != nil })
        #expect(bodyUnchanged)
        #expect(learner.history.count == 1)
        #expect(try TransferFixtures.weights(of: model).filter { !$0.key.hasPrefix("_fc.") } != body)
    }
}
