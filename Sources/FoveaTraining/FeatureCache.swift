import FoveaData
import FoveaModels
import FoveaTensor

/// What a frozen body hands its head for every image of a loader, computed once so that training the head
/// alone takes seconds per epoch instead of a pass through the body.
///
/// The body runs in evaluation mode under no-grad, a loader batch at a time: its batch norms normalise with their
/// running statistics and neither those nor their weights change. fastai's frozen training instead keeps the
/// body's batch norms in training mode (`train_bn=True`); caching gives up that adaptation for speed.
/// Heads that read the unpooled map (``HeadDesign/fastai(hidden:dropout:)``) cache maps, h·w times larger than
/// pooled features: 49 times at 224 pixels.
///
/// ```swift
/// try model.freeze()
/// let train = try CachedFeatures(model: model, loader: trainLoader, augmentedCopies: 4)
/// let validation = try CachedFeatures(model: model, loader: validationLoader)
/// ```
public struct CachedFeatures: @unchecked Sendable {
    /// One tensor per copy of the data set, (N, …) with row i for image i: the pooled features (N, featureCount)
    /// or the maps, as the model's head reads them.
    public let copies: [Tensor]
    /// int64, (N).
    public let labels: Tensor
    /// The loader the features came from; training on them follows its batch size, shuffling and `dropLast`.
    public let loader: BatchLoader

    /// Runs the body of `model` over every image of `loader` (without shuffling, in batches of its size).
    ///
    /// - Parameters:
    ///   - augmentedCopies: copies of the data set to compute, copy k with the loader's augmentation as drawn for
    ///     epoch k (seeded by the loader); only the first is computed when the loader does not augment.
    ///   - progress: told (batches done, batches in all) after each batch.
    public init(
        model: TransferModel, loader: BatchLoader, augmentedCopies: Int = 1, progress: ((Int, Int) -> Void)? = nil
    ) throws {
        guard augmentedCopies >= 1 else {
            throw FineTuneError("feature caching needs at least one copy of the data, got \(augmentedCopies)")
        }
        let count = loader.data.count
        guard count > 0 else { throw DatasetError.empty("feature cache", "the data set has no images") }
        let copyCount = loader.augmentation == .none ? 1 : augmentedCopies
        let batches = (count + loader.batchSize - 1) / loader.batchSize
        let inOrder = Array(0..<count)
        model.setTraining(false)
        defer { model.setTraining(true) }
        var copies: [Tensor] = []
        try withNoGrad {
            for copy in 0..<copyCount {
                var outputs: [Tensor] = []
                for index in 0..<batches {
                    let batch = try loader.batch(index, epoch: copy, order: inOrder)
                    outputs.append(try model.bodyOutput(batch.images))
                    progress?(copy * batches + index + 1, copyCount * batches)
                }
                copies.append(try Tensor.concatenate(outputs))
            }
        }
        self.copies = copies
        labels = loader.data.labels
        self.loader = loader
    }

    public var count: Int { loader.data.count }
}
