import Foundation
import FoveaImage

/// Decodes images the way models see them: square `size`×`size` (scaled so the shorter side fits, centre
/// cropped, shrunk on load), gray or RGB, as channel-major (CHW) bytes.
public enum ModelInput {
    public static func options(size: Int, channels: Int) -> DecodeOptions {
        DecodeOptions(size: .coverCrop(size), colorMode: channels == 1 ? .gray : .rgb)
    }

    /// CHW bytes of the image file at `url`.
    public static func pixels(of url: URL, size: Int, channels: Int) throws -> [UInt8] {
        try channelMajor(Image.decode(contentsOf: url, options: options(size: size, channels: channels)))
    }

    /// CHW bytes of an encoded image held in memory (an upload), refused past `limits` before any pixel is
    /// decoded; `name` stands for the bytes in errors.
    public static func pixels(
        ofEncoded bytes: [UInt8], size: Int, channels: Int, limits: DecodeOptions.Limits = DecodeOptions.Limits(),
        name: String = "<memory>"
    ) throws -> [UInt8] {
        var options = options(size: size, channels: channels)
        options.limits = limits
        return try channelMajor(Image.decode(bytes: bytes, name: name, options: options))
    }

    /// Reorders interleaved HWC pixels to planar CHW.
    static func channelMajor(_ image: Image) -> [UInt8] {
        let plane = image.width * image.height
        let channels = image.channels
        guard channels > 1 else { return image.pixels }
        var planar = [UInt8](repeating: 0, count: image.pixels.count)
        image.pixels.withUnsafeBufferPointer { source in
            planar.withUnsafeMutableBufferPointer { target in
                for index in 0..<plane {
                    for channel in 0..<channels {
                        target[channel * plane + index] = source[index * channels + channel]
                    }
                }
            }
        }
        return planar
    }
}
