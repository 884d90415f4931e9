import FoveaTensor

/// `y = x·Wᵀ + b` (`nn.Linear`); parameters `weight` (out, in) and `bias` (out).
public final class Linear: Module {
    public let weight: Tensor
    public let bias: Tensor?

    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true) throws {
        weight = try Tensor.empty([outputFeatures, inputFeatures])
        try Initialization.defaultWeight(weight)
        try weight.requiringGrad()
        if bias {
            let tensor = try Tensor.empty([outputFeatures])
            try Initialization.defaultBias(tensor, fanIn: inputFeatures)
            self.bias = try tensor.requiringGrad()
        } else {
            self.bias = nil
        }
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        try input.linear(weight: weight, bias: bias)
    }

    public var localParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
