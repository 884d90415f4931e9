import FoveaTestSupport
import FoveaOptim
import FoveaTensor

/// The fixture's loss sum((W·x + b − y)²) over the parameters "weight" (W) and "bias" (b).
struct Problem {
    private let initial: [String: StoredTensor]
    private let input: Tensor
    private let target: Tensor

    init(_ fixture: OptimizerFixture) throws {
        initial = fixture.problem.filter { ["weight", "bias"].contains($0.key) }
        input = try required(fixture.problem["input"], "input").tensor()
        target = try required(fixture.problem["target"], "target").tensor()
    }

    /// New leaves holding W and b's initial values.
    func freshParameters() throws -> [String: Tensor] {
        try initial.mapValues { try $0.tensor().requiringGrad() }
    }

    /// Computes the gradients of the loss at `parameters` and lets `optimizer` take one step.
    func step(_ optimizer: any Optimizer, _ parameters: [String: Tensor]) throws {
        let weight = try required(parameters["weight"], "weight")
        let bias = try required(parameters["bias"], "bias")
        try optimizer.zeroGrad()
        try (weight.matmul(input) + bias - target).square().sum().backward()
        try optimizer.step()
    }
}

extension StoredTensor {
    func tensor() throws -> Tensor {
        try Tensor(values.map { Float($0) }, shape: shape)
    }
}

/// The optimizer `configuration` describes, over `parameters` grouped as it says.
func makeOptimizer(_ configuration: OptimizerCase, parameters: [String: Tensor]) throws -> any Optimizer {
    let groups = try configuration.groups.map { group in
        ParameterGroup(
            parameters: try required(group.parameters, "group parameters").map { try required(parameters[$0], $0) },
            learningRate: group.lr, weightDecay: group.weightDecay, momentum: group.momentum)
    }
    let settings = configuration.settings
    switch configuration.optimizer {
    case .sgd:
        return try SGD(
            groups: groups, dampening: required(settings.dampening, "dampening"),
            nesterov: required(settings.nesterov, "nesterov"))
    case .adam, .adamw:
        return try Adam(
            groups: groups, beta2: required(settings.beta2, "beta2"), epsilon: required(settings.eps, "eps"),
            amsgrad: required(settings.amsgrad, "amsgrad"), decoupledWeightDecay: configuration.optimizer == .adamw)
    case .rmsprop:
        return try RMSprop(
            groups: groups, alpha: required(settings.alpha, "alpha"), epsilon: required(settings.eps, "eps"),
            centered: required(settings.centered, "centered"))
    }
}
