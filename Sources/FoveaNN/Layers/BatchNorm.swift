import FoveaTensor

/// Batch normalisation over the channel dimension (`nn.BatchNorm1d` for (N, C) or (N, C, L), `nn.BatchNorm2d` for
/// NCHW): `weight`, `bias`, and buffers `running_mean`, `running_var`, `num_batches_tracked`.
public final class BatchNorm: Module {
    public let weight: Tensor?
    public let bias: Tensor?
    public let runningMean: Tensor
    public let runningVar: Tensor
    public let batchesTracked: Tensor
    public let momentum: Double
    public let epsilon: Double
    public private(set) var isTraining = true
    private let expectedRanks: Set<Int>

    /// - Parameter expectedRanks: input ranks accepted (a clear error instead of a wrong broadcast).
    init(features: Int, epsilon: Double, momentum: Double, affine: Bool, expectedRanks: Set<Int>) throws {
        self.epsilon = epsilon
        self.momentum = momentum
        self.expectedRanks = expectedRanks
        weight = affine ? try Tensor.ones([features]).requiringGrad() : nil
        bias = affine ? try Tensor.zeros([features]).requiringGrad() : nil
        runningMean = try Tensor.zeros([features])
        runningVar = try Tensor.ones([features])
        batchesTracked = try Tensor.zeros([], dtype: .int64)
    }

    /// `nn.BatchNorm1d`.
    public static func oneD(features: Int, epsilon: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) throws -> BatchNorm {
        try BatchNorm(features: features, epsilon: epsilon, momentum: momentum, affine: affine, expectedRanks: [2, 3])
    }

    /// `nn.BatchNorm2d`.
    public static func twoD(features: Int, epsilon: Double = 1e-5, momentum: Double = 0.1, affine: Bool = true) throws -> BatchNorm {
        try BatchNorm(features: features, epsilon: epsilon, momentum: momentum, affine: affine, expectedRanks: [4])
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        guard expectedRanks.contains(input.rank) else {
            throw TorchError("BatchNorm expects input of rank \(expectedRanks.sorted()), got shape \(input.shape)")
        }
        if isTraining {
            try withNoGrad { try batchesTracked.add_(1) }
        }
        return try input.batchNorm(
            weight: weight, bias: bias, runningMean: runningMean, runningVar: runningVar, training: isTraining,
            momentum: momentum, epsilon: epsilon)
    }

    public var localParameters: [(name: String, tensor: Tensor)] {
        [weight.map { ("weight", $0) }, bias.map { ("bias", $0) }].compactMap { $0 }
    }

    public var localBuffers: [(name: String, tensor: Tensor)] {
        [("running_mean", runningMean), ("running_var", runningVar), ("num_batches_tracked", batchesTracked)]
    }

    public func setLocalTraining(_ training: Bool) { isTraining = training }
}

/// Zeroes each element with probability `probability` in training and scales the rest (`nn.Dropout`).
public final class Dropout: Module {
    public let probability: Double
    public private(set) var isTraining = true

    public init(probability: Double = 0.5) throws {
        guard (0...1).contains(probability) else { throw TorchError("dropout probability \(probability) is not in [0, 1]") }
        self.probability = probability
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try input.dropout(probability: probability, training: isTraining)
    }

    public func setLocalTraining(_ training: Bool) { isTraining = training }
}
