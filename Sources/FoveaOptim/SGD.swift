import FoveaNN
import FoveaTensor

/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay (`torch.optim.SGD`).
public final class SGD: Optimizer {
    public var groups: [ParameterGroup]
    public let dampening: Double
    public let nesterov: Bool
    private let state = OptimizerState()

    public init(groups: [ParameterGroup], dampening: Double = 0, nesterov: Bool = false) throws {
        if nesterov, groups.contains(where: { $0.momentum <= 0 || dampening != 0 }) {
            throw TorchError("Nesterov momentum requires a momentum and zero dampening")
        }
        try validate(groups)
        self.groups = groups
        self.dampening = dampening
        self.nesterov = nesterov
    }

    public convenience init(
        parameters: [Tensor], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
        weightDecay: Double = 0, nesterov: Bool = false
    ) throws {
        try self.init(
            groups: [ParameterGroup(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, momentum: momentum)],
            dampening: dampening, nesterov: nesterov)
    }

    public func step() throws {
        try withNoGrad {
            for (group, key, parameter, grad) in parametersWithGradients() {
                var direction = grad
                if group.weightDecay != 0 { direction = try direction + (parameter * group.weightDecay) }
                if group.momentum != 0 {
                    let buffer: Tensor
                    if let existing = state.get(key, "momentum_buffer") {
                        try existing.mul_(group.momentum)
                        try existing.add_(direction, alpha: 1 - dampening)
                        buffer = existing
                    } else {
                        buffer = try direction.detached().cloned()
                        state.set(key, "momentum_buffer", buffer)
                    }
                    direction = nesterov ? try direction + (buffer * group.momentum) : buffer
                }
                try parameter.add_(direction, alpha: -group.learningRate)
            }
        }
    }

    public func stateTensors() -> [(name: String, tensor: Tensor)] { state.sorted }
    public func loadStateTensors(_ tensors: [String: Tensor]) throws { state.replace(with: tensors) }
}

func validate(_ groups: [ParameterGroup]) throws {
    for (index, group) in groups.enumerated() {
        guard group.learningRate.isFinite, group.learningRate >= 0 else {
            throw TorchError("invalid learning rate \(group.learningRate) in parameter group \(index)")
        }
        guard group.weightDecay.isFinite, group.weightDecay >= 0 else {
            throw TorchError("invalid weight decay \(group.weightDecay) in parameter group \(index)")
        }
        guard group.momentum.isFinite, (0..<1).contains(group.momentum) || group.momentum == 0 else {
            throw TorchError("invalid momentum \(group.momentum) in parameter group \(index)")
        }
    }
}
