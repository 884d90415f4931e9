/// A decoded image: 8-bit samples, rows top to bottom, channels interleaved
/// (height × width × channels, "HWC").
public struct Image: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Samples per pixel: 1 (gray), 3 (RGB) or 4 (RGBA).
    public let channels: Int
    /// `width * height * channels` samples; channel `c` of the pixel at
    /// column `x`, row `y` is at `(y * width + x) * channels + c`.
    public let pixels: [UInt8]

    /// An image from interleaved samples; `nil` unless `channels` is 1, 3 or 4,
    /// both sizes are positive and `pixels` holds exactly
    /// `width * height * channels` samples.
    public init?(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, [1, 3, 4].contains(channels) else { return nil }
        let (area, areaOverflow) = width.multipliedReportingOverflow(by: height)
        let (count, countOverflow) = area.multipliedReportingOverflow(by: channels)
        guard !areaOverflow, !countOverflow, count == pixels.count else { return nil }
        self.init(checkedWidth: width, height: height, channels: channels, pixels: pixels)
    }

    /// For sizes the decoder has already validated.
    init(checkedWidth width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}
