import Foundation
import FoveaData
import FoveaTensor
import Testing

@Suite struct SplitAndBatchTests {
    /// 3 classes of 10, 20 and 30 tiny images whose first pixel is their index.
    func sample() throws -> LabeledImages {
        let count = 60
        var pixels = [UInt8](repeating: 0, count: count * 4)
        for index in 0..<count { pixels[index * 4] = UInt8(index) }
        let labels = (0..<count).map { Int64($0 < 10 ? 0 : $0 < 30 ? 1 : 2) }
        return try LabeledImages(
            images: Tensor(bytes: pixels, dtype: .uint8, shape: [count, 1, 2, 2]), labels: Tensor(labels),
            classes: ["a", "b", "c"])
    }

    @Test func anImageComesOutInterleaved() throws {
        // Two 3-channel 1×2 images; image 1's channel c, column x holds 100 + 10c + x.
        var planar: [UInt8] = []
        for image in 0..<2 {
            for channel in 0..<3 { planar += [UInt8(100 * image + 10 * channel), UInt8(100 * image + 10 * channel + 1)] }
        }
        let data = try LabeledImages(images: Tensor(planar, shape: [2, 3, 1, 2]), labels: Tensor([0, 1] as [Int64]), classes: ["a", "b"])
        let image = try data.image(at: 1)
        #expect(image.width == 2 && image.height == 1 && image.channels == 3)
        #expect(image.pixels == [100, 110, 120, 101, 111, 121])
        #expect(throws: DatasetError.self) { try data.image(at: 2) }
    }

    @Test func stratifiedSplitKeepsProportionsAndIsDeterministic() throws {
        let data = try sample()
        let (train, validation) = try data.stratifiedSplit(validationFraction: 0.2, seed: 7)
        #expect(try validation.classCounts() == [2, 4, 6])
        #expect(try train.classCounts() == [8, 16, 24])
        let firstPixels = { (part: LabeledImages) in try part.images.flattened(from: 1).selected(dim: 1, index: 0).toArray(UInt8.self) }
        #expect(Set(try firstPixels(train)).isDisjoint(with: Set(try firstPixels(validation))))
        let again = try data.stratifiedSplit(validationFraction: 0.2, seed: 7)
        #expect(try firstPixels(again.validation) == firstPixels(validation))
        let other = try data.stratifiedSplit(validationFraction: 0.2, seed: 8)
        #expect(try firstPixels(other.validation) != firstPixels(validation))
    }

    @Test func batchOrderDependsOnlyOnSeedAndEpoch() throws {
        let data = try sample()
        let normalization = Normalization(mean: [0], std: [1])
        let loader = try BatchLoader(data: data, batchSize: 16, shuffle: true, normalization: normalization, seed: 3)
        let same = try BatchLoader(data: data, batchSize: 16, shuffle: true, normalization: normalization, seed: 3)
        #expect(loader.order(epoch: 0) == same.order(epoch: 0))
        #expect(loader.order(epoch: 0) != loader.order(epoch: 1))
        #expect(loader.order(epoch: 0).sorted() == Array(0..<60))
        #expect(loader.batchCount == 4)
        let last = try loader.batch(3, epoch: 0)
        #expect(last.images.shape == [12, 1, 2, 2])
        let dropping = try BatchLoader(data: data, batchSize: 16, shuffle: false, normalization: normalization, dropLast: true)
        #expect(dropping.batchCount == 3)
    }

    @Test func batchesAreScaledAndNormalised() throws {
        let data = try sample()
        let loader = try BatchLoader(
            data: data, batchSize: 60, shuffle: false, normalization: Normalization(mean: [0.1], std: [0.5]))
        let batch = try loader.batch(0, epoch: 0)
        let values = try batch.images.toArray(Float.self)
        // Image 37's first pixel is 37: (37/255 − 0.1)/0.5, by hand.
        let expectedFirst: Double = (37.0 / 255 - 0.1) / 0.5
        let expectedSecond: Double = (0 - 0.1) / 0.5
        #expect(Swift.abs(Double(values[37 * 4]) - expectedFirst) < 1e-6)
        #expect(Swift.abs(Double(values[37 * 4 + 1]) - expectedSecond) < 1e-6)
        #expect(try batch.labels.toArray(Int64.self)[37] == 2)
    }

    @Test func augmentationIsSeededAndKeepsShape() throws {
        let data = try sample()
        let augmentation = Augmentation(horizontalFlip: true, maxShift: 1)
        let make = { (seed: UInt64) in
            try BatchLoader(
                data: data, batchSize: 60, shuffle: false, normalization: Normalization(mean: [0], std: [1]),
                augmentation: augmentation, seed: seed)
        }
        let first = try make(1).batch(0, epoch: 0).images
        #expect(first.shape == [60, 1, 2, 2])
        #expect(try first.toArray(Float.self) == make(1).batch(0, epoch: 0).images.toArray(Float.self))
        #expect(try first.toArray(Float.self) != make(2).batch(0, epoch: 0).images.toArray(Float.self))
        // Flips and shifts move pixels but never invent a value: every output is 0 or an input pixel.
        let inputs = Set(try data.images.converted(to: .float32).toArray(Float.self).map { $0 / 255 })
        #expect(try first.toArray(Float.self).allSatisfy { inputs.contains($0) })
    }

    @Test func rejectsMismatchedNormalisation() throws {
        let data = try sample()
        #expect(throws: DatasetError.self) {
            try BatchLoader(data: data, batchSize: 4, shuffle: false, normalization: Normalization(mean: [0, 0, 0], std: [1, 1, 1]))
        }
        #expect(throws: DatasetError.self) {
            try BatchLoader(data: data, batchSize: 0, shuffle: false, normalization: Normalization(mean: [0], std: [1]))
        }
    }
}
