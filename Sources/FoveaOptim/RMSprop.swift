import FoveaNN
import FoveaTensor

/// RMSprop (`torch.optim.RMSprop`), optionally centred and with momentum (each group's `momentum`).
public final class RMSprop: Optimizer {
    public var groups: [ParameterGroup]
    public let alpha: Double
    public let epsilon: Double
    public let centered: Bool
    private let state = OptimizerState()

    public init(groups: [ParameterGroup], alpha: Double = 0.99, epsilon: Double = 1e-8, centered: Bool = false) throws {
        try validate(groups)
        guard (0...1).contains(alpha), epsilon >= 0 else { throw TorchError("invalid RMSprop α \(alpha) or ε \(epsilon)") }
        self.groups = groups
        self.alpha = alpha
        self.epsilon = epsilon
        self.centered = centered
    }

    public convenience init(
        parameters: [Tensor], learningRate: Double = 1e-2, alpha: Double = 0.99, epsilon: Double = 1e-8,
        weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false
    ) throws {
        try self.init(
            groups: [ParameterGroup(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, momentum: momentum)],
            alpha: alpha, epsilon: epsilon, centered: centered)
    }

    public func step() throws {
        try withNoGrad {
            for (group, key, parameter, gradient) in parametersWithGradients() {
                var grad = gradient
                if group.weightDecay != 0 { grad = try grad + (parameter * group.weightDecay) }
                let squareAverage = try state.get(key, "square_avg") ?? Tensor.zeros(parameter.shape, dtype: parameter.dtype)
                state.set(key, "square_avg", squareAverage)
                try squareAverage.mul_(alpha)
                try squareAverage.addcmul_(grad, grad, value: 1 - alpha)

                let average: Tensor
                if centered {
                    let gradAverage = try state.get(key, "grad_avg") ?? Tensor.zeros(parameter.shape, dtype: parameter.dtype)
                    state.set(key, "grad_avg", gradAverage)
                    try gradAverage.mul_(alpha)
                    try gradAverage.add_(grad, alpha: 1 - alpha)
                    average = try (squareAverage - gradAverage * gradAverage).sqrt()
                } else {
                    average = try squareAverage.sqrt()
                }
                try average.add_(epsilon)

                if group.momentum > 0 {
                    let buffer = try state.get(key, "momentum_buffer") ?? Tensor.zeros(parameter.shape, dtype: parameter.dtype)
                    state.set(key, "momentum_buffer", buffer)
                    try buffer.mul_(group.momentum)
                    try buffer.addcdiv_(grad, average)
                    try parameter.add_(buffer, alpha: -group.learningRate)
                } else {
                    try parameter.addcdiv_(grad, average, value: -group.learningRate)
                }
            }
        }
    }

    public func stateTensors() -> [(name: String, tensor: Tensor)] { state.sorted }
    public func loadStateTensors(_ tensors: [String: Tensor]) throws { state.replace(with: tensors) }
}
