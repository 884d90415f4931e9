import Foundation
import FoveaTensor

/// The parameters of one affine change of an image, with the meaning of torchvision's `functional.affine`: rotate
/// by `angle` degrees (clockwise as seen), scale by `scale`, shear by `shear` degrees along x then y, then move by
/// `translate` pixels, all about the image centre.
public struct AffineParameters: Sendable, Equatable {
    public var angle: Double
    public var translate: (x: Double, y: Double)
    public var scale: Double
    public var shear: (x: Double, y: Double)

    public init(angle: Double = 0, translate: (x: Double, y: Double) = (0, 0), scale: Double = 1,
                shear: (x: Double, y: Double) = (0, 0)) {
        self.angle = angle
        self.translate = translate
        self.scale = scale
        self.shear = shear
    }

    public static func == (a: AffineParameters, b: AffineParameters) -> Bool {
        a.angle == b.angle && a.translate == b.translate && a.scale == b.scale && a.shear == b.shear
    }

    /// The 2 × 3 matrix taking an output pixel (centred coordinates, y down) to where it is read in the input.
    ///
    /// Forward, a point moves by T · R · Sh: the shear first, then the rotation and scale, then the translation.
    /// Inverting numerically keeps the convention in one place instead of a hand-derived inverse.
    func inverseMatrix() -> [[Double]] {
        let radians = angle * .pi / 180, shearX = shear.x * .pi / 180, shearY = shear.y * .pi / 180
        // On screen y points down, so this turns clockwise as seen.
        let rotation = [[cos(radians), -sin(radians)], [sin(radians), cos(radians)]]
        let shearing = [[1, -tan(shearX)], [-tan(shearY), 1 + tan(shearX) * tan(shearY)]]
        var forward = [[0.0, 0.0], [0.0, 0.0]]
        for row in 0..<2 {
            for column in 0..<2 {
                forward[row][column] = scale * (rotation[row][0] * shearing[0][column] + rotation[row][1] * shearing[1][column])
            }
        }
        let determinant = forward[0][0] * forward[1][1] - forward[0][1] * forward[1][0]
        let inverse = [[forward[1][1] / determinant, -forward[0][1] / determinant],
                       [-forward[1][0] / determinant, forward[0][0] / determinant]]
        let offset = [-(inverse[0][0] * translate.x + inverse[0][1] * translate.y),
                      -(inverse[1][0] * translate.x + inverse[1][1] * translate.y)]
        return [[inverse[0][0], inverse[0][1], offset[0]], [inverse[1][0], inverse[1][1], offset[1]]]
    }
}

/// What an affine change shows where it reads outside the image.
public enum FillMode: String, Sendable, Codable, CaseIterable {
    /// Zeros (black after scaling to [0, 1]), as torchvision.
    case constant
    /// The nearest edge pixel, as Keras' default `fill_mode="nearest"`.
    case nearest
    /// The image mirrored at its edges.
    case reflect

    /// ATen grid_sampler's padding_mode.
    var paddingMode: Int {
        switch self {
        case .constant: 0
        case .nearest: 1
        case .reflect: 2
        }
    }
}

/// Deterministic changes of float NCHW batches in [0, 1]; `Augmentation` draws their parameters.
///
/// Each equals torchvision's function of the same name on tensors (`transforms.functional`), checked against it.
public enum ImageTransforms {
    /// One affine change per image, sampled bilinearly in one `grid_sampler` call for the whole batch.
    public static func affine(_ images: Tensor, _ parameters: [AffineParameters], fill: FillMode = .constant) throws -> Tensor {
        guard images.rank == 4, parameters.count == images.shape[0] else {
            throw DatasetError.mismatch("\(parameters.count) affine parameters for a batch of shape \(images.shape)")
        }
        let height = Double(images.shape[2]), width = Double(images.shape[3])
        // affine_grid works in coordinates where the image spans [−1, 1]; centred pixels are scaled into them.
        var theta: [Float] = []
        for parameter in parameters {
            let m = parameter.inverseMatrix()
            theta += [m[0][0], m[0][1] * height / width, m[0][2] * 2 / width,
                      m[1][0] * width / height, m[1][1], m[1][2] * 2 / height].map(Float.init)
        }
        let matrices = try Tensor(theta, shape: [parameters.count, 2, 3]).converted(to: images.dtype)
        let grid = try Tensor.call1(
            "aten::affine_grid_generator", [.tensor(matrices), .ints(images.shape), .bool(false)])
        // interpolation 0 = bilinear; align_corners false, as torchvision.
        return try Tensor.call1(
            "aten::grid_sampler", [.tensor(images), .tensor(grid), .int(0), .int(fill.paddingMode), .bool(false)])
    }

    /// A crop of `box` (top, left, height, width, in pixels, inside the image) resized bilinearly to `size`.
    public static func resizedCrop(_ image: Tensor, box: CropBox, size: (height: Int, width: Int)) throws -> Tensor {
        let crop = try image.narrowed(dim: -2, start: box.top, length: box.height)
            .narrowed(dim: -1, start: box.left, length: box.width)
        if box.height == size.height, box.width == size.width { return crop }
        let batch = image.rank == 3 ? try crop.unsqueezed(dim: 0) : crop
        let resized = try batch.interpolate(size: [size.height, size.width], mode: .bilinear(alignCorners: false))
        return image.rank == 3 ? try resized.squeezed(dim: 0) : resized
    }

    /// Luma with ITU-R 601 weights, (N, 1, H, W); a 1-channel batch is its own luma.
    public static func grayscale(_ images: Tensor) throws -> Tensor {
        guard images.shape[1] == 3 else { return images }
        let weights = try Tensor([Float(0.2989), 0.587, 0.114], shape: [1, 3, 1, 1]).converted(to: images.dtype)
        return try (images * weights).sum(dims: [1], keepDims: true)
    }

    /// `factor × image`, clipped; one factor per image.
    public static func adjustBrightness(_ images: Tensor, _ factors: [Double]) throws -> Tensor {
        try (images * perImage(factors, like: images)).clamped(min: 0, max: 1)
    }

    /// Blends each image with the mean of its luma.
    public static func adjustContrast(_ images: Tensor, _ factors: [Double]) throws -> Tensor {
        try blend(images, with: grayscale(images).mean(dims: [1, 2, 3], keepDims: true), factors)
    }

    /// Blends each image with its luma (0 gives gray, 1 the image, more oversaturates).
    public static func adjustSaturation(_ images: Tensor, _ factors: [Double]) throws -> Tensor {
        guard images.shape[1] == 3 else { return images }
        return try blend(images, with: grayscale(images), factors)
    }

    /// Turns each image's hue by a fraction of the colour circle in [−0.5, 0.5].
    public static func adjustHue(_ images: Tensor, _ shifts: [Double]) throws -> Tensor {
        guard images.shape[1] == 3 else { return images }
        let (hue, saturation, value) = try hsv(images)
        let turned = try (hue + perImage(shifts, like: images)).remainder(1)
        return try rgb(hue: turned, saturation: saturation, value: value)
    }

    static func blend(_ images: Tensor, with other: Tensor, _ factors: [Double]) throws -> Tensor {
        let factor = try perImage(factors, like: images)
        return try (images * factor + other * (1 - factor)).clamped(min: 0, max: 1)
    }

    static func perImage(_ values: [Double], like images: Tensor) throws -> Tensor {
        guard values.count == images.shape[0] else {
            throw DatasetError.mismatch("\(values.count) factors for a batch of \(images.shape[0])")
        }
        return try Tensor(values.map(Float.init), shape: [values.count, 1, 1, 1]).converted(to: images.dtype)
    }

    /// Hue in [0, 1), saturation and value of RGB images, each (N, 1, H, W).
    static func hsv(_ images: Tensor) throws -> (Tensor, Tensor, Tensor) {
        let channels = try images.chunked(3, dim: 1)
        let (red, green, blue) = (channels[0], channels[1], channels[2])
        let maximum = try images.max(dim: 1, keepDims: true).values
        let minimum = try images.min(dim: 1, keepDims: true).values
        let range = try maximum - minimum
        let gray = try range.equal(0)
        let ones = try Tensor.ones([1], dtype: images.dtype)
        let saturation = try range / Tensor.select(maximum.equal(0), ones, maximum)
        let safeRange = try Tensor.select(gray, ones, range)
        // Distances of each channel from the maximum, in units of the range; which one is the maximum picks the sector.
        let redDistance = try (maximum - red) / safeRange
        let greenDistance = try (maximum - green) / safeRange
        let blueDistance = try (maximum - blue) / safeRange
        let redIsMax = try maximum.equal(red)
        let greenIsMax = try maximum.equal(green).converted(to: .bool)
        let sector = try Tensor.select(
            redIsMax, blueDistance - greenDistance,
            Tensor.select(greenIsMax, 2 + redDistance - blueDistance, 4 + greenDistance - redDistance))
        let hue = try (sector / 6 + 1).remainder(1)
        return (try Tensor.select(gray, Tensor.zeros([1], dtype: images.dtype), hue), saturation, maximum)
    }

    /// RGB from hue in [0, 1), saturation and value, (N, 3, H, W).
    static func rgb(hue: Tensor, saturation: Tensor, value: Tensor) throws -> Tensor {
        let scaled = try hue * 6
        let sectorStart = try scaled.floor()
        let fraction = try scaled - sectorStart
        let sector = try sectorStart.remainder(6)
        let low = try (value * (1 - saturation)).clamped(min: 0, max: 1)
        let falling = try (value * (1 - saturation * fraction)).clamped(min: 0, max: 1)
        let rising = try (value * (1 - saturation * (1 - fraction))).clamped(min: 0, max: 1)
        // Per sector 0…5, which of (value, rising, low, falling) each channel takes.
        let table: [[Tensor]] = [
            [value, falling, low, low, rising, value],
            [rising, value, value, falling, low, low],
            [low, low, rising, value, value, falling],
        ]
        var channels: [Tensor] = []
        for row in table {
            var channel = row[5]
            for index in (0..<5).reversed() {
                channel = try Tensor.select(sector.equal(Double(index)), row[index], channel)
            }
            channels.append(channel)
        }
        return try Tensor.concatenate(channels, dim: 1)
    }
}

/// A rectangle of an image in pixels.
public struct CropBox: Sendable, Equatable, Codable {
    public var top: Int
    public var left: Int
    public var height: Int
    public var width: Int

    public init(top: Int, left: Int, height: Int, width: Int) {
        self.top = top
        self.left = left
        self.height = height
        self.width = width
    }
}
