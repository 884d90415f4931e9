import Foundation
import FoveaModels
import FoveaNN
import FoveaTensor
import FoveaTraining
import Testing

@Suite struct FeatureLayerTests {
    static func baseNet() throws -> (model: Sequential, images: Tensor) {
        let input = InputSpec(channels: 1, height: 16, width: 16)
        let model = try withSeed(3) { try SeedNets.baseNet(input: input, classes: 4) }
        model.setTraining(false)
        return (model, try withSeed(4) { try Tensor.randomNormal([3, 1, 16, 16]) })
    }

    @Test func tappedFeaturesAreTheLayersOwnOutput() throws {
        let (model, images) = try Self.baseNet()
        // BaseNet's layers 0–3 are conv 5×5 (6), ReLU, max-pool 2, conv 5×5 (16): the output of "3" is (3, 16, 2, 2).
        let direct = try withNoGrad { try (0...3).reduce(images) { try model[$1].forward($0) } }
        #expect(direct.shape == [3, 16, 2, 2])
        func features(_ pooling: FeaturePooling) throws -> Tensor {
            try withNoGrad { try FeatureLayer.named("3", pooling: pooling).extractor(for: model)(images) }
        }
        #expect(try features(.avg).equal(direct.mean(dims: [2, 3])).all().scalar(Bool.self))
        #expect(try features(.max).equal(direct.max(dim: 3).values.max(dim: 2).values).all().scalar(Bool.self))
        #expect(try features(.flatten).equal(direct.reshaped([3, 64])).all().scalar(Bool.self))

        // A (N, features) layer is taken as it is, whatever the pooling: "8" is the ReLU after the 50-unit linear,
        // the penultimate layer of a sequential network.
        let hidden = try withNoGrad { try FeatureLayer.named("8", pooling: .max).extractor(for: model)(images) }
        let penultimate = try withNoGrad { try FeatureLayer.penultimate.extractor(for: model)(images) }
        #expect(hidden.shape == [3, 50])
        #expect(try hidden.equal(penultimate).all().scalar(Bool.self))
    }

    @Test func anUnknownLayerListsTheValidOnes() throws {
        let (model, _) = try Self.baseNet()
        for name in ["conv1", ""] {
            do {
                _ = try FeatureLayer.named(name, pooling: .avg).extractor(for: model)
                Issue.record("layer '\(name)' was accepted")
            } catch let error as ModuleLookupError {
                #expect(error.validNames == (0...9).map(String.init))
                #expect(error.description.contains("the layers are: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"))
            }
        }
    }

    @Test func theLayerAndPoolingTravelWithTheFile() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("fovea-layer-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: file) }
        let features = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [3, 2])
        for layer in [FeatureLayer.named("layer4.1.conv2", pooling: .max), .penultimate] {
            try Embeddings(
                features: features, labels: [0, 1, 0], classes: ["a", "b"], sources: ["x", "y", "z"], layer: layer,
                data: "/data/set"
            ).save(to: file)
            let loaded = try Embeddings.load(from: file)
            #expect(loaded.layer == layer && loaded.data == "/data/set" && loaded.sources == ["x", "y", "z"])
            #expect(try loaded.features.toArray(Float.self) == [1, 2, 3, 4, 5, 6])
        }
    }
}
