import FoveaTensor

/// Per-channel normalisation applied to a batch after scaling pixels to [0, 1].
public struct Normalization: Sendable, Codable, Equatable {
    public var mean: [Double]
    public var std: [Double]

    public init(mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }

    /// `(pixels − mean) / std` per channel of float NCHW pixels already scaled to [0, 1].
    public func normalized(_ pixels: Tensor) throws -> Tensor {
        let shape = [1, mean.count, 1, 1]
        return try (pixels - Tensor(mean.map(Float.init), shape: shape)) / Tensor(std.map(Float.init), shape: shape)
    }

    /// The mean and standard deviation of each channel over a dataset (computed in float64).
    public static func fitted(to data: LabeledImages) throws -> Normalization {
        let pixels = try data.images.converted(to: .float64) / 255
        let mean = try pixels.mean(dims: [0, 2, 3]).toArray(Double.self)
        let std = try pixels.standardDeviation(dims: [0, 2, 3], unbiased: false).toArray(Double.self)
        return Normalization(mean: mean, std: std.map { Swift.max($0, 1e-6) })
    }
}

/// One batch: float32 NCHW images, normalised, and int64 labels.
public struct Batch: @unchecked Sendable {
    public let images: Tensor
    public let labels: Tensor
    /// Positions of these samples in the dataset.
    public let indices: [Int]
}

/// Cuts a dataset into batches, shuffled per epoch from the seed, so the order depends only on seed and epoch.
public struct BatchLoader: Sendable {
    public let data: LabeledImages
    public let batchSize: Int
    public let shuffle: Bool
    public let normalization: Normalization
    public let augmentation: Augmentation
    public let seed: UInt64
    /// Drop a last batch smaller than `batchSize` (keeps batch-norm statistics sane in training).
    public let dropLast: Bool

    public init(
        data: LabeledImages, batchSize: Int, shuffle: Bool, normalization: Normalization,
        augmentation: Augmentation = .none, seed: UInt64 = 0, dropLast: Bool = false
    ) throws {
        guard batchSize > 0 else { throw DatasetError.mismatch("batch size must be positive, got \(batchSize)") }
        guard normalization.mean.count == data.channels, normalization.std.count == data.channels else {
            throw DatasetError.mismatch(
                "normalisation has \(normalization.mean.count) channels, the images have \(data.channels)")
        }
        self.data = data
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.normalization = normalization
        self.augmentation = augmentation
        self.seed = seed
        self.dropLast = dropLast
    }

    public var batchCount: Int {
        dropLast ? data.count / batchSize : (data.count + batchSize - 1) / batchSize
    }

    /// The sample order of `epoch`.
    public func order(epoch: Int) -> [Int] {
        var indices = Array(0..<data.count)
        if shuffle {
            var generator = SplitMix64(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
            indices.shuffle(using: &generator)
        }
        return indices
    }

    /// Batch number `index` of `epoch`.
    public func batch(_ index: Int, epoch: Int, order: [Int]? = nil) throws -> Batch {
        let order = order ?? self.order(epoch: epoch)
        let start = index * batchSize
        let indices = Array(order[start..<Swift.min(start + batchSize, order.count)])
        let indexTensor = try Tensor(indices.map(Int64.init))
        var images = try data.images.indexSelect(dim: 0, index: indexTensor).converted(to: .float32) / 255
        if augmentation != .none {
            var generator = SplitMix64(seed: seed ^ (UInt64(epoch) << 32 | UInt64(index)) &* 0xD1B5_4A32_D192_ED03)
            images = try augmentation.apply(to: images, using: &generator)
        }
        images = try normalization.normalized(images)
        return Batch(images: images, labels: try data.labels.indexSelect(dim: 0, index: indexTensor), indices: indices)
    }
}
