import FoveaTensor

/// fastai's `AdaptiveConcatPool2d`: adaptive max pooling and adaptive average pooling of the same NCHW input,
/// concatenated along the channels (max first), so C channels become 2·C.
///
/// ```swift
/// let pool = AdaptiveConcatPool2d()
/// let pooled = try pool(Tensor.ones([4, 512, 7, 7]))   // (4, 1024, 1, 1)
/// ```
public final class AdaptiveConcatPool2d: Module {
    public let outputSize: [Int]

    public init(outputSize: Int = 1) { self.outputSize = [outputSize, outputSize] }

    public func forward(_ input: Tensor) throws -> Tensor {
        try Tensor.concatenate(
            [input.adaptiveMaxPool2d(outputSize: outputSize), input.adaptiveAvgPool2d(outputSize: outputSize)], dim: 1)
    }
}
