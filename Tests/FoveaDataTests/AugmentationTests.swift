import Foundation
import FoveaTensor
import Testing

@testable import FoveaData

/// The augmentations against torchvision's functions on a real photo, and ZCA whitening against Keras'
/// ImageDataGenerator, both from scripts/fixtures/augment.py.
@Suite struct AugmentationTests {
    struct Cases: Decodable {
        struct Affine: Decodable {
            let angle: Double
            let translate: [Double]
            let scale: Double
            let shear: [Double]
        }
        struct Crop: Decodable {
            let top, left, height, width: Int
            let size: [Int]
        }
        let affine: [Affine]
        let crop: [Crop]
        let brightness, contrast, saturation, hue: [Double]
    }

    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("augment").appendingPathComponent(name)
    }

    static func archive() throws -> NumPyArchive { try NumPyArchive(contentsOf: fixture("transforms.npz")) }

    static func tensor(_ name: String, in archive: NumPyArchive) throws -> Tensor {
        let array = try archive.array(named: name)
        return try Tensor(array.floatValues(), shape: array.shape)
    }

    /// The photo as a batch of one, (1, 3, 20, 24), and torchvision's output for `name` likewise.
    static func pair(_ name: String) throws -> (image: Tensor, expected: Tensor) {
        let archive = try archive()
        return (try tensor("image", in: archive).unsqueezed(dim: 0), try tensor(name, in: archive).unsqueezed(dim: 0))
    }

    static func largestDifference(_ a: Tensor, _ b: Tensor) throws -> Float {
        #expect(a.shape == b.shape)
        return try (a - b).abs().max().scalar(Float.self)
    }

    static func cases() throws -> Cases {
        try JSONDecoder().decode(Cases.self, from: Data(contentsOf: fixture("transforms.json")))
    }

    @Test func affineMatchesTorchvision() throws {
        for (index, parameters) in try Self.cases().affine.enumerated() {
            let (image, expected) = try Self.pair("affine\(index)")
            let affine = AffineParameters(
                angle: parameters.angle, translate: (parameters.translate[0], parameters.translate[1]),
                scale: parameters.scale, shear: (parameters.shear[0], parameters.shear[1]))
            let difference = try Self.largestDifference(ImageTransforms.affine(image, [affine]), expected)
            #expect(difference < 1e-5, "affine case \(index): \(parameters), largest difference \(difference)")
        }
    }

    @Test func resizedCropMatchesTorchvision() throws {
        for (index, crop) in try Self.cases().crop.enumerated() {
            let (image, expected) = try Self.pair("crop\(index)")
            let box = CropBox(top: crop.top, left: crop.left, height: crop.height, width: crop.width)
            let result = try ImageTransforms.resizedCrop(image, box: box, size: (crop.size[0], crop.size[1]))
            let difference = try Self.largestDifference(result, expected)
            #expect(difference < 1e-5, "crop case \(index): largest difference \(difference)")
        }
    }

    @Test func colourAdjustmentsMatchTorchvision() throws {
        let cases = try Self.cases()
        let adjustments: [(String, [Double], (Tensor, [Double]) throws -> Tensor)] = [
            ("brightness", cases.brightness, ImageTransforms.adjustBrightness),
            ("contrast", cases.contrast, ImageTransforms.adjustContrast),
            ("saturation", cases.saturation, ImageTransforms.adjustSaturation),
            ("hue", cases.hue, ImageTransforms.adjustHue),
        ]
        for (name, factors, adjust) in adjustments {
            for (index, factor) in factors.enumerated() {
                let (image, expected) = try Self.pair("\(name)\(index)")
                let difference = try Self.largestDifference(adjust(image, [factor]), expected)
                #expect(difference < 2e-5, "\(name) \(factor): largest difference \(difference)")
            }
        }
    }

    /// Per-image factors: a batch of two changed at once equals each changed alone.
    @Test func factorsApplyPerImage() throws {
        let (image, _) = try Self.pair("image")
        let batch = try Tensor.concatenate([image, image.flipped(dims: [3])], dim: 0)
        let together = try ImageTransforms.adjustHue(batch, [0.2, -0.1])
        let first = try ImageTransforms.adjustHue(image, [0.2])
        let second = try ImageTransforms.adjustHue(image.flipped(dims: [3]), [-0.1])
        #expect(try Self.largestDifference(together, Tensor.concatenate([first, second], dim: 0)) < 1e-6)
        let turned = try ImageTransforms.affine(
            batch, [AffineParameters(angle: 10), AffineParameters(scale: 1.2)], fill: .nearest)
        let alone = try ImageTransforms.affine(
            image.flipped(dims: [3]), [AffineParameters(scale: 1.2)], fill: .nearest)
        #expect(try Self.largestDifference(turned[1].unsqueezed(dim: 0), alone) < 1e-6)
    }

    /// torchvision's box rule: area within the scale range, ratio within the ratio range, inside the image.
    @Test func resizedCropBoxesStayInRange() throws {
        let crop = ResizedCrop(scale: 0.3...0.9, ratio: 0.5...2)
        var generator = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let box = crop.box(height: 40, width: 60, using: &generator)
            #expect(box.top >= 0 && box.left >= 0 && box.top + box.height <= 40 && box.left + box.width <= 60)
            let area = Double(box.height * box.width) / 2400
            // Rounding the sides to pixels moves the area and ratio a little past the drawn ones.
            #expect(area > 0.25 && area < 0.97, "area fraction \(area)")
            let ratio = Double(box.width) / Double(box.height)
            #expect(ratio > 0.45 && ratio < 2.2, "ratio \(ratio)")
        }
        // No box of ratio ≥ 5 fits a square image: the fallback is the centre crop closest to it, the full width.
        var fallback = SplitMix64(seed: 1)
        let wide = ResizedCrop(scale: 0.9...1, ratio: 5...6).box(height: 30, width: 30, using: &fallback)
        #expect(wide == CropBox(top: 12, left: 0, height: 6, width: 30))
    }

    /// Every augmentation at once: the same seed gives the same batch, another seed another, pixels stay in [0, 1].
    @Test func augmentationIsSeededAndInRange() throws {
        let augmentation = Augmentation(
            horizontalFlip: true, verticalFlip: true, maxShift: 2, resizedCrop: ResizedCrop(scale: 0.5...1),
            affine: RandomAffine(degrees: 20, translate: 0.1, scale: 0.9...1.1, shear: 10, fill: .reflect),
            colorJitter: ColorJitter(brightness: 0.3, contrast: 0.3, saturation: 0.3, hue: 0.1))
        try augmentation.validate()
        let (image, _) = try Self.pair("image")
        let batch = try image.repeated([6, 1, 1, 1])
        func run(_ seed: UInt64) throws -> Tensor {
            var generator = SplitMix64(seed: seed)
            return try augmentation.apply(to: batch, using: &generator)
        }
        let first = try run(3)
        #expect(first.shape == batch.shape)
        #expect(try Self.largestDifference(first, run(3)) == 0)
        #expect(try Self.largestDifference(first, run(4)) > 0.1)
        #expect(try first.min().scalar(Float.self) >= 0 && first.max().scalar(Float.self) <= 1)
        // Six copies of one image, each changed differently.
        #expect(try Self.largestDifference(first[0], first[1]) > 0.1)
    }

    @Test func badRangesAreRefused() throws {
        #expect(throws: DatasetError.self) { try Augmentation(maxShift: -1).validate() }
        #expect(throws: DatasetError.self) { try Augmentation(resizedCrop: ResizedCrop(scale: 0...1)).validate() }
        #expect(throws: DatasetError.self) { try Augmentation(affine: RandomAffine(translate: 1.5)).validate() }
        #expect(throws: DatasetError.self) { try Augmentation(colorJitter: ColorJitter(hue: 0.7)).validate() }
    }

    /// Runs saved before vertical flips, crops, affine and colour changes existed still load.
    @Test func oldRunConfigurationsDecode() throws {
        let old = try JSONDecoder().decode(Augmentation.self, from: Data(#"{"horizontalFlip":true,"maxShift":2}"#.utf8))
        #expect(old == Augmentation(horizontalFlip: true, maxShift: 2))
        let full = Augmentation(
            verticalFlip: true, resizedCrop: ResizedCrop(), affine: RandomAffine(degrees: 5), colorJitter: ColorJitter(hue: 0.1))
        #expect(try JSONDecoder().decode(Augmentation.self, from: JSONEncoder().encode(full)) == full)
    }

    /// Keras' featurewise centring and ZCA whitening, fitted on 300 8 × 8 patches of real photos and applied to 10
    /// others.
    @Test func zcaWhiteningMatchesKeras() throws {
        let archive = try NumPyArchive(contentsOf: Self.fixture("zca.npz"))
        func images(_ name: String) throws -> Tensor {
            let array = try archive.array(named: name)  // NHWC bytes
            return try Tensor(bytes: array.values(UInt8.self), dtype: .uint8, shape: array.shape).permuted([0, 3, 1, 2])
                .contiguous()
        }
        let train = try LabeledImages(images: images("train"), labels: Tensor.zeros([300], dtype: .int64), classes: ["patch"])
        let (centring, whitening) = try ZCAWhitening.fitted(to: train)
        let kerasMean = try archive.array(named: "mean").floatValues().map(Double.init)
        for (ours, theirs) in zip(centring.mean, kerasMean) { #expect(abs(ours - theirs) < 1e-6) }  // float32 in the file
        #expect(centring.std == [1, 1, 1])
        let test = try images("test").converted(to: .float32) / 255
        let whitened = try whitening.whitened(centring.normalized(test)).permuted([0, 2, 3, 1])
        let expected = try Self.tensor("whitened", in: archive)
        let scale = try expected.abs().max().scalar(Float.self)
        let difference = try Self.largestDifference(whitened, expected)
        // Whitening divides by √(S + 1e-6) for the smallest eigenvalues, which magnifies float32 rounding.
        #expect(difference < 1e-3 * scale, "largest difference \(difference) at a scale of \(scale)")
    }

    @Test func zcaRefusesLargeImages() throws {
        let big = try LabeledImages(
            images: Tensor.zeros([2, 3, 64, 64], dtype: .uint8), labels: Tensor.zeros([2], dtype: .int64), classes: ["a"])
        #expect(throws: DatasetError.self) { try ZCAWhitening.fitted(to: big) }
    }
}
