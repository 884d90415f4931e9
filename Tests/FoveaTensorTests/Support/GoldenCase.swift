import FoveaTestSupport
import FoveaTensor
import Testing

/// One case of a golden fixture: inputs `<name>.<input>`, PyTorch's outputs `<name>.out<i>`, the loss weights
/// `<name>.weight<i>` of the differentiable outputs, and the gradients `<name>.grad.<input>` of
/// Σᵢ sum(outᵢ · weightᵢ).
final class GoldenCase {
    let fixture: Fixture
    let name: String
    private var leaves: [String: Tensor] = [:]

    init(_ fixture: Fixture, _ name: String) throws {
        guard fixture.contains("\(name).out0") else { throw FixtureError("the fixture has no case \(name)") }
        self.fixture = fixture
        self.name = name
    }

    /// The input `key` (the same tensor on every call); it records gradients where PyTorch computed one.
    func input(_ key: String) throws -> Tensor {
        if let leaf = leaves[key] { return leaf }
        let tensor = try fixture.tensor("\(name).\(key)")
        if fixture.contains("\(name).grad.\(key)") { try tensor.requiringGrad() }
        leaves[key] = tensor
        return tensor
    }

    /// A stored tensor of this case other than an input, such as `after.running_mean`.
    func expected(_ key: String) throws -> Tensor {
        try fixture.tensor("\(name).\(key)")
    }

    /// Compares `outputs` with PyTorch's, back-propagates the weighted sum and compares every input's gradient.
    func check(
        _ outputs: [Tensor], tolerance: Double = Tolerance.forward, gradientTolerance: Double = Tolerance.gradient,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let expectedCount = fixture.names(withPrefix: "\(name).out").count
        #expect(outputs.count == expectedCount, "\(name): output count", sourceLocation: sourceLocation)
        var loss: Tensor?
        for (index, output) in outputs.enumerated() where index < expectedCount {
            expectClose(
                output, try expected("out\(index)"), rtol: tolerance, atol: tolerance, "\(name) output \(index)",
                sourceLocation: sourceLocation)
            guard fixture.contains("\(name).weight\(index)") else { continue }
            let term = try (output * expected("weight\(index)")).sum()
            loss = try loss.map { try $0 + term } ?? term
        }
        guard let loss else { return }
        try loss.backward()
        let gradientPrefix = "\(name).grad."
        for gradientName in fixture.names(withPrefix: gradientPrefix) {
            let key = String(gradientName.dropFirst(gradientPrefix.count))
            guard let leaf = leaves[key] else {
                Issue.record("\(name): input \(key) has a PyTorch gradient but was not used", sourceLocation: sourceLocation)
                continue
            }
            let gradient = try leaf.grad ?? Tensor.zeros(leaf.shape, dtype: leaf.dtype)
            expectClose(
                gradient, try fixture.tensor(gradientName), rtol: gradientTolerance, atol: gradientTolerance,
                "\(name) gradient of \(key)", sourceLocation: sourceLocation)
        }
    }

    func check(
        _ output: Tensor, tolerance: Double = Tolerance.forward, gradientTolerance: Double = Tolerance.gradient,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try check([output], tolerance: tolerance, gradientTolerance: gradientTolerance, sourceLocation: sourceLocation)
    }
}

/// One row of a golden table: a fixture case and how Fovea computes it. Failures point at the row's line.
struct GoldenOperation: Sendable, CustomTestStringConvertible {
    let name: String
    let label: String
    let tolerance: Double
    let sourceLocation: SourceLocation
    let compute: @Sendable (GoldenCase) throws -> [Tensor]

    var testDescription: String { label.isEmpty ? name : "\(name) (\(label))" }

    init(
        _ name: String, label: String = "", tolerance: Double = Tolerance.forward,
        sourceLocation: SourceLocation = #_sourceLocation, _ compute: @escaping @Sendable (GoldenCase) throws -> Tensor
    ) {
        self.init(name, label: label, tolerance: tolerance, sourceLocation: sourceLocation, outputs: { [try compute($0)] })
    }

    init(
        _ name: String, label: String = "", tolerance: Double = Tolerance.forward,
        sourceLocation: SourceLocation = #_sourceLocation, outputs compute: @escaping @Sendable (GoldenCase) throws -> [Tensor]
    ) {
        self.name = name
        self.label = label
        self.tolerance = tolerance
        self.sourceLocation = sourceLocation
        self.compute = compute
    }

    /// Runs the row against `fixture`; what it throws is recorded at the row's line.
    func run(in fixture: Fixture) {
        do {
            let golden = try GoldenCase(fixture, name)
            try golden.check(try compute(golden), tolerance: tolerance, sourceLocation: sourceLocation)
        } catch {
            Issue.record(error, "\(testDescription)", sourceLocation: sourceLocation)
        }
    }
}
