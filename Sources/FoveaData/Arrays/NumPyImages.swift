/// Labelled images from NumPy arrays, as flat buffers in the (N, C, H, W) layout a uint8 image tensor takes.
///
/// Accepts the layouts image datasets ship in: N × H × W (MNIST), N × H × W × C channels-last (CIFAR in Keras'
/// layout), and N × (H·W) flattened square images (Quick Draw's `full_numpy_bitmap_*.npy`, N × 784).
public struct NumPyImageSamples: Sendable, Hashable {
    /// count × channels × height × width bytes, image after image, channel planes row-major.
    public let pixels: [UInt8]
    /// One label per image.
    public let labels: [Int64]
    public let count: Int
    public let channels: Int
    public let height: Int
    public let width: Int

    /// [count, channels, height, width].
    public var shape: [Int] { [count, channels, height, width] }

    /// Images from a uint8 `images` array and an integer `labels` array of shape (N) or (N, 1).
    /// `side` gives the square images' side for an N × (side·side) array; without it the side must be a whole square root.
    public init(images: NumPyArray, labels: NumPyArray, side: Int? = nil) throws(NumPyError) {
        guard labels.shape.count == 1 || (labels.shape.count == 2 && labels.shape[1] == 1) else {
            throw .unsuitableImages(file: labels.source, problem: "labels of shape \(labels.shape) are not (N) or (N, 1)")
        }
        try self.init(images: images, labels: try labels.integerValues(), side: side)
    }

    /// Images from a uint8 `images` array with `labels` given directly (one per image: a Quick Draw class file's
    /// images all share their class's label).
    public init(images: NumPyArray, labels: [Int64], side: Int? = nil) throws(NumPyError) {
        let unsuitable = { (problem: String) in NumPyError.unsuitableImages(file: images.source, problem: problem) }
        guard images.dtype.kind == .unsigned, images.dtype.itemSize == 1 else {
            throw unsuitable("images must be uint8, not \(images.dtype)")
        }
        let shape = images.shape
        let (channels, height, width): (Int, Int, Int)
        switch shape.count {
        case 2:
            let area = shape[1]
            let side = side ?? Int(Double(area).squareRoot().rounded())
            guard side > 0, side * side == area else {
                throw unsuitable("rows of \(area) pixels are not square images\(side > 0 ? " of side \(side)" : "")")
            }
            (channels, height, width) = (1, side, side)
        case 3:
            (channels, height, width) = (1, shape[1], shape[2])
        case 4:
            guard (1...4).contains(shape[3]) else { throw unsuitable("shape \(shape) is not N × H × W × C with 1 to 4 channels") }
            (channels, height, width) = (shape[3], shape[1], shape[2])
        default:
            throw unsuitable("shape \(shape) is not N × H × W, N × H × W × C or N × (H·W)")
        }
        guard labels.count == shape[0] else {
            throw unsuitable("\(shape[0]) images but \(labels.count) labels")
        }
        self.count = shape[0]
        self.channels = channels
        self.height = height
        self.width = width
        self.labels = labels
        pixels = channels == 1 ? images.littleEndianBytes : Self.planar(images.littleEndianBytes, count: shape[0], area: height * width, channels: channels)
    }

    /// The pixels as floats in 0...1 (pixel / 255), same layout as `pixels`.
    public func floatPixels() -> [Float] {
        pixels.map { Float($0) / 255 }
    }

    /// Interleaved (HWC) images rearranged into channel planes (CHW).
    private static func planar(_ interleaved: [UInt8], count: Int, area: Int, channels: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: interleaved.count)
        for image in 0..<count {
            let base = image * area * channels
            for pixel in 0..<area {
                for channel in 0..<channels {
                    result[base + channel * area + pixel] = interleaved[base + pixel * channels + channel]
                }
            }
        }
        return result
    }
}
