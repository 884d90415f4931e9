import FoveaTestSupport
import Foundation
import FoveaNN
import FoveaTensor
import Testing

/// PyTorch's `network()` in `scripts/fixtures/tensor_ops.py`, built in the same order.
func makeNetwork() throws -> Sequential {
    Sequential(named: [
        ("features", Sequential(
            try Conv2d(inputChannels: 3, outputChannels: 8, kernelSize: 3, padding: 1),
            try BatchNorm.twoD(features: 8), Activation.relu, MaxPool2d(kernelSize: 2),
            try Conv2d(inputChannels: 8, outputChannels: 8, kernelSize: 3, stride: 2, padding: 1, groups: 2, bias: false),
            try BatchNorm.twoD(features: 8), Activation(.silu),
            try ConvTranspose2d(inputChannels: 8, outputChannels: 4, kernelSize: 2, stride: 2), Activation(.hardswish),
            AvgPool2d(kernelSize: 2), AdaptiveAvgPool2d(outputSize: 2))),
        ("head", Sequential(
            Flatten(), try Dropout(probability: 0.25), try Linear(inputFeatures: 16, outputFeatures: 10),
            try BatchNorm.oneD(features: 10), Activation(.gelu), Identity(),
            try Linear(inputFeatures: 10, outputFeatures: 3))),
    ])
}

@Suite struct NetworkTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "cnn") }

    private func metadataList(_ key: String) throws -> [String] {
        let text = try #require(fixture.metadata[key])
        return try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    @Test func namesFollowPyTorchsStateDict() throws {
        let network = try withSeed(0) { try makeNetwork() }
        #expect(network.stateDict.map(\.name) == (try metadataList("cnn.state_dict_names")))
        #expect(network.namedParameters.map(\.name) == (try metadataList("cnn.parameter_names")))
        #expect(String(network.parameterCount) == fixture.metadata["cnn.parameter_count"])
        #expect(network.namedBuffers.map(\.name).filter { $0.hasSuffix("num_batches_tracked") }.count == 3)
    }

    @Test func seededTrainingStepMatchesPyTorch() throws {
        let network = try #require(LayerCase("cnn") { try makeNetwork() }.run(in: fixture))
        network.setTraining(false)
        let output = try network(fixture.tensor("cnn.x"))
        expectClose(output, try fixture.tensor("cnn.eval.out0"), rtol: Tolerance.forward, atol: Tolerance.forward, "eval output")
    }

    @Test func loadedPyTorchWeightsGivePyTorchsOutput() throws {
        let network = try withSeed(0) { try makeNetwork() }
        let prefix = "load.state."
        let weights = fixture.names(withPrefix: prefix).compactMap { name in
            fixture.records[name].map { (name: String(name.dropFirst(prefix.count)), record: $0) }
        }
        let mismatch = try network.loadStateDict(weights)
        #expect(mismatch.missing.isEmpty && mismatch.unexpected.isEmpty && mismatch.wrongShapes.isEmpty)
        try expectState(of: network, in: fixture, prefix: "load.state", rtol: 0, atol: 0)
        network.setTraining(false)
        let output = try network(fixture.tensor("load.x"))
        expectClose(output, try fixture.tensor("load.out0"), rtol: Tolerance.forward, atol: Tolerance.forward, "loaded output")
    }
}
