import Foundation
import FoveaImage
import Testing

@testable import FoveaReport

/// An 8-bit sRGB colour read from a picture.
struct RGB: Equatable, Hashable, CustomStringConvertible {
    var red: Int
    var green: Int
    var blue: Int

    init(_ red: Int, _ green: Int, _ blue: Int) {
        (self.red, self.green, self.blue) = (red, green, blue)
    }

    init(hex: UInt32) {
        self.init(Int(hex >> 16 & 0xFF), Int(hex >> 8 & 0xFF), Int(hex & 0xFF))
    }

    static let white = RGB(255, 255, 255)

    /// Rec. 709 luma of the 8-bit values: enough to order colours from dark to light.
    var luma: Double { 0.2126 * Double(red) + 0.7152 * Double(green) + 0.0722 * Double(blue) }

    func isClose(to other: RGB, tolerance: Int = 2) -> Bool {
        abs(red - other.red) <= tolerance && abs(green - other.green) <= tolerance && abs(blue - other.blue) <= tolerance
    }

    var description: String { "rgb(\(red), \(green), \(blue))" }
}

/// A chart rendered to PNG and decoded again with libvips, read in the chart's points.
struct RenderedPNG {
    let image: Image
    let scale: Double

    init(_ chart: some Chart, scale: Double = 2) throws {
        let data = try chart.png(scale: scale)
        image = try Image.decode(bytes: data, name: "chart PNG")
        self.scale = scale
    }

    /// The pixel under the point (x, y) in points.
    func color(atX x: Double, y: Double) -> RGB {
        color(column: Int(x * scale), row: Int(y * scale))
    }

    func color(column: Int, row: Int) -> RGB {
        let offset = (row * image.width + column) * image.channels
        return RGB(Int(image.pixels[offset]), Int(image.pixels[offset + 1]), Int(image.pixels[offset + 2]))
    }

    /// The most common colour inside `rect`: a fill, whatever text lies on it.
    func dominantColor(in rect: Rect) -> RGB {
        var counts: [RGB: Int] = [:]
        for row in Int(rect.minY * scale)..<Int(rect.maxY * scale) {
            for column in Int(rect.minX * scale)..<Int(rect.maxX * scale) {
                counts[color(column: column, row: row), default: 0] += 1
            }
        }
        return counts.max { $0.value < $1.value }?.key ?? .white
    }

    /// Every colour inside `rect`.
    func colors(in rect: Rect) -> Set<RGB> {
        var colors: Set<RGB> = []
        for row in Int(rect.minY * scale)..<Int(rect.maxY * scale) {
            for column in Int(rect.minX * scale)..<Int(rect.maxX * scale) {
                colors.insert(color(column: column, row: row))
            }
        }
        return colors
    }

    /// The pixels of the picture's outermost `width` rows and columns.
    func border(width: Int) -> [RGB] {
        var pixels: [RGB] = []
        for row in 0..<image.height {
            for column in 0..<image.width
            where row < width || row >= image.height - width || column < width || column >= image.width - width {
                pixels.append(color(column: column, row: row))
            }
        }
        return pixels
    }
}

extension Rect {
    /// The rectangle shrunk by `fraction` of its size on every side.
    func inset(by fraction: Double) -> Rect {
        Rect(
            x: x + width * fraction, y: y + height * fraction, width: width * (1 - 2 * fraction),
            height: height * (1 - 2 * fraction))
    }
}

/// The Okabe–Ito colours the series take, in order: blue, vermillion, bluish green.
enum Palette {
    static let first = RGB(hex: 0x0072B2)
    static let second = RGB(hex: 0xD55E00)
    static let third = RGB(hex: 0x009E73)
}
