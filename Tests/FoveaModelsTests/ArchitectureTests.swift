import FoveaModels
import FoveaNN
import FoveaTensor
import Testing

@Suite struct ArchitectureTests {
    @Test(arguments: ["basenet", "convnet", "convnet-bn", "convnet-bn-after", "resnet-small", "sknet", "skresnet"])
    func buildsAndRunsOnSmallImages(name: String) throws {
        let architecture = try Architectures.named(name)
        for input in [InputSpec(channels: 3, height: 32, width: 32), InputSpec(channels: 1, height: 28, width: 28)] {
            let output = try withSeed(0) {
                let model = try architecture.build(input, 7)
                model.setTraining(false)
                return try model(Tensor.randomNormal([2, input.channels, input.height, input.width]))
            }
            #expect(output.shape == [2, 7], "\(name) on \(input)")
        }
    }

    /// Parameter counts worked out by hand from the 002 report's layer tables.
    @Test func parameterCountsMatchTheReport() throws {
        let rgb = InputSpec(channels: 3, height: 32, width: 32)
        // conv 3→6 5×5: 456; conv 6→16 5×5: 2,416; linear 400→50: 20,050; linear 50→25: 1,275.
        let baseNet = try withSeed(0) { try SeedNets.baseNet(input: rgb, classes: 25) }
        #expect(baseNet.parameterCount == 456 + 2416 + 20050 + 1275)
        // conv 3→32: 896; 32→32: 9,248; 32→64: 18,496; 64→64: 36,928; linear 2304→512: 1,180,160; 512→25: 12,825.
        let improved = try withSeed(0) { try SeedNets.improvedNet(input: rgb, classes: 25, batchNorm: .none) }
        #expect(improved.parameterCount == 896 + 9248 + 18496 + 36928 + 1_180_160 + 12825)
    }

    /// skNet by hand: convs 288 + 18,432 + 73,728 + 294,912; batch norms 2·(32 + 64 + 128 + 256);
    /// embedding 256·1024 + 1024; classifier 1024·10 + 10.
    @Test func sketchNetsHaveA1024DimensionalEmbedding() throws {
        let gray = InputSpec(channels: 1, height: 28, width: 28)
        let (count, features, logits) = try withSeed(0) {
            let model = try SketchNet.plain(input: gray, classes: 10)
            model.setTraining(false)
            let input = try Tensor.randomNormal([3, 1, 28, 28])
            return (model.parameterCount, try model.features(input), try model(input))
        }
        #expect(count == 288 + 18432 + 73728 + 294_912 + 2 * (32 + 64 + 128 + 256) + 263_168 + 10250)
        #expect(features.shape == [3, 1024])
        #expect(logits.shape == [3, 10])
        #expect(try features.min().scalar(Float.self) >= 0)
        let residual = try withSeed(0) { try SketchNet.residual(input: gray, classes: 10) }
        #expect(residual.stateDict.contains { $0.name == "body.3.1.conv2.weight" })
    }

    @Test func smallResNetUsesTorchvisionNames() throws {
        let model = try withSeed(0) { try SmallResNet(input: InputSpec(channels: 3, height: 32, width: 32), classes: 10) }
        let names = Set(model.stateDict.map(\.name))
        for expected in [
            "conv1.weight", "bn1.running_mean", "layer1.0.conv1.weight", "layer2.0.downsample.0.weight",
            "layer2.0.downsample.1.num_batches_tracked", "layer3.1.bn2.bias", "fc.weight", "fc.bias",
        ] {
            #expect(names.contains(expected), "\(expected)")
        }
        #expect(!names.contains("layer1.0.downsample.0.weight"))
    }

    @Test func unknownNameListsTheChoices() {
        let error = #expect(throws: UnknownArchitecture.self) { try Architectures.named("resnet9000") }
        #expect("\(error!)".contains("basenet"))
        #expect("\(error!)".contains("resnet9000"))
    }

    @Test func tooSmallImagesAreRefused() {
        #expect(throws: TorchError.self) {
            try withSeed(0) { try SeedNets.baseNet(input: InputSpec(channels: 1, height: 12, width: 12), classes: 2) }
        }
    }
}
