import FoveaTestSupport
import FoveaTensor
import Testing

@Suite struct LossTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "losses") }

    /// Every loss in each reduction; the fixture's case names end in the reduction.
    static let operations: [GoldenOperation] = [
        ("none", LossReduction.none), ("mean", LossReduction.mean), ("sum", LossReduction.sum),
    ].flatMap { suffix, reduction in
        [
            GoldenOperation("cross_entropy_plain_\(suffix)") {
                try $0.input("x").crossEntropy(target: $0.input("target"), reduction: reduction)
            },
            GoldenOperation("cross_entropy_full_\(suffix)") {
                try $0.input("x").crossEntropy(
                    target: $0.input("target"), classWeights: $0.input("weight"), reduction: reduction,
                    ignoreIndex: 1, labelSmoothing: 0.1)
            },
            GoldenOperation("cross_entropy_spatial_\(suffix)") {
                try $0.input("x").crossEntropy(
                    target: $0.input("target"), classWeights: $0.input("weight"), reduction: reduction,
                    ignoreIndex: 2, labelSmoothing: 0.2)
            },
            GoldenOperation("nll_\(suffix)") {
                try $0.input("x").nllLoss(
                    target: $0.input("target"), classWeights: $0.input("weight"), reduction: reduction, ignoreIndex: 1)
            },
            GoldenOperation("nll_spatial_\(suffix)") {
                try $0.input("x").nllLoss(target: $0.input("target"), reduction: reduction)
            },
            GoldenOperation("bce_\(suffix)") {
                try $0.input("x").binaryCrossEntropyWithLogits(
                    target: $0.input("target"), weight: $0.input("weight"), positiveWeight: $0.input("pos_weight"),
                    reduction: reduction)
            },
            GoldenOperation("bce_plain_\(suffix)") {
                try $0.input("x").binaryCrossEntropyWithLogits(target: $0.input("target"), reduction: reduction)
            },
            GoldenOperation("mse_\(suffix)") { try $0.input("x").mseLoss(target: $0.input("target"), reduction: reduction) },
            GoldenOperation("smooth_l1_\(suffix)") {
                try $0.input("x").smoothL1Loss(target: $0.input("target"), reduction: reduction, beta: 0.5)
            },
            GoldenOperation("smooth_l1_default_\(suffix)") {
                try $0.input("x").smoothL1Loss(target: $0.input("target"), reduction: reduction)
            },
        ]
    }

    @Test("matches PyTorch", arguments: operations)
    func matchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    @Test func defaultReductionIsTheMean() throws {
        let golden = try GoldenCase(fixture, "mse_mean")
        try golden.check(try golden.input("x").mseLoss(target: golden.input("target")))
    }

    @Test func outOfRangeClassThrows() throws {
        let logits = try Tensor.zeros([2, 3])
        let labels = try Tensor([0, 3] as [Int64])
        #expect(throws: TorchError.self) { try logits.crossEntropy(target: labels) }
        #expect(throws: TorchError.self) { try logits.nllLoss(target: labels) }
    }
}
