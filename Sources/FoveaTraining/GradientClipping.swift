import FoveaTensor

/// Gradient clipping by global norm, as `torch.nn.utils.clip_grad_norm_` does it.
public enum GradientClipping {
    /// Scales every gradient by `maxNorm / (total + 1e-6)` when the L2 norm of all gradients together (`total`)
    /// exceeds `maxNorm`. Parameters without a gradient are skipped.
    /// - Returns: the total norm before clipping (0 when no parameter has a gradient).
    @discardableResult
    public static func clipNorm(of parameters: [Tensor], maxNorm: Double) throws -> Double {
        let gradients = parameters.compactMap(\.grad)
        guard !gradients.isEmpty else { return 0 }
        return try withNoGrad {
            // The same operations in the same order as PyTorch, so that the float32 results agree bit for bit.
            let total = try Tensor.stack(gradients.map { try $0.norm() }).norm()
            let coefficient = try ((total + 1e-6).reciprocal() * maxNorm).clamped(max: 1)
            for gradient in gradients { try gradient.mul_(coefficient) }
            return Double(try total.scalar(Float.self))
        }
    }
}
