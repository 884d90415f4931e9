import FoveaImage
import FoveaTensor

/// Images held in memory as one uint8 NCHW tensor with an int64 label per image.
///
/// Small and medium datasets (Fashion-MNIST, CIFAR, a few thousand photos decoded once at model size) train fastest
/// this way: a batch is one `index_select`, with no decoding in the loop.
public struct LabeledImages: @unchecked Sendable {
    /// uint8, (N, C, H, W).
    public let images: Tensor
    /// int64, (N).
    public let labels: Tensor
    public let classes: [String]
    /// Where each image came from, when known (file paths), for reports and predictions.
    public let sources: [String]

    public init(images: Tensor, labels: Tensor, classes: [String], sources: [String] = []) throws {
        guard images.rank == 4, images.dtype == .uint8 else {
            throw DatasetError.mismatch("images must be a uint8 (N, C, H, W) tensor, got \(images.dtype) \(images.shape)")
        }
        guard labels.shape == [images.shape[0]] else {
            throw DatasetError.mismatch("\(labels.shape) labels for \(images.shape[0]) images")
        }
        self.images = images
        self.labels = try labels.converted(to: .int64)
        self.classes = classes
        self.sources = sources
    }

    public var count: Int { images.shape[0] }
    public var channels: Int { images.shape[1] }
    public var height: Int { images.shape[2] }
    public var width: Int { images.shape[3] }

    /// The images at `indices` (in that order).
    public func subset(_ indices: [Int]) throws -> LabeledImages {
        let index = try Tensor(indices.map(Int64.init))
        return try LabeledImages(
            images: images.indexSelect(dim: 0, index: index), labels: labels.indexSelect(dim: 0, index: index),
            classes: classes, sources: sources.isEmpty ? [] : indices.map { sources[$0] })
    }

    /// Image `index` as pixels (for thumbnails, galleries and files).
    public func image(at index: Int) throws -> Image {
        guard (0..<count).contains(index) else { throw DatasetError.mismatch("no image \(index) among \(count)") }
        let pixels = try images.narrowed(dim: 0, start: index, length: 1).squeezed(dim: 0).permuted([1, 2, 0]).contiguous()
        guard let image = Image(width: width, height: height, channels: channels, pixels: try pixels.toArray(UInt8.self)) else {
            throw DatasetError.mismatch("cannot make an image of \(width)×\(height)×\(channels)")
        }
        return image
    }

    /// Images per class, in class order.
    public func classCounts() throws -> [Int] {
        var counts = [Int](repeating: 0, count: classes.count)
        for label in try labels.toArray(Int64.self) where label >= 0 && Int(label) < counts.count {
            counts[Int(label)] += 1
        }
        return counts
    }

    /// A seeded split that keeps each class's proportion (stratified), for a validation set.
    public func stratifiedSplit(validationFraction: Double, seed: UInt64) throws -> (train: LabeledImages, validation: LabeledImages) {
        var generator = SplitMix64(seed: seed)
        var byClass: [Int: [Int]] = [:]
        for (index, label) in try labels.toArray(Int64.self).enumerated() { byClass[Int(label), default: []].append(index) }
        var train: [Int] = []
        var validation: [Int] = []
        for label in byClass.keys.sorted() {
            var members = byClass[label] ?? []
            members.shuffle(using: &generator)
            let held = Int((Double(members.count) * validationFraction).rounded())
            validation += members.prefix(held)
            train += members.dropFirst(held)
        }
        return (try subset(train.sorted()), try subset(validation.sorted()))
    }
}
