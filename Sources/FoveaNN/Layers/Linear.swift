import FoveaTensor

/// `y = x·Wᵀ + b` (`nn.Linear`); parameters `weight` (out, in) and `bias` (out).
public final class Linear: Module {
    public let weight: Tensor
    public let bias: Tensor?

    public init(inputFeatures: Int, outputFeatures: Int, bias: Bool = true) throws {
        (weight, self.bias) = try Initialization.defaultParameters(
            weightShape: [outputFeatures, inputFeatures], biasCount: bias ? outputFeatures : nil)
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.linear(weight: weight, bias: bias)
    }

    public var localParameters: [(name: String, tensor: Tensor)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }
}
