import Foundation
import FoveaModels
import FoveaNN
import FoveaTensor
import FoveaTestSupport
import FoveaTraining
import Testing

@Suite struct GradCAMTests {
    /// torchvision's resnet18 rebuilt from the fixture's seeds (scripts/fixtures/gradcam.py), with its input.
    static func resnet18(_ fixture: Fixture) throws -> (model: any Module, input: Tensor) {
        func value(_ key: String) throws -> String {
            guard let value = fixture.metadata[key] else { throw FixtureError("gradcam_resnet18 has no \(key)") }
            return value
        }
        func seed(_ key: String) throws -> UInt64 {
            guard let seed = UInt64(try value(key)) else { throw FixtureError("\(key) is not a seed") }
            return seed
        }
        let shape = try JSONDecoder().decode([Int].self, from: Data(try value("input_shape").utf8))
        let classes = try #require(Int(try value("classes")))
        let input = InputSpec(channels: shape[1], height: shape[2], width: shape[3])
        let model = try withSeed(try seed("init_seed")) { try Architectures.named("resnet18").build(input, classes) }
        try fillLikeFixtures(model.stateDict, seed: try seed("fill_seed"))
        model.setTraining(false)
        return (model, try withSeed(try seed("input_seed")) { try Tensor.randomNormal(shape) })
    }

    @Test func matchesPyTorchHooksOnResNet18() throws {
        let fixture = try Fixture(named: "gradcam_resnet18", in: .module)
        let (model, input) = try Self.resnet18(fixture)

        // The default: the last feature map larger than 1×1 (layer4, 2×3 at 64×96) and the predicted classes.
        let automatic = try GradCAM(model: model).explain(input)
        #expect(automatic.layer == fixture.metadata["default_layer"])
        expectClose(automatic.logits, try fixture.tensor("logits"), rtol: 1e-4, atol: 1e-5, "logits")
        #expect(automatic.classes == (try fixture.tensor("default_classes").toArray(Int64.self).map { Int($0) }))
        expectClose(automatic.coarse, try fixture.tensor("default_coarse"), rtol: 1e-4, atol: 1e-5, "layer4 coarse")
        expectClose(try automatic.maps(), try fixture.tensor("default_maps"), rtol: 1e-4, atol: 1e-5, "layer4 maps")

        // A named layer inside a block (4×6), for classes given.
        let layer = try #require(fixture.metadata["named_layer"])
        let classes = try fixture.tensor("named_classes").toArray(Int64.self).map { Int($0) }
        let named = try GradCAM(model: model, layer: layer).explain(input, classes: classes)
        #expect(named.layer == layer && named.classes == classes)
        expectClose(named.coarse, try fixture.tensor("named_coarse"), rtol: 1e-4, atol: 1e-5, "\(layer) coarse")
        expectClose(try named.maps(), try fixture.tensor("named_maps"), rtol: 1e-4, atol: 1e-5, "\(layer) maps")
        #expect(model.parameters.allSatisfy { $0.grad == nil }, "Grad-CAM left gradients on the weights")
    }

    /// A network whose logits are W · (the spatial mean of its input): ∂logit_c/∂A_k = W[c, k] / (h·w) everywhere,
    /// so the channel weights are W[c, k] / 4 on a 2×2 map.
    static func meanLinear() throws -> Sequential {
        let weight = try Tensor([1, -1, 0, 1, -1, -1] as [Float], shape: [3, 2])
        return Sequential(named: [
            ("features", Function { $0 }),
            ("pool", Function { try $0.mean(dims: [2, 3]) }),
            ("fc", Function { try $0.linear(weight: weight) }),
        ])
    }

    @Test func handComputedMaps() throws {
        let model = try Self.meanLinear()
        // Channel 0 is 1 at the top left, channel 1 is 2 at the bottom right; the logits are [−0.25, 0.5, −0.75].
        let input = try Tensor([1, 0, 0, 0, 0, 0, 0, 2] as [Float], shape: [1, 2, 2, 2])
        let cam = try GradCAM(model: model)
        let predicted = try cam.explain(input)
        #expect(predicted.layer == "features")  // "pool" gives (N, 2): no feature map
        #expect(predicted.classes == [1])
        // Class 1, W = [0, 1]: ReLU(0·A₀ + ¼·A₁) = [[0, 0], [0, 0.5]]; scaled to [0, 1]: [[0, 0], [0, 1]].
        #expect(try predicted.coarse.toArray(Float.self) == [0, 0, 0, 0.5])
        #expect(try predicted.maps().toArray(Float.self) == [0, 0, 0, 1])
        // Class 0, W = [1, −1]: ReLU(¼·A₀ − ¼·A₁) = [[0.25, 0], [0, 0]].
        #expect(try cam.explain(input, classes: [0]).coarse.toArray(Float.self) == [0.25, 0, 0, 0])
        // Class 2, W = [−1, −1]: nothing positive, so the map is all zeros rather than 0/0.
        let none = try cam.explain(input, classes: [2])
        #expect(try none.coarse.toArray(Float.self) == [0, 0, 0, 0])
        #expect(try none.maps(height: 3, width: 5).toArray(Float.self) == Array(repeating: 0, count: 15))
        // Upsampling 2×2 → 4×4 (align_corners=False) of [[0, 0], [0, 0.5]]: rows and columns at source
        // coordinates −0.25, 0.25, 0.75, 1.25 clamp to [0, 1] → weights 0, 0.25, 0.75, 1 of the second pixel;
        // the product of the two weights times 0.5, scaled by its maximum 0.5.
        let weights: [Float] = [0, 0.25, 0.75, 1]
        let expected = weights.flatMap { row in weights.map { row * $0 } }
        #expect(try predicted.maps(height: 4, width: 4).toArray(Float.self) == expected)
    }

    @Test func badRequestsAreErrors() throws {
        let model = try Self.meanLinear()
        let input = try Tensor.zeros([2, 2, 2, 2])
        #expect(throws: ModuleLookupError.self) { try GradCAM(model: model, layer: "classifier") }
        #expect(throws: RunError.self) { try GradCAM(model: model, layer: "pool").explain(input) }
        #expect(throws: RunError.self) { try GradCAM(model: model).explain(input, classes: [0, 3]) }
        #expect(throws: RunError.self) { try GradCAM(model: model).explain(input, classes: [0]) }
        #expect(throws: RunError.self) { try GradCAM(model: model).explain(Tensor.zeros([2, 2])) }
    }
}
