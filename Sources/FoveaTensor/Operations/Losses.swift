/// How a loss combines its per-element values (PyTorch's `reduction`).
public enum LossReduction: Int, Sendable {
    case none = 0
    case mean = 1
    case sum = 2
}

/// Loss functions with PyTorch semantics; `self` is the prediction.
extension Tensor {
    /// Cross-entropy of logits (N, C, …) against class indices (N, …) (`F.cross_entropy`).
    /// - Parameters:
    ///   - classWeights: a weight per class (C), or nil.
    ///   - labelSmoothing: in [0, 1]: the target mixes the one-hot label with the uniform distribution.
    public func crossEntropy(
        target: Tensor, classWeights: Tensor? = nil, reduction: LossReduction = .mean, ignoreIndex: Int = -100,
        labelSmoothing: Double = 0
    ) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::cross_entropy_loss",
            [.tensor(self), .tensor(target), .optional(classWeights), .int(reduction.rawValue), .int(ignoreIndex),
             .double(labelSmoothing)])
    }

    /// Negative log-likelihood of log-probabilities (N, C, …) against class indices (N, …) (`F.nll_loss`).
    public func nllLoss(
        target: Tensor, classWeights: Tensor? = nil, reduction: LossReduction = .mean, ignoreIndex: Int = -100
    ) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::nll_loss_nd",
            [.tensor(self), .tensor(target), .optional(classWeights), .int(reduction.rawValue), .int(ignoreIndex)])
    }

    /// Binary cross-entropy of logits against targets in [0, 1] (`F.binary_cross_entropy_with_logits`).
    public func binaryCrossEntropyWithLogits(
        target: Tensor, weight: Tensor? = nil, positiveWeight: Tensor? = nil, reduction: LossReduction = .mean
    ) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::binary_cross_entropy_with_logits",
            [.tensor(self), .tensor(target), .optional(weight), .optional(positiveWeight), .int(reduction.rawValue)])
    }

    public func mseLoss(target: Tensor, reduction: LossReduction = .mean) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::mse_loss", [.tensor(self), .tensor(target), .int(reduction.rawValue)])
    }

    /// Smooth L1 (Huber with `beta`), as Faster R-CNN's box regression uses.
    public func smoothL1Loss(target: Tensor, reduction: LossReduction = .mean, beta: Double = 1) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::smooth_l1_loss", [.tensor(self), .tensor(target), .int(reduction.rawValue), .double(beta)])
    }
}
