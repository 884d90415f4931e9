import Foundation
import FoveaTensor

/// Random changes applied to training batches; every draw comes from the loader's seed, the epoch and the batch, so
/// a batch is the same whatever the number of threads and after a resume.
///
/// The parameters mean what they mean in torchvision (`RandomResizedCrop`, `RandomAffine`, `ColorJitter`) and
/// Keras (`width_shift_range` in pixels, `fill_mode`). They are applied in that order: crop, flips, shift, affine,
/// colour.
public struct Augmentation: Sendable, Codable, Equatable {
    /// Mirror left–right with probability ½.
    public var horizontalFlip: Bool
    /// Mirror top–bottom with probability ½ (satellite, microscope and sketch images have no "up").
    public var verticalFlip: Bool
    /// Shift by up to this many pixels in each direction (zero padding), as Keras' `width/height_shift_range`.
    public var maxShift: Int
    /// Crop a random part of the image and resize it back, as torchvision's `RandomResizedCrop`.
    public var resizedCrop: ResizedCrop?
    /// Rotate, zoom, shear and translate, as torchvision's `RandomAffine` (Keras' rotation/zoom/shear ranges).
    public var affine: RandomAffine?
    /// Brightness, contrast, saturation and hue, as torchvision's `ColorJitter`.
    public var colorJitter: ColorJitter?

    public init(
        horizontalFlip: Bool = false, verticalFlip: Bool = false, maxShift: Int = 0, resizedCrop: ResizedCrop? = nil,
        affine: RandomAffine? = nil, colorJitter: ColorJitter? = nil
    ) {
        self.horizontalFlip = horizontalFlip
        self.verticalFlip = verticalFlip
        self.maxShift = maxShift
        self.resizedCrop = resizedCrop
        self.affine = affine
        self.colorJitter = colorJitter
    }

    public static let none = Augmentation()

    /// Runs saved before a field existed decode with it off.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        horizontalFlip = try container.decodeIfPresent(Bool.self, forKey: .horizontalFlip) ?? false
        verticalFlip = try container.decodeIfPresent(Bool.self, forKey: .verticalFlip) ?? false
        maxShift = try container.decodeIfPresent(Int.self, forKey: .maxShift) ?? 0
        resizedCrop = try container.decodeIfPresent(ResizedCrop.self, forKey: .resizedCrop)
        affine = try container.decodeIfPresent(RandomAffine.self, forKey: .affine)
        colorJitter = try container.decodeIfPresent(ColorJitter.self, forKey: .colorJitter)
    }

    /// Throws when a range cannot be drawn from (a negative angle range, a scale range upside down…).
    public func validate() throws {
        func check(_ condition: Bool, _ message: String) throws {
            if !condition { throw DatasetError.mismatch("augmentation: \(message)") }
        }
        try check(maxShift >= 0, "the shift must not be negative, got \(maxShift)")
        if let crop = resizedCrop {
            try check(0 < crop.scale.lowerBound && crop.scale.upperBound <= 1, "crop scale must lie in (0, 1], got \(crop.scale)")
            try check(0 < crop.ratio.lowerBound, "crop ratio must be positive, got \(crop.ratio)")
        }
        if let affine {
            try check(affine.degrees >= 0 && affine.shear >= 0, "rotation and shear ranges must not be negative")
            try check(0 <= affine.translate && affine.translate < 1, "translate is a fraction of the size in [0, 1)")
            try check(affine.scale.lowerBound > 0, "zoom scales must be positive, got \(affine.scale)")
        }
        if let jitter = colorJitter {
            try check(
                [jitter.brightness, jitter.contrast, jitter.saturation].allSatisfy { $0 >= 0 } && (0...0.5).contains(jitter.hue),
                "brightness, contrast and saturation must not be negative, hue lies in [0, 0.5]")
        }
    }

    /// A changed copy of a float NCHW batch in [0, 1], drawing from `generator`.
    public func apply(to images: Tensor, using generator: inout SplitMix64) throws -> Tensor {
        var result = images
        let count = images.shape[0], height = images.shape[2], width = images.shape[3]
        if let crop = resizedCrop {
            let boxes = (0..<count).map { _ in crop.box(height: height, width: width, using: &generator) }
            result = try Tensor.stack(
                boxes.enumerated().map { sample, box in
                    try ImageTransforms.resizedCrop(result[sample], box: box, size: (height, width))
                })
        }
        if horizontalFlip { result = try Self.flip(result, dim: 3, using: &generator) }
        if verticalFlip { result = try Self.flip(result, dim: 2, using: &generator) }
        if maxShift > 0 { result = try Self.shift(result, by: maxShift, using: &generator) }
        if let affine {
            let parameters = (0..<count).map { _ in affine.parameters(height: height, width: width, using: &generator) }
            result = try ImageTransforms.affine(result, parameters, fill: affine.fill)
        }
        if let colorJitter { result = try colorJitter.apply(to: result, using: &generator) }
        return result
    }

    static func flip(_ images: Tensor, dim: Int, using generator: inout SplitMix64) throws -> Tensor {
        let count = images.shape[0]
        let flips = (0..<count).map { _ in Bool.random(using: &generator) }
        let mask = try Tensor(flips, shape: [count, 1, 1, 1])
        return try Tensor.select(mask, images.flipped(dims: [dim]), images)
    }

    static func shift(_ images: Tensor, by shift: Int, using generator: inout SplitMix64) throws -> Tensor {
        let padded = try Tensor.call1(
            "aten::constant_pad_nd", [.tensor(images), .ints([shift, shift, shift, shift]), .double(0)])
        let height = images.shape[2], width = images.shape[3]
        var shifted: [Tensor] = []
        for sample in 0..<images.shape[0] {
            let dy = Int.random(in: 0...(2 * shift), using: &generator)
            let dx = Int.random(in: 0...(2 * shift), using: &generator)
            shifted.append(
                try padded[sample].narrowed(dim: 1, start: dy, length: height).narrowed(dim: 2, start: dx, length: width))
        }
        return try Tensor.stack(shifted)
    }
}

extension Augmentation: CustomStringConvertible {
    /// The changes in words, for reports: "horizontal flips, rotations of ±10°, …", or "none".
    public var description: String {
        var parts: [String] = []
        if let crop = resizedCrop { parts.append("resized crops of \(crop.scale.lowerBound)–\(crop.scale.upperBound) of the area") }
        if horizontalFlip { parts.append("horizontal flips") }
        if verticalFlip { parts.append("vertical flips") }
        if maxShift > 0 { parts.append("shifts up to \(maxShift) px") }
        if let affine {
            if affine.degrees > 0 { parts.append("rotations of ±\(affine.degrees)°") }
            if affine.scale != 1...1 { parts.append("zooms of \(affine.scale.lowerBound)–\(affine.scale.upperBound)") }
            if affine.shear > 0 { parts.append("shears of ±\(affine.shear)°") }
            if affine.translate > 0 { parts.append("moves of ±\(affine.translate) of the size") }
            parts.append("\(affine.fill.rawValue) fill")
        }
        if let jitter = colorJitter {
            for (name, amount) in [("brightness", jitter.brightness), ("contrast", jitter.contrast),
                                   ("saturation", jitter.saturation), ("hue", jitter.hue)] where amount > 0 {
                parts.append("\(name) ±\(amount)")
            }
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}

/// torchvision's `RandomResizedCrop` choice of box: an area fraction in `scale` and a log-uniform aspect ratio in
/// `ratio`, ten tries, then the centre crop closest to the ratio.
public struct ResizedCrop: Sendable, Codable, Equatable {
    public var scale: ClosedRange<Double>
    public var ratio: ClosedRange<Double>

    public init(scale: ClosedRange<Double> = 0.08...1, ratio: ClosedRange<Double> = (3.0 / 4)...(4.0 / 3)) {
        self.scale = scale
        self.ratio = ratio
    }

    public func box(height: Int, width: Int, using generator: inout SplitMix64) -> CropBox {
        let area = Double(height * width)
        let logRatio = log(ratio.lowerBound)...log(ratio.upperBound)
        for _ in 0..<10 {
            let target = area * Double.random(in: scale, using: &generator)
            let aspect = exp(Double.random(in: logRatio, using: &generator))
            let w = Int((target * aspect).squareRoot().rounded()), h = Int((target / aspect).squareRoot().rounded())
            if 0 < w, w <= width, 0 < h, h <= height {
                let top = Int.random(in: 0...(height - h), using: &generator)
                let left = Int.random(in: 0...(width - w), using: &generator)
                return CropBox(top: top, left: left, height: h, width: w)
            }
        }
        let imageRatio = Double(width) / Double(height)
        var w = width, h = height
        if imageRatio < ratio.lowerBound {
            h = Int((Double(w) / ratio.lowerBound).rounded())
        } else if imageRatio > ratio.upperBound {
            w = Int((Double(h) * ratio.upperBound).rounded())
        }
        return CropBox(top: (height - h) / 2, left: (width - w) / 2, height: h, width: w)
    }
}

/// torchvision's `RandomAffine`: an angle in ±`degrees`, a move of up to `translate` × the size, a zoom in `scale`
/// and an x shear in ±`shear` degrees.
public struct RandomAffine: Sendable, Codable, Equatable {
    public var degrees: Double
    public var translate: Double
    public var scale: ClosedRange<Double>
    public var shear: Double
    public var fill: FillMode

    public init(
        degrees: Double = 0, translate: Double = 0, scale: ClosedRange<Double> = 1...1, shear: Double = 0,
        fill: FillMode = .constant
    ) {
        self.degrees = degrees
        self.translate = translate
        self.scale = scale
        self.shear = shear
        self.fill = fill
    }

    public func parameters(height: Int, width: Int, using generator: inout SplitMix64) -> AffineParameters {
        func draw(_ range: ClosedRange<Double>) -> Double {
            range.lowerBound == range.upperBound ? range.lowerBound : Double.random(in: range, using: &generator)
        }
        let angle = draw(-degrees...degrees)
        let dx = (draw(-translate...translate) * Double(width)).rounded()
        let dy = (draw(-translate...translate) * Double(height)).rounded()
        return AffineParameters(
            angle: angle, translate: (dx, dy), scale: draw(scale), shear: (draw(-shear...shear), 0))
    }
}

/// torchvision's `ColorJitter`: factors drawn in [1 − b, 1 + b] (never below 0) and a hue turn in ±`hue`, applied
/// in an order drawn per batch.
public struct ColorJitter: Sendable, Codable, Equatable {
    public var brightness: Double
    public var contrast: Double
    public var saturation: Double
    public var hue: Double

    public init(brightness: Double = 0, contrast: Double = 0, saturation: Double = 0, hue: Double = 0) {
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
        self.hue = hue
    }

    func apply(to images: Tensor, using generator: inout SplitMix64) throws -> Tensor {
        let count = images.shape[0]
        func factors(_ amount: Double) -> [Double] {
            (0..<count).map { _ in Double.random(in: Swift.max(0, 1 - amount)...(1 + amount), using: &generator) }
        }
        var result = images
        for step in [0, 1, 2, 3].shuffled(using: &generator) {
            switch step {
            case 0 where brightness > 0: result = try ImageTransforms.adjustBrightness(result, factors(brightness))
            case 1 where contrast > 0: result = try ImageTransforms.adjustContrast(result, factors(contrast))
            case 2 where saturation > 0: result = try ImageTransforms.adjustSaturation(result, factors(saturation))
            case 3 where hue > 0:
                let turns = (0..<count).map { _ in Double.random(in: -hue...hue, using: &generator) }
                result = try ImageTransforms.adjustHue(result, turns)
            default: break
            }
        }
        return result
    }
}
