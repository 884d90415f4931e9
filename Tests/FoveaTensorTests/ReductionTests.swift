import FoveaTestSupport
import FoveaTensor
import Testing

@Suite struct ReductionTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "reductions") }

    static let operations: [GoldenOperation] = [
        GoldenOperation("sum_all") { try $0.input("x").sum() },
        GoldenOperation("sum_dims") { try $0.input("x").sum(dims: [0, 2]) },
        GoldenOperation("sum_keep") { try $0.input("x").sum(dims: [1], keepDims: true) },
        GoldenOperation("mean_all") { try $0.input("x").mean() },
        GoldenOperation("mean_dims") { try $0.input("x").mean(dims: [-1]) },
        GoldenOperation("mean_keep") { try $0.input("x").mean(dims: [0, 1], keepDims: true) },
        GoldenOperation("product") { try $0.input("x").product() },
        GoldenOperation("var_dims") { try $0.input("x").variance(dims: [1]) },
        GoldenOperation("var_all_biased") { try $0.input("x").variance(unbiased: false) },
        GoldenOperation("std_keep") { try $0.input("x").standardDeviation(dims: [0, 2], keepDims: true) },
        GoldenOperation("std_all") { try $0.input("x").standardDeviation() },
        GoldenOperation("max_all") { try $0.input("x").max() },
        GoldenOperation("min_all") { try $0.input("x").min() },
        GoldenOperation("max_dim", outputs: { try pair($0.input("x").max(dim: 1)) }),
        GoldenOperation("max_dim_keep", outputs: { try pair($0.input("x").max(dim: -1, keepDims: true)) }),
        GoldenOperation("min_dim", outputs: { try pair($0.input("x").min(dim: 0)) }),
        GoldenOperation("argmax_all") { try $0.input("x").argmax() },
        GoldenOperation("argmax_dim") { try $0.input("x").argmax(dim: 2, keepDims: true) },
        GoldenOperation("argmin_all") { try $0.input("x").argmin() },
        GoldenOperation("argmin_dim") { try $0.input("x").argmin(dim: 1) },
        GoldenOperation("topk_largest", outputs: { try pair($0.input("x").topK(2)) }),
        GoldenOperation("topk_smallest", outputs: { try pair($0.input("x").topK(3, dim: 1, largest: false)) }),
        GoldenOperation("sort_ascending", outputs: { try pair($0.input("x").sorted()) }),
        GoldenOperation("sort_descending", outputs: { try pair($0.input("x").sorted(dim: 0, descending: true)) }),
        GoldenOperation("cumsum") { try $0.input("x").cumulativeSum(dim: 1) },
        GoldenOperation("norm_l2_dims") { try $0.input("x").norm(2, dims: [1]) },
        GoldenOperation("norm_l1_all") { try $0.input("x").norm(1) },
        GoldenOperation("norm_p3_keep") { try $0.input("x").norm(3, dims: [0, 2], keepDims: true) },
        GoldenOperation("norm_infinity") { try $0.input("x").norm(.infinity, dims: [2]) },
        GoldenOperation("any_mixed") { try $0.input("mask").any() },
        GoldenOperation("all_mixed") { try $0.input("mask").all() },
        GoldenOperation("any_none") { try $0.input("mask").any() },
        GoldenOperation("all_every") { try $0.input("mask").all() },
    ]

    @Test("matches PyTorch", arguments: operations)
    func matchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    private static func pair(_ result: (values: Tensor, indices: Tensor)) -> [Tensor] {
        [result.values, result.indices]
    }
}
