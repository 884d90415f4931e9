import FoveaTestSupport
import FoveaNN
import FoveaTensor
import Testing

/// After the same seed, layers built in the same order hold PyTorch's initial weights bit for bit.
@Suite struct InitializationTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "layers") }

    @Test func seededLayersMatchPyTorch() throws {
        let (modules, next) = try withSeed(2024) {
            let modules: [(String, any Module)] = [
                ("linear", try Linear(inputFeatures: 5, outputFeatures: 3)),
                ("linear_no_bias", try Linear(inputFeatures: 4, outputFeatures: 2, bias: false)),
                ("conv", try Conv2d(inputChannels: 3, outputChannels: 4, kernelSize: 3)),
                ("conv_grouped", try Conv2d(
                    inputChannels: 4, outputChannels: 6, kernelSize: 3, stride: 2, padding: 1, groups: 2, bias: false)),
                ("conv_transpose", try ConvTranspose2d(inputChannels: 4, outputChannels: 2, kernelSize: 3, stride: 2)),
                ("conv_transpose_grouped", try ConvTranspose2d(inputChannels: 4, outputChannels: 6, kernelSize: 2, groups: 2)),
                ("batch_norm", try BatchNorm.twoD(features: 4)),
            ]
            return (modules, try Tensor.randomNormal([5]))
        }
        for (name, module) in modules {
            try expectState(of: module, in: fixture, prefix: "init.\(name)", rtol: 0, atol: 0)
        }
        // The generator advanced exactly as far as PyTorch's did.
        expectClose(next, try fixture.tensor("init.next"), rtol: 0, atol: 0, "first draw after the layers")
    }

    @Test func kaimingNormalFanOutMatchesPyTorch() throws {
        let weight = try withSeed(2025) {
            let weight = try Tensor.empty([8, 3, 3, 3])
            try Initialization.kaimingNormalFanOut(weight)
            return weight
        }
        expectClose(weight, try fixture.tensor("kaiming_normal_fan_out"), rtol: 0, atol: 0, "kaiming normal")
    }

    @Test func fanInIsTheProductOfAllButTheFirstDimension() throws {
        #expect(Initialization.fanIn(try Tensor.zeros([6, 2, 3, 3])) == 18)
        #expect(Initialization.fanIn(try Tensor.zeros([3, 5])) == 5)
    }

    @Test func parametersRecordGradientsAndBuffersDoNot() throws {
        let layer = try withSeed(1) { try BatchNorm.twoD(features: 2) }
        #expect(layer.namedParameters.allSatisfy { $0.tensor.requiresGrad })
        #expect(layer.namedBuffers.allSatisfy { !$0.tensor.requiresGrad })
        #expect(layer.namedBuffers.map(\.name) == ["running_mean", "running_var", "num_batches_tracked"])
        #expect(layer.batchesTracked.dtype == .int64)
    }
}
