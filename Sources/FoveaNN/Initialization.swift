import FoveaTensor

/// Initialisers with PyTorch's defaults, drawing from libtorch's generator in the same order PyTorch does,
/// so the same seed gives the same initial weights.
public enum Initialization {
    /// `fan_in` of a weight: the product of every dimension but the first.
    public static func fanIn(_ weight: Tensor) -> Int {
        weight.shape.dropFirst().reduce(1, *)
    }

    /// `kaiming_uniform_(w, a=√5)`, the default of `nn.Linear` and `nn.Conv2d`: U(−1/√fan_in, 1/√fan_in).
    public static func defaultWeight(_ weight: Tensor) throws {
        let bound = 1 / Double(fanIn(weight)).squareRoot()
        try withNoGrad { try weight.uniform_(from: -bound, to: bound) }
    }

    /// The default bias of `nn.Linear`/`nn.Conv2d`: U(−1/√fan_in, 1/√fan_in) of the layer's weight.
    public static func defaultBias(_ bias: Tensor, fanIn: Int) throws {
        let bound = fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
        try withNoGrad { try bias.uniform_(from: -bound, to: bound) }
    }

    /// A trainable weight of `shape` and, when `biasCount` is given, a trainable bias, drawn in PyTorch's order with
    /// its defaults for `nn.Linear` and the convolutions (fan-in from every weight dimension but the first).
    public static func defaultParameters(weightShape shape: [Int], biasCount: Int?) throws -> (weight: Tensor, bias: Tensor?) {
        let weight = try Tensor.empty(shape)
        try defaultWeight(weight)
        try weight.requiringGrad()
        guard let biasCount else { return (weight, nil) }
        let bias = try Tensor.empty([biasCount])
        try defaultBias(bias, fanIn: fanIn(weight))
        return (weight, try bias.requiringGrad())
    }

    /// `kaiming_normal_(w, mode='fan_out', nonlinearity='relu')`, as torchvision's ResNets use.
    public static func kaimingNormalFanOut(_ weight: Tensor) throws {
        let fanOut = weight.shape.first.map { $0 * weight.shape.dropFirst(2).reduce(1, *) } ?? 1
        let std = (2.0 / Double(Swift.max(fanOut, 1))).squareRoot()
        try withNoGrad { try weight.normal_(mean: 0, std: std) }
    }
}
