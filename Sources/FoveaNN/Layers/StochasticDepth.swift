import FoveaTensor

/// Stochastic depth (torchvision's `StochasticDepth`, Huang et al. 2016) for the residual branch of a block: in
/// training each sample's branch ("row" mode) or the whole batch's ("batch" mode) is zeroed with probability
/// `probability` and the survivors are scaled by 1 / (1 − probability); in evaluation it is the identity.
///
/// Draws one Bernoulli mask from libtorch's generator per call, as torchvision does, so seeded runs agree.
public final class StochasticDepth: Module {
    public enum Mode: Sendable {
        /// One draw per sample (the first dimension).
        case row
        /// One draw for the whole batch.
        case batch
    }

    public let probability: Double
    public let mode: Mode
    public private(set) var isTraining = true

    public init(probability: Double, mode: Mode = .row) throws {
        guard (0...1).contains(probability) else {
            throw TorchError("stochastic depth probability \(probability) is not in [0, 1]")
        }
        self.probability = probability
        self.mode = mode
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        guard isTraining, probability > 0 else { return input }
        let survival = 1 - probability
        let maskShape = switch mode {
        case .row: [try input.size(0)] + Array(repeating: 1, count: input.rank - 1)
        case .batch: Array(repeating: 1, count: input.rank)
        }
        let mask = try Tensor.empty(maskShape, dtype: input.dtype)
        _ = try Tensor.call("aten::bernoulli_", overload: "float", [.tensor(mask), .double(survival), .none])
        if survival > 0 {
            _ = try Tensor.call("aten::div_", overload: "Scalar", [.tensor(mask), .double(survival)])
        }
        return try input * mask
    }

    public func setLocalTraining(_ training: Bool) { isTraining = training }
}
