import FoveaTensor

/// An element-wise non-linearity as a layer (`nn.ReLU`, `nn.SiLU`, …).
public final class Activation: Module {
    public enum Kind: Sendable, Equatable {
        case relu, relu6, sigmoid, tanh, silu, hardswish, hardsigmoid, mish, gelu
        case leakyRelu(negativeSlope: Double)
        case elu(alpha: Double)
        case softmax(dim: Int)
        case logSoftmax(dim: Int)
    }

    public let kind: Kind

    public init(_ kind: Kind) { self.kind = kind }

    public func forward(_ input: Tensor) throws -> Tensor {
        switch kind {
        case .relu: try input.relu()
        case .relu6: try input.relu6()
        case .sigmoid: try input.sigmoid()
        case .tanh: try input.tanh()
        case .silu: try input.silu()
        case .hardswish: try input.hardswish()
        case .hardsigmoid: try input.hardsigmoid()
        case .mish: try input.mish()
        case .gelu: try input.gelu()
        case .leakyRelu(let slope): try input.leakyRelu(negativeSlope: slope)
        case .elu(let alpha): try input.elu(alpha: alpha)
        case .softmax(let dim): try input.softmax(dim: dim)
        case .logSoftmax(let dim): try input.logSoftmax(dim: dim)
        }
    }
}

extension Activation {
    public static var relu: Activation { Activation(.relu) }
}
