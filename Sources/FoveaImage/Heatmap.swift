import Foundation

/// Colour maps for drawing a value in [0, 1] as a colour.
public enum ColorMap {
    /// Dave Green's cubehelix (Bull. Astr. Soc. India 39, 289, 2011) with its published defaults — start colour
    /// 0.5, −1.5 rotations, hue 1, gamma 1: a helix around the grey diagonal of the RGB cube from black (0) to
    /// white (1) whose perceived brightness rises steadily, so it reads the same in colour, in grey and to colour-
    /// blind eyes.
    ///
    /// With φ = 2π(0.5/3 − 1.5 v) and a = v(1 − v)/2:
    /// R = v + a(−0.14861 cos φ + 1.78277 sin φ), G = v + a(−0.29227 cos φ − 0.90649 sin φ),
    /// B = v + a·1.97294 cos φ, each clamped to [0, 1]; `value` is clamped to [0, 1] first (NaN counts as 0).
    public static func cubehelix(_ value: Double) -> (red: Double, green: Double, blue: Double) {
        let v = value.isNaN ? 0 : Swift.min(Swift.max(value, 0), 1)
        let angle = 2 * Double.pi * (0.5 / 3 - 1.5 * v)
        let amplitude = v * (1 - v) / 2
        let (cosine, sine) = (cos(angle), sin(angle))
        func clamped(_ x: Double) -> Double { Swift.min(Swift.max(x, 0), 1) }
        return (
            clamped(v + amplitude * (-0.14861 * cosine + 1.78277 * sine)),
            clamped(v + amplitude * (-0.29227 * cosine - 0.90649 * sine)),
            clamped(v + amplitude * (1.97294 * cosine))
        )
    }
}

extension Image {
    /// This image with `heat` drawn over it in ``ColorMap/cubehelix(_:)``: every sample becomes
    /// (1 − opacity)·sample + opacity·255·colour, rounded. A gray image comes back as RGB; alpha is kept.
    ///
    /// - Parameter heat: one value in [0, 1] per pixel, rows top to bottom (as a Grad-CAM map).
    /// - Throws: `ImageError` when `heat` does not hold one value per pixel or `opacity` is not in [0, 1].
    public func overlaid(heat: [Float], opacity: Double = 0.5) throws -> Image {
        guard heat.count == width * height else {
            throw ImageError(
                source: "<overlay>",
                problem: .invalidArgument("\(heat.count) heat values for a \(width)×\(height) image"))
        }
        guard (0...1).contains(opacity) else {
            throw ImageError(source: "<overlay>", problem: .invalidArgument("opacity \(opacity) is not in [0, 1]"))
        }
        let outputChannels = channels == 4 ? 4 : 3
        var output = [UInt8](repeating: 0, count: width * height * outputChannels)
        for pixel in 0..<width * height {
            let colour = ColorMap.cubehelix(Double(heat[pixel]))
            for (channel, tint) in [colour.red, colour.green, colour.blue].enumerated() {
                let sample = Double(pixels[pixel * channels + (channels == 1 ? 0 : channel)])
                output[pixel * outputChannels + channel] = UInt8(((1 - opacity) * sample + opacity * 255 * tint).rounded())
            }
            if channels == 4 { output[pixel * 4 + 3] = pixels[pixel * 4 + 3] }
        }
        return Image(checkedWidth: width, height: height, channels: outputChannels, pixels: output)
    }
}
