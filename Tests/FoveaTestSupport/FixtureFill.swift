import FoveaTensor

/// `fill` of scripts/fixtures/torchvision.py: overwrites every floating-point entry of a `state_dict`, in order,
/// from libtorch's generator seeded with `seed`, so that a fixture needs no stored weights (PyTorch draws the same
/// numbers from the same seed).
///
/// running_var: 1 + 0.1·rand; running_mean and bias: 0.1·randn; other rank-1 entries: 1 + 0.1·randn; the rest:
/// randn / √fan_in, fan_in being the product of all dimensions but the first.
public func fillLikeFixtures(_ state: [(name: String, tensor: Tensor)], seed: UInt64) throws {
    try withSeed(seed) {
        try withNoGrad {
            for (name, tensor) in state where tensor.dtype.isFloatingPoint {
                let shape = tensor.shape
                let value: Tensor
                if name.hasSuffix(".running_var") {
                    value = try Tensor.randomUniform(shape) * 0.1 + 1
                } else if name.hasSuffix(".running_mean") || name.hasSuffix(".bias") {
                    value = try Tensor.randomNormal(shape) * 0.1
                } else if shape.count == 1 {
                    value = try Tensor.randomNormal(shape) * 0.1 + 1
                } else {
                    value = try Tensor.randomNormal(shape) * (1 / Double(shape.dropFirst().reduce(1, *)).squareRoot())
                }
                try tensor.copy_(value)
            }
        }
    }
}
