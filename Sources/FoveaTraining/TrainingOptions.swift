/// How each optimizer step is taken: gradient clipping, accumulation and mixup.
public struct TrainingOptions: Sendable, Codable, Equatable {
    /// Rescales the gradients when their global L2 norm exceeds this (`clip_grad_norm_`); nil leaves them.
    public var gradientClipNorm: Double?
    /// Sums the gradients of this many batches before each optimizer step (an effective batch that many times
    /// larger). The last step of an epoch uses the batches left, so every epoch stands alone.
    public var accumulationSteps: Int
    /// Mixup's α: each batch is blended with a shuffled copy of itself by λ ~ Beta(α, α); nil turns it off.
    public var mixupAlpha: Double?

    public init(gradientClipNorm: Double? = nil, accumulationSteps: Int = 1, mixupAlpha: Double? = nil) {
        self.gradientClipNorm = gradientClipNorm
        self.accumulationSteps = accumulationSteps
        self.mixupAlpha = mixupAlpha
    }

    /// Throws ``RunError`` naming the first setting out of range.
    public func validate() throws {
        if let norm = gradientClipNorm, !(norm.isFinite && norm > 0) {
            throw RunError("the gradient clipping norm must be a positive number, got \(norm)")
        }
        guard accumulationSteps >= 1 else {
            throw RunError("gradient accumulation needs at least 1 batch per step, got \(accumulationSteps)")
        }
        if let alpha = mixupAlpha, !(alpha.isFinite && alpha > 0) {
            throw RunError("mixup's alpha must be a positive number, got \(alpha)")
        }
    }
}
