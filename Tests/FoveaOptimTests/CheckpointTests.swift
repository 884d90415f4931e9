import FoveaTestSupport
import FoveaOptim
import FoveaTensor
import Testing

@Suite("Optimizer checkpoints")
struct CheckpointTests {
    /// Three steps, a checkpoint, a new optimizer with other hyper-parameters restored from it, two more steps:
    /// the parameters must be bit for bit those of five uninterrupted steps.
    @Test("a restored optimizer continues exactly", arguments: try OptimizerFixture.load().cases)
    func resumesExactly(_ configuration: OptimizerCase) throws {
        let problem = try Problem(OptimizerFixture.load())
        let uninterrupted = try problem.freshParameters()
        let straight = try makeOptimizer(configuration, parameters: uninterrupted)
        for _ in 0..<5 { try problem.step(straight, uninterrupted) }

        let interrupted = try problem.freshParameters()
        let first = try makeOptimizer(configuration, parameters: interrupted)
        for _ in 0..<3 { try problem.step(first, interrupted) }
        let records = try first.checkpointRecords()
        let resumedParameters = try interrupted.mapValues { try $0.detached().cloned().requiringGrad() }
        let resumed = try makeOptimizer(configuration, parameters: resumedParameters)
        for index in resumed.groups.indices {
            resumed.groups[index].learningRate *= 3
            resumed.groups[index].weightDecay += 0.25
            resumed.groups[index].momentum /= 2
        }
        try resumed.loadCheckpointRecords(Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0.record) }))
        for _ in 0..<2 { try problem.step(resumed, resumedParameters) }

        for name in ["weight", "bias"] {
            let expected = try required(uninterrupted[name], name).toArray(Float.self)
            let actual = try required(resumedParameters[name], name).toArray(Float.self)
            #expect(actual == expected, "\(configuration.name): \(name)")
        }
    }
}
