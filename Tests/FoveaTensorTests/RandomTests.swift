import FoveaTestSupport
import FoveaTensor
import Testing

/// libtorch's generator is PyTorch's: the same seed gives bit-identical draws.
@Suite struct RandomTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "random") }

    @Test func factoriesMatchPyTorch() throws {
        try expectExact(Tensor.zeros([2, 3]), "zeros")
        try expectExact(Tensor.ones([2, 2], dtype: .int64), "ones_int64")
        try expectExact(Tensor.full([2, 3], value: 1.5, dtype: .float64), "full_float64")
        try expectExact(Tensor.arange(0, 5), "arange")
        try expectExact(Tensor.arange(1, 2, step: 0.25, dtype: .float32), "arange_fraction")
        try expectExact(Tensor.arange(5, 0, step: -2), "arange_down")
    }

    @Test func normalDrawsMatchPyTorch() throws {
        let draws = try withSeed(7) {
            [try Tensor.randomNormal([3, 4]), try Tensor.randomNormal([5, 7]),
             try Tensor.randomNormal([4, 5], dtype: .float64)]
        }
        try expectExact(draws[0], "seed7.randn_small")
        try expectExact(draws[1], "seed7.randn_large")
        try expectExact(draws[2], "seed7.randn_float64")
    }

    @Test func uniformDrawsMatchPyTorch() throws {
        let draws = try withSeed(8) {
            [try Tensor.randomUniform([3, 4]), try Tensor.randomUniform([40]),
             try Tensor.randomUniform([2, 5], dtype: .float64)]
        }
        try expectExact(draws[0], "seed8.rand")
        try expectExact(draws[1], "seed8.rand_large")
        try expectExact(draws[2], "seed8.rand_float64")
    }

    @Test func integerDrawsMatchPyTorch() throws {
        let draws = try withSeed(9) {
            [try Tensor.randomIntegers([3, 4], high: 10), try Tensor.randomIntegers([20], low: -5, high: 5),
             try Tensor.randomIntegers([6], high: 1000, dtype: .int32)]
        }
        try expectExact(draws[0], "seed9.randint")
        try expectExact(draws[1], "seed9.randint_negative")
        try expectExact(draws[2], "seed9.randint_int32")
    }

    @Test func permutationsMatchPyTorch() throws {
        let draws = try withSeed(10) {
            [try Tensor.randomPermutation(10), try Tensor.randomPermutation(50)]
        }
        try expectExact(draws[0], "seed10.randperm")
        try expectExact(draws[1], "seed10.randperm_large")
    }

    @Test func inPlaceDrawsMatchPyTorch() throws {
        let (uniform, normal) = try withSeed(11) {
            let uniform = try Tensor.empty([3, 4])
            try uniform.uniform_(from: -2, to: 3)
            let normal = try Tensor.empty([20])
            try normal.normal_(mean: 1.5, std: 0.5)
            return (uniform, normal)
        }
        try expectExact(uniform, "seed11.uniform")
        try expectExact(normal, "seed11.normal")
    }

    @Test func withSeedRestoresTheGeneratorAfterwards() throws {
        let (first, inner, second) = try withSeed(5) {
            let first = try Tensor.randomNormal([4])
            let inner = try withSeed(7) { try Tensor.randomNormal([3, 4]) }
            return (first, inner, try Tensor.randomNormal([4]))
        }
        let (expectedFirst, expectedSecond) = try withSeed(5) {
            (try Tensor.randomNormal([4]), try Tensor.randomNormal([4]))
        }
        expectClose(first, expectedFirst, rtol: 0, atol: 0)
        expectClose(second, expectedSecond, rtol: 0, atol: 0)
        try expectExact(inner, "seed7.randn_small")
    }

    @Test func savedStateReplaysTheSameDraws() throws {
        let (original, replayed, next) = try withSeed(3) {
            let state = try Random.state()
            let original = try Tensor.randomUniform([6])
            try Random.setState(state)
            return (original, try Tensor.randomUniform([6]), try Tensor.randomUniform([6]))
        }
        expectClose(replayed, original, rtol: 0, atol: 0)
        #expect(try !next.allClose(original))
    }

    private func expectExact(_ actual: Tensor, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        expectClose(actual, try fixture.tensor(name), rtol: 0, atol: 0, name, sourceLocation: sourceLocation)
    }
}
