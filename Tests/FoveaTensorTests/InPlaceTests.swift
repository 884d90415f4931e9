import FoveaTestSupport
import FoveaTensor
import Testing

@Suite struct InPlaceTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "in_place") }

    /// Fixture name and the update applied to a copy of `x` (or of `z` for sqrt), given the fixture.
    static let updates: [(String, @Sendable (Tensor, Fixture) throws -> Void)] = [
        ("add_tensor", { try $0.add_($1.tensor("y"), alpha: 0.5) }),
        ("add_scalar", { tensor, _ in try tensor.add_(2) }),
        ("mul_tensor", { try $0.mul_($1.tensor("y")) }),
        ("mul_scalar", { tensor, _ in try tensor.mul_(-3) }),
        ("div_tensor", { try $0.div_($1.tensor("z")) }),
        ("addcmul", { try $0.addcmul_($1.tensor("y"), $1.tensor("z"), value: 0.3) }),
        ("addcdiv", { try $0.addcdiv_($1.tensor("y"), $1.tensor("z"), value: -0.7) }),
        ("lerp", { try $0.lerp_($1.tensor("y"), weight: 0.25) }),
        ("sqrt", { tensor, _ in try tensor.sqrt_() }),
        ("zero", { tensor, _ in try tensor.zero_() }),
        ("fill", { tensor, _ in try tensor.fill_(3.5) }),
        ("clamp", { tensor, _ in try tensor.clamp_(min: -0.5, max: 0.5) }),
        ("clamp_min", { tensor, _ in try tensor.clamp_(min: 0) }),
        ("copy_broadcast", { try $0.copy_($1.tensor("row")) }),
        ("copy_integers", { try $0.copy_($1.tensor("integers")) }),
    ]

    @Test("matches PyTorch", arguments: updates.map(\.0))
    func matchesPyTorch(_ name: String) throws {
        let update = try #require(Self.updates.first { $0.0 == name }?.1)
        let target = try fixture.tensor(name == "sqrt" ? "z" : "x")
        let storage = try target.record().bytes
        try update(target, fixture)
        expectClose(target, try fixture.tensor(name), rtol: Tolerance.forward, atol: Tolerance.forward, name)
        #expect(try target.record().bytes != storage, "\(name) left the tensor unchanged")
    }

    @Test func updatesWriteThroughViews() throws {
        let base = try Tensor.zeros([2, 3])
        try base.selected(dim: 0, index: 1).add_(4)
        #expect(try base.toArray(Float.self) == [0, 0, 0, 4, 4, 4])
    }

    @Test func leavesThatRequireGradientsChangeOnlyWithoutRecording() throws {
        let leaf = try Tensor([1, 2] as [Float]).requiringGrad()
        #expect(throws: TorchError.self) { try leaf.mul_(2) }
        try withNoGrad { try leaf.mul_(2) }
        #expect(try leaf.toArray(Float.self) == [2, 4])
        #expect(leaf.requiresGrad)
    }
}
