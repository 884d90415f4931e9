import Foundation
import FoveaTensor

/// Mixup (Zhang et al., 2018): trains on `λ·x + (1−λ)·x[permutation]` with the loss
/// `λ·CE(y) + (1−λ)·CE(y[permutation])`, λ drawn from Beta(α, α) once per batch.
///
/// Every draw comes from a SplitMix64 seeded by the seed, the epoch and the batch, so a resumed run mixes exactly
/// as an uninterrupted one.
public struct MixUp: Sendable, Equatable {
    public let alpha: Double
    public let seed: UInt64

    public init(alpha: Double, seed: UInt64) {
        self.alpha = alpha
        self.seed = seed
    }

    /// λ and the partner of each sample for one batch.
    public func draw(epoch: Int, batch: Int, count: Int) -> (lambda: Double, permutation: [Int]) {
        var generator = SplitMix64(seed: seed ^ (0x6D69_7875_7000_0000 &+ UInt64(epoch) &* 0x1_0000_0001 &+ UInt64(batch)))
        let first = Self.gamma(shape: alpha, using: &generator)
        let second = Self.gamma(shape: alpha, using: &generator)
        // Both draws underflow to 0 only for a vanishing α; an even mix is then the limit.
        let lambda = first + second > 0 ? first / (first + second) : 0.5
        return (lambda, Array(0..<count).shuffled(using: &generator))
    }

    /// The mixed images and the two label sets with their weight.
    func mix(images: Tensor, labels: Tensor, epoch: Int, batch: Int) throws -> MixedBatch {
        let count = images.shape[0]
        let (lambda, permutation) = draw(epoch: epoch, batch: batch, count: count)
        let index = try Tensor(permutation.map(Int64.init))
        let mixed = try images * lambda + images.indexSelect(dim: 0, index: index) * (1 - lambda)
        return MixedBatch(images: mixed, labels: labels, partnerLabels: try labels.indexSelect(dim: 0, index: index), lambda: lambda)
    }

    /// A Gamma(shape, 1) draw (Marsaglia and Tsang's method; shapes below 1 boosted by `U^(1/shape)`).
    static func gamma(shape: Double, using generator: inout SplitMix64) -> Double {
        if shape < 1 {
            let boost = Foundation.pow(uniform(using: &generator), 1 / shape)
            return gamma(shape: shape + 1, using: &generator) * boost
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal(using: &generator)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform(using: &generator)
            if u < 1 - 0.0331 * x * x * x * x || Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) {
                return d * v
            }
        }
    }

    /// Uniform in (0, 1), never 0, so logarithms stay finite.
    private static func uniform(using generator: inout SplitMix64) -> Double {
        (Double(generator.next() >> 11) + 0.5) / Double(1 << 53)
    }

    /// A standard normal draw (Box–Muller).
    private static func normal(using generator: inout SplitMix64) -> Double {
        let radius = (-2 * Foundation.log(uniform(using: &generator))).squareRoot()
        return radius * Foundation.cos(2 * Double.pi * uniform(using: &generator))
    }
}

/// A batch blended by ``MixUp``.
struct MixedBatch {
    let images: Tensor
    let labels: Tensor
    let partnerLabels: Tensor
    let lambda: Double
}
