import FoveaTestSupport
import FoveaNN
import FoveaTensor
import Testing

/// Expects `module.stateDict` to hold exactly the fixture's tensors named `<prefix>.<state name>`.
func expectState(
    of module: any Module, in fixture: Fixture, prefix: String, rtol: Double, atol: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let state = module.stateDict
    #expect(
        state.map { "\(prefix).\($0.name)" }.sorted() == fixture.names(withPrefix: "\(prefix)."),
        "state names under \(prefix)", sourceLocation: sourceLocation)
    for (name, tensor) in state where fixture.contains("\(prefix).\(name)") {
        expectClose(
            tensor, try fixture.tensor("\(prefix).\(name)"), rtol: rtol, atol: atol, "\(prefix).\(name)",
            sourceLocation: sourceLocation)
    }
}

/// A PyTorch layer case (see `layer_case` in `scripts/fixtures/tensor_ops.py`) and how Fovea builds the layer.
///
/// Built right after seeding with the case's seed, the module must hold PyTorch's initial state exactly; one pass
/// (after seeding with seed + 1, for dropout) must give PyTorch's output, input and parameter gradients and state.
struct LayerCase: Sendable, CustomTestStringConvertible {
    let name: String
    let sourceLocation: SourceLocation
    let make: @Sendable () throws -> any Module

    var testDescription: String { name }

    init(_ name: String, sourceLocation: SourceLocation = #_sourceLocation, _ make: @escaping @Sendable () throws -> any Module) {
        self.name = name
        self.sourceLocation = sourceLocation
        self.make = make
    }

    /// Runs the case; returns the module after its pass, or nil after recording why it could not run.
    @discardableResult
    func run(in fixture: Fixture) -> (any Module)? {
        do {
            guard let seed = fixture.metadata["\(name).seed"].flatMap({ UInt64($0) }),
                  let training = fixture.metadata["\(name).training"]
            else { throw FixtureError("the fixture has no layer case \(name)") }
            return try withSeed(seed) {
                let module = try make()
                module.setTraining(training == "true")
                try expectState(of: module, in: fixture, prefix: "\(name).init", rtol: 0, atol: 0, sourceLocation: sourceLocation)
                try check(module, in: fixture, seed: seed)
                return module
            }
        } catch {
            Issue.record(error, "\(name)", sourceLocation: sourceLocation)
            return nil
        }
    }

    private func check(_ module: any Module, in fixture: Fixture, seed: UInt64) throws {
        let input = try fixture.tensor("\(name).x").requiringGrad()
        try Random.seed(seed + 1)
        let output = try module(input)
        expectClose(
            output, try fixture.tensor("\(name).out0"), rtol: Tolerance.forward, atol: Tolerance.forward,
            "\(name) output", sourceLocation: sourceLocation)
        try (output * fixture.tensor("\(name).weight0")).sum().backward()
        let leaves = [(name: "x", tensor: input)] + module.namedParameters
        #expect(
            leaves.map { "\(name).grad.\($0.name)" }.sorted() == fixture.names(withPrefix: "\(name).grad."),
            "\(name): gradient names", sourceLocation: sourceLocation)
        for (key, leaf) in leaves {
            guard let gradient = leaf.grad else {
                Issue.record("\(name): no gradient for \(key)", sourceLocation: sourceLocation)
                continue
            }
            expectClose(
                gradient, try fixture.tensor("\(name).grad.\(key)"), rtol: Tolerance.gradient, atol: Tolerance.gradient,
                "\(name) gradient of \(key)", sourceLocation: sourceLocation)
        }
        try expectState(
            of: module, in: fixture, prefix: "\(name).after", rtol: Tolerance.forward, atol: Tolerance.forward,
            sourceLocation: sourceLocation)
    }
}
