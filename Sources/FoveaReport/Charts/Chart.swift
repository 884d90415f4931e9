import Foundation

/// A chart's size in points (1/72 inch): the SVG's size, and the PNG's at scale 1.
public struct ChartSize: Sendable, Equatable {
    public var width: Double
    public var height: Double

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The largest side a chart may have, in points.
    public static let maximumSide = 10_000.0

    func validated() throws(ChartError) -> ChartSize {
        guard width.isFinite, height.isFinite, width >= 64, height >= 64,
              width <= Self.maximumSide, height <= Self.maximumSide
        else {
            throw ChartError(
                "chart size \(width) × \(height) pt: each side must lie in 64...\(Int(Self.maximumSide)) points")
        }
        return self
    }
}

/// A picture of numbers, drawn with cairo into PNG bytes or SVG text.
///
/// Charts are values built from plain numbers and strings; their initialisers check the input and throw
/// ``ChartError``, so that rendering a chart that exists can only fail in cairo itself.
///
/// ```swift
/// let chart = try BarChart(title: "Recall per class", categories: ["cat", "dog"],
///                          series: [.init(name: "Recall", values: [0.91, 0.84])])
/// try chart.write(to: URL(fileURLWithPath: "recall.png"))
/// let svg = try chart.svg()
/// ```
public protocol Chart: Sendable {
    /// The size of the picture, in points.
    var size: ChartSize { get }
    /// The chart's title, drawn at its top; also the SVG's `<title>`.
    var title: String { get }
    /// A sentence or two saying what the chart shows, for the SVG's `<desc>` and an HTML `alt` text.
    var summary: String { get }
    /// Draws the chart; the render functions call it.
    func draw(in canvas: ChartCanvas)
}

extension Chart {
    /// The chart as a PNG file's bytes, `scale` pixels per point (2 for sharp pictures on high-density screens).
    ///
    /// - Throws: ``ChartError`` when `scale` is not in 0.25...8, the picture would pass 100 million pixels, or cairo
    ///   fails.
    public func png(scale: Double = 2) throws(ChartError) -> Data {
        guard scale.isFinite, (0.25...8).contains(scale) else {
            throw ChartError("PNG scale \(scale) must lie in 0.25...8 pixels per point")
        }
        return try CairoOutput.png(size: size, scale: scale) { canvas in draw(in: canvas) }
    }

    /// The chart as an SVG document (text as glyph outlines, so it looks the same everywhere), with the chart's
    /// title and summary as its `<title>` and `<desc>`.
    ///
    /// Element ids carry a prefix drawn from the content, so that several charts can be inlined in one HTML page
    /// without their glyphs and clip paths clashing; the same chart always gives the same text.
    public func svg() throws(ChartError) -> String {
        let document = try CairoOutput.svg(size: size) { canvas in draw(in: canvas) }
        return SVGDocument.finished(document, title: title, description: summary)
    }

    /// Writes the chart to `url` as PNG (`.png`) or SVG (`.svg`), replacing any file there whole (through a
    /// temporary file and a rename), so that a reader never sees half a picture.
    ///
    /// - Throws: ``ChartError`` for another extension, a failed rendering, or a file that cannot be written.
    public func write(to url: URL, scale: Double = 2) throws(ChartError) {
        let data: Data
        switch url.pathExtension.lowercased() {
        case "png": data = try png(scale: scale)
        case "svg": data = Data(try svg().utf8)
        default:
            throw ChartError("cannot tell the format of \(url.path): give it the extension .png or .svg")
        }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw ChartError("cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
