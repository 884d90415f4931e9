import Foundation
import FoveaModels
import FoveaNN
import FoveaTensor
import FoveaTestSupport
import Testing

/// One architecture against its fixture from `scripts/fixtures/torchvision.py`, rebuilt from the fixture's seeds
/// (libtorch's generator is shared with PyTorch, so no weights are stored).
struct TorchvisionParity {
    let name: String
    let fixture: Fixture

    init(_ name: String) throws {
        self.name = name
        fixture = try Fixture(named: "torchvision_\(name)", in: .module)
    }

    private func metadata(_ key: String) throws -> String {
        guard let value = fixture.metadata[key] else { throw FixtureError("torchvision_\(name) has no \(key)") }
        return value
    }

    private func seed(_ key: String) throws -> UInt64 {
        guard let seed = UInt64(try metadata(key)) else { throw FixtureError("\(key) is not a seed") }
        return seed
    }

    /// The `state_dict` entries torchvision lists, as "name [shape]".
    private func expectedState() throws -> [String] {
        let entries = try JSONSerialization.jsonObject(with: Data(try metadata("state_dict").utf8)) as? [[Any]]
        return try (entries ?? []).map { entry in
            guard let name = entry.first as? String, let shape = entry.last as? [Int] else {
                throw FixtureError("malformed state_dict entry \(entry)")
            }
            return "\(name) \(shape)"
        }
    }

    /// Builds the model as torchvision does, fills it, and compares names, shapes, initial weights and logits.
    func check() throws {
        let shape = try JSONDecoder().decode([Int].self, from: Data(try metadata("input_shape").utf8))
        try #require(shape.count == 4)
        let classes = try #require(Int(try metadata("classes")))
        let architecture = try Architectures.named(name)
        let input = InputSpec(channels: shape[1], height: shape[2], width: shape[3])
        let model = try withSeed(try seed("init_seed")) { try architecture.build(input, classes) }

        let state = model.stateDict
        #expect(state.map { "\($0.name) \($0.tensor.shape)" } == (try expectedState()), "\(name): state_dict")
        expectClose(try sums(state), try fixture.tensor("init_sums").toArray(Double.self), rtol: 1e-6, atol: 1e-6, "\(name): initial sums")

        try fillLikeFixtures(model.stateDict, seed: try seed("fill_seed"))
        let image = try withSeed(try seed("input_seed")) { try Tensor.randomNormal(shape) }
        model.setTraining(false)
        let logits = try withNoGrad { try model(image) }
        expectClose(logits, try fixture.tensor("logits"), rtol: 1e-4, atol: 1e-5, "\(name): eval logits")

        if fixture.contains("train_logits") {
            model.setTraining(true)
            let trained = try withSeed(try seed("train_seed")) { try withNoGrad { try model(image) } }
            expectClose(trained, try fixture.tensor("train_logits"), rtol: 1e-4, atol: 1e-5, "\(name): training logits")
            expectClose(
                try sums(state), try fixture.tensor("train_sums").toArray(Double.self), rtol: 1e-5, atol: 1e-5,
                "\(name): state after a training step")
        }
    }

    /// The float64 sum of every entry.
    private func sums(_ state: [(name: String, tensor: Tensor)]) throws -> [Double] {
        try state.map { try $0.tensor.converted(to: .float64).sum().scalar(Double.self) }
    }
}
