import Foundation

/// An opaque sRGB colour, components in 0...1.
struct ChartColor: Equatable, Sendable {
    var red: Double
    var green: Double
    var blue: Double

    init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// From `0xRRGGBB`.
    init(hex: UInt32) {
        self.init(
            red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255,
            blue: Double(hex & 0xFF) / 255)
    }

    /// WCAG's relative luminance: 0 for black, 1 for white.
    var relativeLuminance: Double {
        func linear(_ component: Double) -> Double {
            component <= 0.04045 ? component / 12.92 : pow((component + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG's contrast ratio, from 1 (none) to 21 (black on white).
    func contrast(with other: ChartColor) -> Double {
        let (light, dark) = (max(relativeLuminance, other.relativeLuminance), min(relativeLuminance, other.relativeLuminance))
        return (light + 0.05) / (dark + 0.05)
    }

    /// The colour `fraction` of the way from `self` to `other`.
    func mixed(with other: ChartColor, fraction: Double) -> ChartColor {
        ChartColor(
            red: red + (other.red - red) * fraction, green: green + (other.green - green) * fraction,
            blue: blue + (other.blue - blue) * fraction)
    }
}

/// The look every chart shares, so that a report's pictures read as one set.
enum Style {
    static let background = ChartColor(hex: 0xFFFFFF)
    static let text = ChartColor(hex: 0x222222)
    static let secondaryText = ChartColor(hex: 0x555555)
    static let axis = ChartColor(hex: 0x4D4D4D)
    static let grid = ChartColor(hex: 0xE3E3E3)
    static let minorGrid = ChartColor(hex: 0xF1F1F1)
    /// Reference lines that carry no data: the chance diagonal, perfect calibration.
    static let neutral = ChartColor(hex: 0x8C8C8C)

    /// Okabe and Ito's colour-blind-safe qualitative palette, without its yellow, too faint for lines on white.
    static let series: [ChartColor] = [
        ChartColor(hex: 0x0072B2),  // blue
        ChartColor(hex: 0xD55E00),  // vermillion
        ChartColor(hex: 0x009E73),  // bluish green
        ChartColor(hex: 0xE69F00),  // orange
        ChartColor(hex: 0xCC79A7),  // reddish purple
        ChartColor(hex: 0x56B4E9),  // sky blue
        ChartColor(hex: 0x000000),  // black
    ]

    /// Dash patterns (on, off lengths in points) that tell series apart once the colours repeat.
    static let dashes: [[Double]] = [[], [6, 3], [1.5, 2.5], [7, 2.5, 1.5, 2.5]]

    /// The colour and dash pattern of the `index`th series.
    static func seriesLook(_ index: Int) -> (color: ChartColor, dash: [Double]) {
        (series[index % series.count], dashes[(index / series.count) % dashes.count])
    }

    /// The dash of reference lines.
    static let referenceDash: [Double] = [4, 3]

    /// A single-hue sequential ramp from near white to dark blue, luminance falling steadily, so that a darker cell
    /// always means a larger value, in colour or in grey. Its stops are ColorBrewer's nine-class "Blues".
    static let ramp: [ChartColor] = [
        0xF7FBFF, 0xDEEBF7, 0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x4292C6, 0x2171B5, 0x08519C, 0x08306B,
    ].map { ChartColor(hex: $0) }

    /// The ramp's colour at `value` in 0...1 (clamped), interpolated between its stops.
    static func rampColor(_ value: Double) -> ChartColor {
        let position = min(max(value, 0), 1) * Double(ramp.count - 1)
        let lower = min(Int(position), ramp.count - 2)
        return ramp[lower].mixed(with: ramp[lower + 1], fraction: position - Double(lower))
    }

    /// Black or white text, whichever contrasts more with `fill`: black rather than the usual dark grey, as only
    /// the pair of extremes keeps every fill at WCAG's 4.5:1 (at worst 4.58:1, where both contrast equally).
    static func textColor(on fill: ChartColor) -> ChartColor {
        let black = ChartColor(hex: 0x000000)
        return fill.contrast(with: black) >= fill.contrast(with: background) ? black : background
    }

    static let titleFont = Font(size: 13, bold: true)
    static let axisLabelFont = Font(size: 10)
    static let tickFont = Font(size: 8.5)
    static let legendFont = Font(size: 9)
    static let annotationFont = Font(size: 7.5)

    static let lineWidth = 1.8
    static let gridWidth = 0.6
    static let axisWidth = 0.8
}

/// A face of DejaVu Sans at a size in points.
struct Font: Equatable, Sendable {
    var size: Double
    var bold = false

    static let family = "DejaVu Sans"

    func resized(_ size: Double) -> Font { Font(size: size, bold: bold) }
}
