import FoveaTestSupport
import FoveaNN
import FoveaTensor
import Testing

@Suite struct LayerTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "layers") }

    static let parameterized: [LayerCase] = [
        LayerCase("linear") { try Linear(inputFeatures: 5, outputFeatures: 3) },
        LayerCase("conv") { try Conv2d(inputChannels: 4, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1) },
        LayerCase("conv_same") { try Conv2d(inputChannels: 4, outputChannels: 3, kernelSize: 3, padding: nil, dilation: 2) },
        LayerCase("conv_grouped") { try Conv2d(inputChannels: 4, outputChannels: 6, kernelSize: 3, groups: 2, bias: false) },
        LayerCase("conv_transpose") {
            try ConvTranspose2d(inputChannels: 4, outputChannels: 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1)
        },
        LayerCase("conv_transpose_grouped") {
            try ConvTranspose2d(
                inputChannels: 4, outputChannels: 6, kernelSize: 3, stride: 2, groups: 2, bias: false, dilation: 2)
        },
        LayerCase("batch_norm_2d") { try BatchNorm.twoD(features: 4, epsilon: 1e-3, momentum: 0.3) },
        LayerCase("batch_norm_1d") { try BatchNorm.oneD(features: 3) },
        LayerCase("batch_norm_1d_sequence") { try BatchNorm.oneD(features: 3, affine: false) },
        LayerCase("batch_norm_eval") { try BatchNorm.twoD(features: 4) },
        LayerCase("dropout") { try Dropout(probability: 0.4) },
        LayerCase("dropout_eval") { try Dropout(probability: 0.4) },
    ]

    static let stateless: [LayerCase] = [
        LayerCase("max_pool") { MaxPool2d(kernelSize: 3, stride: 2, padding: 1, ceilMode: true) },
        LayerCase("max_pool_default_stride") { MaxPool2d(kernelSize: 2) },
        LayerCase("avg_pool") { AvgPool2d(kernelSize: 3, stride: 2, padding: 1) },
        LayerCase("avg_pool_default_stride") { AvgPool2d(kernelSize: 2) },
        LayerCase("adaptive_avg_pool") { AdaptiveAvgPool2d(outputSize: 2) },
        LayerCase("adaptive_avg_pool_global") { AdaptiveAvgPool2d() },
        LayerCase("adaptive_max_pool") { AdaptiveMaxPool2d(outputSize: 3) },
        LayerCase("flatten") { Flatten() },
        LayerCase("flatten_range") { Flatten(start: 0, end: 1) },
        LayerCase("identity") { Identity() },
        LayerCase("relu") { Activation.relu },
        LayerCase("relu6") { Activation(.relu6) },
        LayerCase("sigmoid") { Activation(.sigmoid) },
        LayerCase("tanh") { Activation(.tanh) },
        LayerCase("silu") { Activation(.silu) },
        LayerCase("hardswish") { Activation(.hardswish) },
        LayerCase("hardsigmoid") { Activation(.hardsigmoid) },
        LayerCase("mish") { Activation(.mish) },
        LayerCase("gelu") { Activation(.gelu) },
        LayerCase("leaky_relu") { Activation(.leakyRelu(negativeSlope: 0.1)) },
        LayerCase("elu") { Activation(.elu(alpha: 0.5)) },
        LayerCase("softmax") { Activation(.softmax(dim: 1)) },
        LayerCase("log_softmax") { Activation(.logSoftmax(dim: 1)) },
    ]

    @Test("layers with parameters or modes match PyTorch", arguments: parameterized)
    func parameterizedLayerMatchesPyTorch(_ layerCase: LayerCase) {
        layerCase.run(in: fixture)
    }

    @Test("stateless layers match PyTorch", arguments: stateless)
    func statelessLayerMatchesPyTorch(_ layerCase: LayerCase) {
        layerCase.run(in: fixture)
    }

    @Test func batchNormInEvaluationUsesTheUpdatedRunningStatistics() throws {
        let layer = try #require(Self.parameterized.first { $0.name == "batch_norm_2d" }?.run(in: fixture))
        layer.setTraining(false)
        let output = try layer(fixture.tensor("batch_norm_2d.eval.x"))
        expectClose(output, try fixture.tensor("batch_norm_2d.eval.out0"), rtol: Tolerance.forward, atol: Tolerance.forward)
    }
}
