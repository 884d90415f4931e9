import FoveaTestSupport
import FoveaTensor
import Testing

@Suite struct NeuralNetworkTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "neural_network") }

    static let activations: [GoldenOperation] = [
        GoldenOperation("relu") { try $0.input("x").relu() },
        GoldenOperation("relu6") { try $0.input("x").relu6() },
        GoldenOperation("sigmoid") { try $0.input("x").sigmoid() },
        GoldenOperation("tanh") { try $0.input("x").tanh() },
        GoldenOperation("silu") { try $0.input("x").silu() },
        GoldenOperation("hardswish") { try $0.input("x").hardswish() },
        GoldenOperation("hardsigmoid") { try $0.input("x").hardsigmoid() },
        GoldenOperation("mish") { try $0.input("x").mish() },
        GoldenOperation("gelu") { try $0.input("x").gelu() },
        GoldenOperation("gelu_tanh") { try $0.input("x").gelu(tanhApproximation: true) },
        GoldenOperation("leaky_relu") { try $0.input("x").leakyRelu(negativeSlope: 0.2) },
        GoldenOperation("leaky_relu_default") { try $0.input("x").leakyRelu() },
        GoldenOperation("elu") { try $0.input("x").elu(alpha: 0.7) },
        GoldenOperation("elu_default") { try $0.input("x").elu() },
        GoldenOperation("softplus") { try $0.input("x").softplus(beta: 2, threshold: 5) },
        GoldenOperation("softplus_default") { try $0.input("x").softplus() },
        GoldenOperation("softmax") { try $0.input("x").softmax(dim: 1) },
        GoldenOperation("softmax_last") { try $0.input("x").softmax(dim: -1) },
        GoldenOperation("log_softmax") { try $0.input("x").logSoftmax(dim: 1) },
        GoldenOperation("log_softmax_last") { try $0.input("x").logSoftmax(dim: -1) },
    ]

    static let layers: [GoldenOperation] = [
        GoldenOperation("linear") { try $0.input("x").linear(weight: $0.input("weight"), bias: $0.input("bias")) },
        GoldenOperation("linear_no_bias") { try $0.input("x").linear(weight: $0.input("weight")) },
        GoldenOperation("conv2d") { try $0.input("x").conv2d(weight: $0.input("weight"), bias: $0.input("bias")) },
        GoldenOperation("conv2d_strided") {
            try $0.input("x").conv2d(weight: $0.input("weight"), bias: $0.input("bias"), stride: [2, 2], padding: [1, 1])
        },
        GoldenOperation("conv2d_dilated") {
            try $0.input("x").conv2d(
                weight: $0.input("weight"), bias: $0.input("bias"), padding: [2, 2], dilation: [2, 2])
        },
        GoldenOperation("conv2d_groups") {
            try $0.input("x").conv2d(weight: $0.input("weight"), stride: [1, 2], padding: [1, 0], groups: 2)
        },
        GoldenOperation("conv2d_depthwise") {
            try $0.input("x").conv2d(weight: $0.input("weight"), bias: $0.input("bias"), padding: [1, 1], groups: 4)
        },
        GoldenOperation("conv_transpose2d") {
            try $0.input("x").convTranspose2d(weight: $0.input("weight"), bias: $0.input("bias"))
        },
        GoldenOperation("conv_transpose2d_strided") {
            try $0.input("x").convTranspose2d(
                weight: $0.input("weight"), bias: $0.input("bias"), stride: [2, 2], padding: [1, 1],
                outputPadding: [1, 1])
        },
        GoldenOperation("conv_transpose2d_groups") {
            try $0.input("x").convTranspose2d(
                weight: $0.input("weight"), stride: [2, 2], outputPadding: [1, 1], groups: 2, dilation: [2, 2])
        },
    ]

    static let pooling: [GoldenOperation] = [
        GoldenOperation("max_pool2d") { try $0.input("x").maxPool2d(kernelSize: [3, 3], stride: [2, 2], padding: [1, 1]) },
        GoldenOperation("max_pool2d_ceil") { try $0.input("x").maxPool2d(kernelSize: [2, 2], ceilMode: true) },
        GoldenOperation("max_pool2d_dilated") {
            try $0.input("x").maxPool2d(kernelSize: [2, 2], stride: [1, 1], dilation: [2, 2])
        },
        GoldenOperation("avg_pool2d") { try $0.input("x").avgPool2d(kernelSize: [3, 3], stride: [2, 2], padding: [1, 1]) },
        GoldenOperation("avg_pool2d_exclude_pad") {
            try $0.input("x").avgPool2d(kernelSize: [3, 3], stride: [2, 2], padding: [1, 1], countIncludePad: false)
        },
        GoldenOperation("avg_pool2d_ceil") { try $0.input("x").avgPool2d(kernelSize: [2, 2], ceilMode: true) },
        GoldenOperation("adaptive_avg_pool2d") { try $0.input("x").adaptiveAvgPool2d(outputSize: [3, 2]) },
        GoldenOperation("adaptive_avg_pool2d_global") { try $0.input("x").adaptiveAvgPool2d(outputSize: [1, 1]) },
        GoldenOperation("adaptive_max_pool2d") { try $0.input("x").adaptiveMaxPool2d(outputSize: [3, 2]) },
    ]

    static let resampling: [GoldenOperation] = [
        GoldenOperation("nearest_size") { try $0.input("x").interpolate(size: [5, 7], mode: .nearest) },
        GoldenOperation("nearest_down") { try $0.input("x").interpolate(size: [2, 2], mode: .nearest) },
        GoldenOperation("nearest_scale") { try $0.input("x").interpolate(scale: [2, 2], mode: .nearest) },
        GoldenOperation("bilinear_size") {
            try $0.input("x").interpolate(size: [5, 7], mode: .bilinear(alignCorners: false))
        },
        GoldenOperation("bilinear_size_aligned") {
            try $0.input("x").interpolate(size: [5, 7], mode: .bilinear(alignCorners: true))
        },
        GoldenOperation("bilinear_down") {
            try $0.input("x").interpolate(size: [2, 3], mode: .bilinear(alignCorners: false))
        },
        GoldenOperation("bilinear_scale") {
            try $0.input("x").interpolate(scale: [1.5, 2], mode: .bilinear(alignCorners: false))
        },
        GoldenOperation("bilinear_scale_aligned") {
            try $0.input("x").interpolate(scale: [2, 1.5], mode: .bilinear(alignCorners: true))
        },
    ]

    static let dropout: [GoldenOperation] = [
        // PyTorch drew the mask right after torch.manual_seed(1234) from the same generator.
        GoldenOperation("dropout") { golden in
            let input = try golden.input("x")
            return try withSeed(1234) { try input.dropout(probability: 0.3, training: true) }
        },
        GoldenOperation("dropout_eval") { try $0.input("x").dropout(probability: 0.3, training: false) },
    ]

    @Test("activations match PyTorch", arguments: activations)
    func activationMatchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    @Test("linear and convolutions match PyTorch", arguments: layers)
    func layerMatchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    @Test("pooling matches PyTorch", arguments: pooling)
    func poolingMatchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    @Test("interpolation matches PyTorch", arguments: resampling)
    func interpolationMatchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    @Test("dropout matches PyTorch's mask", arguments: dropout)
    func dropoutMatchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    @Test("batch norm matches PyTorch and updates running statistics only in training",
          arguments: [("batch_norm_train", true), ("batch_norm_eval", false)])
    func batchNormMatchesPyTorch(_ name: String, _ training: Bool) throws {
        let golden = try GoldenCase(fixture, name)
        let runningMean = try golden.input("running_mean")
        let runningVar = try golden.input("running_var")
        let output = try golden.input("x").batchNorm(
            weight: golden.input("weight"), bias: golden.input("bias"), runningMean: runningMean,
            runningVar: runningVar, training: training, momentum: 0.2, epsilon: 1e-3)
        try golden.check(output)
        expectClose(runningMean, try golden.expected("after.running_mean"), rtol: 1e-5, atol: 1e-6, "running mean")
        expectClose(runningVar, try golden.expected("after.running_var"), rtol: 1e-5, atol: 1e-6, "running variance")
    }

    @Test func batchNormWithoutAffineParametersMatchesPyTorch() throws {
        let golden = try GoldenCase(fixture, "batch_norm_1d_no_affine")
        let runningMean = try golden.input("running_mean")
        let runningVar = try golden.input("running_var")
        let output = try golden.input("x").batchNorm(
            weight: nil, bias: nil, runningMean: runningMean, runningVar: runningVar, training: true)
        try golden.check(output)
        expectClose(runningMean, try golden.expected("after.running_mean"), rtol: 1e-5, atol: 1e-6, "running mean")
        expectClose(runningVar, try golden.expected("after.running_var"), rtol: 1e-5, atol: 1e-6, "running variance")
    }

    @Test func dropoutZeroesTheRightFractionAndScalesTheRest() throws {
        let probability = 0.3
        let output = try withSeed(99) {
            try Tensor.ones([200, 500]).dropout(probability: probability, training: true)
        }
        let values = try output.toArray(Float.self)
        let zeroFraction = Double(values.filter { $0 == 0 }.count) / Double(values.count)
        #expect(Swift.abs(zeroFraction - probability) < 0.01, "zero fraction \(zeroFraction)")
        let kept = Set(values.filter { $0 != 0 })
        #expect(kept == [Float(1 / (1 - probability))])
    }

    @Test func dropoutMasksDifferBetweenCalls() throws {
        let (first, second) = try withSeed(5) {
            let input = try Tensor.ones([64])
            return (try input.dropout(probability: 0.5, training: true), try input.dropout(probability: 0.5, training: true))
        }
        #expect(try first.toArray(Float.self) != second.toArray(Float.self))
    }
}
