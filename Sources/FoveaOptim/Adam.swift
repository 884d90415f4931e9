import Foundation
import FoveaNN
import FoveaTensor

/// Adam (`torch.optim.Adam`) and, with `decoupledWeightDecay`, AdamW (`torch.optim.AdamW`).
/// β₁ is each group's `momentum`.
public final class Adam: Optimizer {
    public var groups: [ParameterGroup]
    public let beta2: Double
    public let epsilon: Double
    public let amsgrad: Bool
    /// AdamW: shrink weights by `lr · weightDecay` instead of adding an L2 term to the gradient.
    public let decoupledWeightDecay: Bool
    private let state = OptimizerState()

    public init(
        groups: [ParameterGroup], beta2: Double = 0.999, epsilon: Double = 1e-8, amsgrad: Bool = false,
        decoupledWeightDecay: Bool = false
    ) throws {
        try validate(groups)
        guard (0..<1).contains(beta2), epsilon >= 0 else { throw TorchError("invalid Adam β₂ \(beta2) or ε \(epsilon)") }
        self.groups = groups
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        self.decoupledWeightDecay = decoupledWeightDecay
    }

    /// `torch.optim.Adam(params, lr, betas, eps, weight_decay, amsgrad)`.
    public convenience init(
        parameters: [Tensor], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), epsilon: Double = 1e-8,
        weightDecay: Double = 0, amsgrad: Bool = false
    ) throws {
        try self.init(
            groups: [ParameterGroup(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, momentum: betas.0)],
            beta2: betas.1, epsilon: epsilon, amsgrad: amsgrad)
    }

    /// `torch.optim.AdamW(params, lr, betas, eps, weight_decay=0.01, amsgrad)`.
    public static func adamW(
        parameters: [Tensor], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), epsilon: Double = 1e-8,
        weightDecay: Double = 0.01, amsgrad: Bool = false
    ) throws -> Adam {
        try Adam(
            groups: [ParameterGroup(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay, momentum: betas.0)],
            beta2: betas.1, epsilon: epsilon, amsgrad: amsgrad, decoupledWeightDecay: true)
    }

    public func step() throws {
        try withNoGrad {
            for (group, key, parameter, gradient) in parametersWithGradients() {
                let beta1 = group.momentum
                var grad = gradient
                if group.weightDecay != 0 {
                    if decoupledWeightDecay {
                        try parameter.mul_(1 - group.learningRate * group.weightDecay)
                    } else {
                        grad = try grad + (parameter * group.weightDecay)
                    }
                }
                let stepCount = try state.get(key, "step") ?? Tensor.zeros([], dtype: .float32)
                let average = try state.get(key, "exp_avg") ?? Tensor.zeros(parameter.shape, dtype: parameter.dtype)
                let squareAverage = try state.get(key, "exp_avg_sq") ?? Tensor.zeros(parameter.shape, dtype: parameter.dtype)
                state.set(key, "step", stepCount)
                state.set(key, "exp_avg", average)
                state.set(key, "exp_avg_sq", squareAverage)

                try stepCount.add_(1)
                let step = Double(try stepCount.scalar(Float.self))
                try average.mul_(beta1)
                try average.add_(grad, alpha: 1 - beta1)
                try squareAverage.mul_(beta2)
                try squareAverage.addcmul_(grad, grad, value: 1 - beta2)

                let biasCorrection1 = 1 - Foundation.pow(beta1, step)
                let biasCorrection2 = 1 - Foundation.pow(beta2, step)
                var second = squareAverage
                if amsgrad {
                    let maximum = try state.get(key, "max_exp_avg_sq") ?? Tensor.zeros(parameter.shape, dtype: parameter.dtype)
                    try maximum.copy_(maximum.maximum(squareAverage))
                    state.set(key, "max_exp_avg_sq", maximum)
                    second = maximum
                }
                let denominator = try second.sqrt() / biasCorrection2.squareRoot()
                try denominator.add_(epsilon)
                try parameter.addcdiv_(average, denominator, value: -group.learningRate / biasCorrection1)
            }
        }
    }

    public func stateTensors() -> [(name: String, tensor: Tensor)] { state.sorted }
    public func loadStateTensors(_ tensors: [String: Tensor]) throws { state.replace(with: tensors) }
}
