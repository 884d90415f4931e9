import FoveaTestSupport
import FoveaOptim
import FoveaTensor
import Testing

@Suite("Optimizers against torch.optim")
struct OptimizerTests {
    @Test("parameters after every step match PyTorch's", arguments: try OptimizerFixture.load().cases)
    func matchesPyTorch(_ golden: OptimizerCase) throws {
        let problem = try Problem(OptimizerFixture.load())
        let parameters = try problem.freshParameters()
        let optimizer = try makeOptimizer(golden, parameters: parameters)
        for (index, expected) in try required(golden.steps, "steps").enumerated() {
            try problem.step(optimizer, parameters)
            for (name, values) in expected.sorted(by: { $0.key < $1.key }) {
                expectClose(
                    try required(parameters[name], name).toArray(Double.self), values,
                    rtol: Tolerance.parameterRelative, atol: Tolerance.parameterAbsolute,
                    "\(golden.name): \(name) after step \(index + 1)")
            }
        }
    }
}
