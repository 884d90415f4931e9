import Foundation
import FoveaData
import FoveaModels
import FoveaNN
import FoveaOptim
import FoveaTensor
@testable import FoveaTraining
import Testing

/// Class weights, gradient clipping, gradient accumulation and mixup.
@Suite(.serialized) struct TrainingStepTests {
    @Test func balancedClassWeightsFollowScikitLearn() throws {
        // compute_class_weight("balanced", classes=[0, 1, 2], y) for six 0s, three 1s and one 2:
        // 10 / (3 · 6), 10 / (3 · 3), 10 / (3 · 1).
        let expected = [10.0 / 18, 10.0 / 9, 10.0 / 3]
        #expect(try ClassWeights.balanced(counts: [6, 3, 1]) == expected)
        let labels: [Int64] = [0, 1, 0, 2, 0, 1, 0, 0, 1, 0]
        let data = try LabeledImages(
            images: Tensor.zeros([10, 1, 2, 2], dtype: .uint8), labels: Tensor(labels), classes: ["a", "b", "c"])
        #expect(try ClassWeights.balanced(for: data) == expected)
        #expect(abs(expected[2] - 3.3333333333333335) < 1e-15)

        let missing = try LabeledImages(
            images: Tensor.zeros([2, 1, 2, 2], dtype: .uint8), labels: Tensor([Int64(0), 0]), classes: ["a", "b"])
        let error = #expect(throws: RunError.self) { try ClassWeights.balanced(for: missing) }
        #expect("\(error!)".contains("'b' has none"))
    }

    /// Gradients and results of `scripts/fixtures/training.py` (torch.nn.utils.clip_grad_norm_, PyTorch 1.13).
    static let gradients: [(values: [Float], shape: [Int])] = [
        ([1.5, -2.25, 0.5, 3.0, -0.75, 1.25], [2, 3]),
        ([-4.0, 2.5, 0.0625, 1.0], [4]),
        ([0.125, -0.5, 2.0, -3.5], [1, 2, 2]),
    ]
    static let totalNorm: Float = 7.6457200050354
    static let clippedToOne: [[Float]] = [
        [0.19618816673755646, -0.2942822575569153, 0.06539605557918549, 0.3923763334751129, -0.09809408336877823,
         0.1634901463985443],
        [-0.5231684446334839, 0.3269802927970886, 0.008174506947398186, 0.13079211115837097],
        [0.01634901389479637, -0.06539605557918549, 0.26158422231674194, -0.4577723741531372],
    ]

    func parametersWithGradients() throws -> [Tensor] {
        try Self.gradients.map { values, shape in
            let parameter = try Tensor.zeros(shape).requiringGrad()
            try parameter.setGrad(Tensor(values, shape: shape))
            return parameter
        }
    }

    @Test func clippingMatchesPyTorch() throws {
        let parameters = try parametersWithGradients()
        let noGradient = try Tensor.zeros([3]).requiringGrad()
        let total = try GradientClipping.clipNorm(of: parameters + [noGradient], maxNorm: 1)
        #expect(Float(total) == Self.totalNorm)
        for (parameter, expected) in zip(parameters, Self.clippedToOne) {
            #expect(try #require(parameter.grad).toArray(Float.self) == expected)
        }

        // Below the threshold the gradients stay as they were.
        let unclipped = try parametersWithGradients()
        #expect(Float(try GradientClipping.clipNorm(of: unclipped, maxNorm: 100)) == Self.totalNorm)
        for (parameter, original) in zip(unclipped, Self.gradients) {
            #expect(try #require(parameter.grad).toArray(Float.self) == original.values)
        }
    }

    final class StepCounter: Callback {
        var steps = 0
        func handle(_ event: TrainingEvent, learner: Learner) throws {
            if event == .afterStep { steps += 1 }
        }
    }

    @Test func accumulatingTwoBatchesOf8EqualsOneBatchOf16() throws {
        let data = try TestData.small.train.subset(Array(0..<16))
        let normalization = try Normalization.fitted(to: data)
        func trained(batchSize: Int, accumulation: Int) throws -> (weights: [String: [Float]], steps: Int) {
            // BaseNet has no batch norm, so the batch's split does not change what the forward pass computes.
            let model = try withSeed(4) { try SeedNets.baseNet(input: TestData.input, classes: 10) }
            let counter = StepCounter()
            let learner = try Learner(
                model: model,
                train: BatchLoader(data: data, batchSize: batchSize, shuffle: false, normalization: normalization),
                validation: nil, optimizer: SGD(parameters: model.parameters, learningRate: 0.5),
                options: TrainingOptions(accumulationSteps: accumulation), callbacks: [counter])
            try learner.fit(epochs: 2)
            return (try TestData.weights(of: model), counter.steps)
        }
        let whole = try trained(batchSize: 16, accumulation: 1)
        let accumulated = try trained(batchSize: 8, accumulation: 2)
        #expect(whole.steps == 2)
        #expect(accumulated.steps == 2)
        var largest: Float = 0
        for (name, values) in whole.weights {
            let other = try #require(accumulated.weights[name])
            for (a, b) in zip(values, other) { largest = max(largest, abs(a - b) / max(1, abs(a))) }
        }
        #expect(largest < 1e-5)
        // A different effective batch does change the result: the comparison is not vacuous.
        let halves = try trained(batchSize: 8, accumulation: 1)
        #expect(halves.weights != whole.weights)
    }

    @Test func mixupDrawsAreSeeded() {
        let mixUp = MixUp(alpha: 0.4, seed: 7)
        let first = mixUp.draw(epoch: 1, batch: 3, count: 16)
        #expect(mixUp.draw(epoch: 1, batch: 3, count: 16) == first)
        #expect(mixUp.draw(epoch: 1, batch: 4, count: 16) != first)
        #expect(MixUp(alpha: 0.4, seed: 8).draw(epoch: 1, batch: 3, count: 16) != first)
        #expect(first.permutation.sorted() == Array(0..<16))

        // λ ~ Beta(0.4, 0.4): mean ½, variance 1 / (4 (2α + 1)) ≈ 0.139.
        let lambdas = (0..<4000).map { mixUp.draw(epoch: 0, batch: $0, count: 2).lambda }
        #expect(lambdas.allSatisfy { (0...1).contains($0) })
        let mean = lambdas.reduce(0, +) / Double(lambdas.count)
        let variance = lambdas.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(lambdas.count)
        #expect(abs(mean - 0.5) < 0.02)
        #expect(abs(variance - 1 / (4 * 1.8)) < 0.01)
    }

    /// Checks the first batch's loss against λ·CE(y) + (1−λ)·CE(y[permutation]) computed here.
    final class MixedLossCheck: Callback {
        var computed: Double?
        var reported: Double?
        func handle(_ event: TrainingEvent, learner: Learner) throws {
            guard event == .afterLoss, learner.epoch == 0, learner.batchIndex == 0 else { return }
            let batch = try learner.train.batch(0, epoch: 0)
            let (lambda, permutation) = MixUp(alpha: 0.4, seed: learner.train.seed).draw(epoch: 0, batch: 0, count: batch.labels.shape[0])
            let index = try Tensor(permutation.map(Int64.init))
            let images = try batch.images * lambda + batch.images.indexSelect(dim: 0, index: index) * (1 - lambda)
            try withNoGrad {
                let logits = try learner.model(images)
                let first = try logits.crossEntropy(target: batch.labels).scalar(Float.self)
                let second = try logits.crossEntropy(target: batch.labels.indexSelect(dim: 0, index: index)).scalar(Float.self)
                computed = lambda * Double(first) + (1 - lambda) * Double(second)
            }
            reported = learner.lastLoss
        }
    }

    @Test func mixupTrainsOnTheMixedLossAndIsReproducible() throws {
        func run(seed: UInt64) throws -> (weights: [String: [Float]], check: MixedLossCheck) {
            let check = MixedLossCheck()
            let learner = try TestData.learner(seed: seed, options: TrainingOptions(mixupAlpha: 0.4), callbacks: [check])
            try learner.fit(epochs: 1)
            return (try TestData.weights(of: learner.model), check)
        }
        let first = try run(seed: 1)
        let computed = try #require(first.check.computed)
        let reported = try #require(first.check.reported)
        #expect(abs(computed - reported) < 1e-5)
        #expect(try run(seed: 1).weights == first.weights)
    }

    @Test func invalidOptionsAreRefused() {
        #expect(throws: RunError.self) { try TrainingOptions(gradientClipNorm: 0).validate() }
        #expect(throws: RunError.self) { try TrainingOptions(accumulationSteps: 0).validate() }
        #expect(throws: RunError.self) { try TrainingOptions(mixupAlpha: -1).validate() }
    }
}
