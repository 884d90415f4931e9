/// How `Image.decode` sizes, colours and guards what it decodes.
public struct DecodeOptions: Sendable, Equatable {
    /// The size of the decoded image. Every resizing mode decodes at reduced
    /// size where the format allows (JPEG's DCT scaling, WebP, HEIF), so a
    /// 12-megapixel photo is never decoded at full size for a 224-pixel input.
    public enum Size: Sendable, Equatable {
        /// The size stored in the file (after orientation).
        case original
        /// Scale, up or down, so the longer side is `side` pixels; keeps the
        /// aspect ratio.
        case fitInside(Int)
        /// Scale so the shorter side is `side` pixels, then crop the centre:
        /// always exactly `side` × `side`.
        case coverCrop(Int)
        /// Scale to exactly `width` × `height`, ignoring the aspect ratio.
        case exact(width: Int, height: Int)
    }

    /// The channels of the decoded image. Whatever the source (CMYK,
    /// 16-bit, palette, Lab, gray), samples come out as 8-bit sRGB or gray.
    public enum ColorMode: Sendable, Equatable {
        /// Three channels; gray sources are expanded, alpha is flattened onto
        /// the background.
        case rgb
        /// Four channels; sources without alpha get an opaque alpha channel.
        case rgba
        /// One channel: ITU-R 601 luma rounded as PIL's `convert("L")` does;
        /// alpha is flattened onto the background first.
        case gray
        /// One channel for grayscale sources, three for colour ones; alpha is
        /// flattened onto the background (its luma for gray sources).
        case rgbOrGray
    }

    /// Upper bounds that protect a long-running process from hostile or
    /// broken files. Both must be positive.
    public struct Limits: Sendable, Equatable {
        /// Largest encoded size accepted, in bytes. Default 100 MiB.
        public var maxBytes: Int
        /// Largest `width * height` accepted, checked against the header before
        /// any pixel is decoded (decompression bombs) and against the result.
        /// Default 100 megapixels.
        public var maxPixels: Int

        /// Limits with the defaults above unless given.
        public init(maxBytes: Int = 100 * 1024 * 1024, maxPixels: Int = 100_000_000) {
            self.maxBytes = maxBytes
            self.maxPixels = maxPixels
        }
    }

    /// The size of the decoded image. Default `.original`.
    public var size: Size
    /// The channels of the decoded image. Default `.rgb`.
    public var colorMode: ColorMode
    /// What transparent pixels are blended onto (unless `colorMode` is
    /// `.rgba`). Default white.
    public var background: RGBColor
    /// Reject truncated or corrupt data instead of returning what could be
    /// decoded (lenient mode fills what is missing). Default `true`.
    public var strict: Bool
    /// Apply the EXIF orientation so the image comes out upright. Default `true`.
    public var applyOrientation: Bool
    /// Size limits. Default `Limits()`.
    public var limits: Limits

    /// Options with the defaults above unless given.
    public init(
        size: Size = .original,
        colorMode: ColorMode = .rgb,
        background: RGBColor = .white,
        strict: Bool = true,
        applyOrientation: Bool = true,
        limits: Limits = Limits()
    ) {
        self.size = size
        self.colorMode = colorMode
        self.background = background
        self.strict = strict
        self.applyOrientation = applyOrientation
        self.limits = limits
    }
}

/// An opaque 8-bit sRGB colour.
public struct RGBColor: Sendable, Equatable {
    /// Red, 0...255.
    public var red: UInt8
    /// Green, 0...255.
    public var green: UInt8
    /// Blue, 0...255.
    public var blue: UInt8

    /// A colour from its three components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// (255, 255, 255).
    public static let white = RGBColor(red: 255, green: 255, blue: 255)
    /// (0, 0, 0).
    public static let black = RGBColor(red: 0, green: 0, blue: 0)
}
