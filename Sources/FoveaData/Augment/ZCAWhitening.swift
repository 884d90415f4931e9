import FoveaTensor

/// ZCA whitening with the semantics of Keras' `ImageDataGenerator(featurewise_center=True, zca_whitening=True)`:
/// fitted on the training images only, after each channel's mean is taken away; each image is then multiplied, as
/// one flat vector, by U · diag(1 / √(S + ε)) · Uᵀ where U S Uᵀ is the covariance of the training vectors.
///
/// Keras switches `featurewise_std_normalization` off when whitening, and so does `fitted`: the channels are centred
/// (std 1). The matrix is C·H·W squared, so whitening is for small images (CIFAR's 32 × 32 × 3 gives 3,072²).
public struct ZCAWhitening: @unchecked Sendable {
    /// float32, (C·H·W, C·H·W), applied to NCHW images flattened in that order.
    public let matrix: Tensor
    public let epsilon: Double

    /// The largest image (C·H·W values) whitening accepts: its matrix is 256 MB in float32.
    public static let maxFeatures = 8_192

    public init(matrix: Tensor, epsilon: Double) throws {
        guard matrix.rank == 2, matrix.shape[0] == matrix.shape[1] else {
            throw DatasetError.mismatch("a ZCA matrix must be square, got \(matrix.shape)")
        }
        self.matrix = try matrix.converted(to: .float32).contiguous()
        self.epsilon = epsilon
    }

    /// The centring and whitening of `data`'s images scaled to [0, 1], computed in float64.
    public static func fitted(to data: LabeledImages, epsilon: Double = 1e-6) throws -> (Normalization, ZCAWhitening) {
        let features = data.channels * data.height * data.width
        guard features <= maxFeatures else {
            throw DatasetError.mismatch(
                "ZCA whitening of \(data.channels)×\(data.height)×\(data.width) images needs a \(features)² matrix; "
                    + "it is meant for small images (at most \(maxFeatures) values per image, e.g. 3×32×32)")
        }
        guard data.count > 1 else { throw DatasetError.empty("ZCA whitening", "needs more than one training image") }
        let pixels = try data.images.converted(to: .float64) / 255
        let mean = try pixels.mean(dims: [0, 2, 3], keepDims: true)
        let flat = try (pixels - mean).reshaped([data.count, features])
        let covariance = try flat.transposed(0, 1).matmul(flat) / Double(data.count)
        // The covariance is symmetric, so its eigenvectors are the SVD's U, at a fraction of the cost.
        let decomposition = try Tensor.call("aten::linalg_eigh", [.tensor(covariance), .string("L")])
        let (values, vectors) = (decomposition[0], decomposition[1])
        let scales = try (values.clamped(min: 0) + epsilon).rsqrt()
        let matrix = try (vectors * scales.unsqueezed(dim: 0)).matmul(vectors.transposed(0, 1))
        let centring = Normalization(
            mean: try mean.flattened().toArray(Double.self), std: [Double](repeating: 1, count: data.channels))
        return (centring, try ZCAWhitening(matrix: matrix, epsilon: epsilon))
    }

    /// Whitened copies of float NCHW images.
    public func whitened(_ images: Tensor) throws -> Tensor {
        let features = matrix.shape[0]
        guard images.rank == 4, images.shape[1] * images.shape[2] * images.shape[3] == features else {
            throw DatasetError.mismatch("images of shape \(images.shape) do not fit a \(features)-value ZCA matrix")
        }
        return try images.reshaped([images.shape[0], features]).matmul(matrix.converted(to: images.dtype))
            .reshaped(images.shape)
    }
}
