import FoveaModels
import FoveaNN
import FoveaTensor
import FoveaTestSupport
import Testing

/// The metadata of the torchvision architectures: body/head split, parameter groups, and building for other class
/// and channel counts.
@Suite(.serialized) struct TorchvisionArchitectureTests {
    private static let small = InputSpec(channels: 3, height: 64, width: 64)

    @Test(arguments: TorchvisionParityTests.fast + TorchvisionParityTests.slow)
    func metadataDescribesAnImageNetClassifier(name: String) throws {
        let architecture = try Architectures.named(name)
        #expect(architecture.defaultSize == 224)
        #expect(architecture.normalization == .imageNet)
        let split = try #require(architecture.split)
        #expect(architecture.parameterGroups.count == 3)
        #expect(architecture.parameterGroups.last == [split.headPrefix])
        #expect(architecture.parameterGroups.allSatisfy { !$0.isEmpty })
    }

    @Test func featureCountsAreTorchvisionsClassifierInputs() throws {
        let expected = [
            "resnet18": 512, "resnet34": 512, "resnet50": 2048, "resnet152": 2048, "resnext101_32x8d": 2048,
            "wide_resnet50_2": 2048, "vgg11": 25088, "vgg19_bn": 25088, "mobilenet_v2": 1280,
            "mobilenet_v3_large": 960, "mobilenet_v3_small": 576, "efficientnet_b0": 1280,
        ]
        for (name, count) in expected {
            #expect(try Architectures.named(name).split?.featureCount == count, "\(name)")
        }
    }

    @Test func resNetGroupsAreStemToLayer2ThenLayer3And4ThenHead() throws {
        #expect(try Architectures.named("resnet50").parameterGroups
            == [["conv1", "bn1", "layer1", "layer2"], ["layer3", "layer4"], ["fc"]])
        let efficientNet = try Architectures.named("efficientnet_b0").parameterGroups
        #expect(efficientNet == [(0...3).map { "features.\($0)" }, (4...8).map { "features.\($0)" }, ["classifier"]])
    }

    /// Body, head and groups agree with the built network, for a new class count.
    @Test(arguments: TorchvisionParityTests.fast)
    func bodyHeadAndGroupsFitTheNetwork(name: String) throws {
        let architecture = try Architectures.named(name)
        let split = try #require(architecture.split)
        let built = try withSeed(0) { try architecture.build(Self.small, 10) }
        let model = try #require(built as? any BodyHeadNetwork)
        model.setTraining(false)
        #expect(model.featureCount == split.featureCount)

        let image = try withSeed(1) { try Tensor.randomNormal([2, 3, 64, 64]) }
        let (features, logits, headLogits) = try withNoGrad {
            let features = try model.features(image)
            return (features, try model(image), try model.head(features))
        }
        #expect(features.shape == [2, split.featureCount])
        #expect(logits.shape == [2, 10])
        expectClose(headLogits, logits, rtol: 0, atol: 0, "head(features(x))")

        let groups = try architecture.parameterGroups(of: model)
        #expect(groups.map(\.count).reduce(0, +) == model.namedParameters.count)
        #expect(groups.allSatisfy { !$0.isEmpty })
        let headParameters = model.namedParameters.filter { $0.name.hasPrefix(split.headPrefix + ".") }
        #expect(groups.last?.count == headParameters.count)
    }

    /// Transfer learning: ImageNet-shaped weights load into a network with another class count except the head.
    @Test func onlyTheHeadDiffersForAnotherClassCount() throws {
        let architecture = try Architectures.named("mobilenet_v3_small")
        let imageNet = try withSeed(0) { try architecture.build(Self.small, 1000) }
        let target = try withSeed(1) { try architecture.build(Self.small, 7) }
        let mismatch = try target.loadStateDict(try imageNet.stateDictRecords(), strict: false)
        #expect(mismatch.wrongShapes.map(\.name) == ["classifier.3.weight", "classifier.3.bias"])
        #expect(mismatch.missing.isEmpty && mismatch.unexpected.isEmpty)
    }

    @Test func grayImagesAndOtherSizesWork() throws {
        let gray = InputSpec(channels: 1, height: 28, width: 28)
        for name in ["resnet18", "mobilenet_v3_small", "efficientnet_b0"] {
            let model = try withSeed(0) { try Architectures.named(name).build(gray, 3) }
            model.setTraining(false)
            let output = try withNoGrad { try model(Tensor.zeros([1, 1, 28, 28])) }
            #expect(output.shape == [1, 3], "\(name)")
        }
    }

    @Test func badInputsAreRefused() {
        #expect(throws: TorchError.self) {
            try Architectures.named("vgg11").build(InputSpec(channels: 3, height: 28, width: 28), 10)
        }
        #expect(throws: TorchError.self) { try Architectures.named("resnet18").build(Self.small, 0) }
    }

    @Test func ungroupedParametersAreReported() throws {
        let resNet = try Architectures.named("resnet18")
        let seedNet = try withSeed(0) { try Architectures.named("convnet").build(Self.small, 2) }
        #expect(throws: UngroupedParameters.self) { try resNet.parameterGroups(of: seedNet) }
        #expect(try Architectures.named("convnet").parameterGroups(of: seedNet).map(\.count) == [seedNet.parameters.count])
    }
}

@Suite struct StochasticDepthTests {
    @Test func isTheIdentityInEvaluation() throws {
        let layer = try StochasticDepth(probability: 0.9)
        layer.setTraining(false)
        let input = try Tensor.ones([4, 2, 3, 3])
        #expect(try layer(input).toArray(Float.self) == input.toArray(Float.self))
    }

    @Test func dropsWholeRowsAndRescalesTheRest() throws {
        let layer = try StochasticDepth(probability: 0.5, mode: .row)
        let output = try withSeed(3) { try layer(Tensor.ones([64, 2, 3])) }
        let rows = try output.reshaped([64, 6]).toArray(Float.self)
        let firstOfEachRow = stride(from: 0, to: rows.count, by: 6).map { rows[$0] }
        for (index, value) in firstOfEachRow.enumerated() {
            #expect(value == 0 || value == 2)
            #expect(rows[index * 6..<(index + 1) * 6].allSatisfy { $0 == value })
        }
        #expect(firstOfEachRow.contains(0) && firstOfEachRow.contains(2))
    }

    @Test func batchModeDropsAllOrNothing() throws {
        let layer = try StochasticDepth(probability: 0.5, mode: .batch)
        let values = try withSeed(5) { try layer(Tensor.ones([8, 4])) }.toArray(Float.self)
        #expect(Set(values).count == 1)
    }

    @Test func refusesProbabilitiesOutsideTheUnitInterval() {
        #expect(throws: TorchError.self) { try StochasticDepth(probability: 1.5) }
    }
}
