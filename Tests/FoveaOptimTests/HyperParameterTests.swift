import FoveaTestSupport
import FoveaOptim
import FoveaTensor
import Testing

@Suite("Optimizer hyper-parameters")
struct HyperParameterTests {
    @Test("what PyTorch refuses throws", arguments: try OptimizerFixture.load().invalid)
    func refuses(_ configuration: OptimizerCase) throws {
        let parameters = try Problem(OptimizerFixture.load()).freshParameters()
        #expect(throws: TorchError.self, "PyTorch: \(configuration.message ?? "")") {
            try makeOptimizer(configuration, parameters: parameters)
        }
    }

    /// Stricter than PyTorch 1.13, whose SGD accepts a NaN learning rate.
    @Test("a NaN learning rate in any group throws", arguments: try OptimizerFixture.load().cases)
    func refusesNaNLearningRate(_ golden: OptimizerCase) throws {
        let parameters = try Problem(OptimizerFixture.load()).freshParameters()
        var configuration = golden
        configuration.groups[configuration.groups.count - 1].lr = .nan
        #expect(throws: TorchError.self) { try makeOptimizer(configuration, parameters: parameters) }
    }

    @Test("convenience initialisers default to PyTorch's hyper-parameters")
    func defaults() throws {
        let defaults = try OptimizerFixture.load().defaults
        let parameter = try Tensor.zeros([1]).requiringGrad()

        let sgdDefaults = try required(defaults["sgd"], "SGD defaults")
        let sgd = try SGD(parameters: [parameter], learningRate: sgdDefaults.group.lr)
        expectGroups(sgd, sgdDefaults.group)
        #expect(sgd.dampening == sgdDefaults.settings.dampening)
        #expect(sgd.nesterov == sgdDefaults.settings.nesterov)

        for (optimizer, expected) in [
            (try Adam(parameters: [parameter]), try required(defaults["adam"], "Adam defaults")),
            (try Adam.adamW(parameters: [parameter]), try required(defaults["adamw"], "AdamW defaults")),
        ] {
            expectGroups(optimizer, expected.group)
            #expect(optimizer.beta2 == expected.settings.beta2)
            #expect(optimizer.epsilon == expected.settings.eps)
            #expect(optimizer.amsgrad == expected.settings.amsgrad)
        }
        #expect(try Adam.adamW(parameters: [parameter]).decoupledWeightDecay)
        #expect(try !Adam(parameters: [parameter]).decoupledWeightDecay)

        let rmspropDefaults = try required(defaults["rmsprop"], "RMSprop defaults")
        let rmsprop = try RMSprop(parameters: [parameter])
        expectGroups(rmsprop, rmspropDefaults.group)
        #expect(rmsprop.alpha == rmspropDefaults.settings.alpha)
        #expect(rmsprop.epsilon == rmspropDefaults.settings.eps)
        #expect(rmsprop.centered == rmspropDefaults.settings.centered)
    }

    private func expectGroups(
        _ optimizer: any Optimizer, _ expected: GroupHyperParameters, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for group in optimizer.groups {
            #expect(group.learningRate == expected.lr, "learning rate", sourceLocation: sourceLocation)
            #expect(group.weightDecay == expected.weightDecay, "weight decay", sourceLocation: sourceLocation)
            #expect(group.momentum == expected.momentum, "momentum", sourceLocation: sourceLocation)
        }
    }
}
