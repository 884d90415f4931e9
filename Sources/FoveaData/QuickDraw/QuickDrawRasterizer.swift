import CCairo

/// Renders Quick Draw strokes into anti-aliased grayscale bitmaps the way the dataset's `full_numpy_bitmap_*.npy`
/// files were made: cairo, best antialiasing, round caps and joins, white strokes on black, the drawing centred in
/// its 256-unit box and scaled down with padding around it.
///
/// With the defaults (side 28, line width 16, padding 16) a drawing's bitmap matches the published ones.
public struct QuickDrawRasterizer: Sendable, Hashable {
    /// Width and height of the bitmap, in pixels.
    public let side: Int
    /// The pen's width, in drawing units (the 0...255 box).
    public let lineWidth: Double
    /// Blank margin around the box, in drawing units, before the half line width that is added to it.
    public let padding: Double

    /// The dataset's own parameters: 28 × 28 pixels, line width 16, padding 16.
    public static let dataset = QuickDrawRasterizer(checkedSide: 28, lineWidth: 16, padding: 16)

    /// A rasterizer for `side` × `side` bitmaps; `side` must be in 1...4096, `lineWidth` positive, `padding` not negative.
    public init(side: Int = 28, lineWidth: Double = 16, padding: Double = 16) throws(QuickDrawError) {
        guard (1...4096).contains(side) else { throw .invalidParameters("side \(side) is outside 1...4096") }
        guard lineWidth.isFinite, lineWidth > 0 else { throw .invalidParameters("line width \(lineWidth) is not positive") }
        guard padding.isFinite, padding >= 0 else { throw .invalidParameters("padding \(padding) is negative") }
        self.init(checkedSide: side, lineWidth: lineWidth, padding: padding)
    }

    private init(checkedSide side: Int, lineWidth: Double, padding: Double) {
        self.side = side
        self.lineWidth = lineWidth
        self.padding = padding
    }

    /// The bitmap of `strokes`: `side` × `side` bytes, row-major, 0 = background, 255 = ink.
    /// Strokes without points draw nothing; a one-point stroke draws a round dot.
    public func render(_ strokes: [QuickDrawStroke]) throws(QuickDrawError) -> [UInt8] {
        let canvas = try QuickDrawCanvas(self)
        var pixels = [UInt8](repeating: 0, count: side * side)
        pixels.withUnsafeMutableBufferPointer { canvas.draw(strokes, into: $0) }
        return pixels
    }

    /// The bitmap of `drawing`'s strokes (see `render(_:)` for strokes).
    public func render(_ drawing: QuickDrawDrawing) throws(QuickDrawError) -> [UInt8] {
        try render(drawing.strokes)
    }
}

/// One cairo surface and context set up by a rasterizer, reused from drawing to drawing as the recipe does.
final class QuickDrawCanvas {
    private let side: Int
    private let surface: OpaquePointer
    private let context: OpaquePointer

    init(_ rasterizer: QuickDrawRasterizer) throws(QuickDrawError) {
        side = rasterizer.side
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(side), Int32(side)) else {
            throw .cairo("no image surface")
        }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let context = cairo_create(surface) else {
            let status = String(cString: cairo_status_to_string(cairo_surface_status(surface)))
            cairo_surface_destroy(surface)
            throw .cairo(status)
        }
        self.surface = surface
        self.context = context
        guard cairo_status(context) == CAIRO_STATUS_SUCCESS else { throw .cairo(String(cString: cairo_status_to_string(cairo_status(context)))) }
        cairo_set_antialias(context, CAIRO_ANTIALIAS_BEST)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_ROUND)
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_width(context, rasterizer.lineWidth)
        // The 256-unit box plus padding on both sides plus half a line on both sides fills the bitmap.
        let totalPadding = 2 * rasterizer.padding + rasterizer.lineWidth
        let scale = Double(side) / (256 + totalPadding)
        cairo_scale(context, scale, scale)
        cairo_translate(context, totalPadding / 2, totalPadding / 2)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
    }

    /// Paints `strokes` over a black background and copies one channel into `pixels` (`side` × `side`).
    func draw(_ strokes: [QuickDrawStroke], into pixels: UnsafeMutableBufferPointer<UInt8>) {
        cairo_set_source_rgb(context, 0, 0, 0)
        cairo_paint(context)
        let points = strokes.lazy.flatMap(\.points)
        if let maxX = points.map(\.x).max(), let maxY = points.map(\.y).max() {
            // The recipe "centres" by the largest coordinate only, halving what is left of the 256-unit box.
            let offsetX = (256 - Double(maxX)) / 2
            let offsetY = (256 - Double(maxY)) / 2
            cairo_set_source_rgb(context, 1, 1, 1)
            for stroke in strokes {
                guard let first = stroke.points.first else { continue }
                cairo_move_to(context, Double(first.x) + offsetX, Double(first.y) + offsetY)
                // Every point, the first again included, as the published code does: a one-point stroke then has
                // a zero-length segment, which round caps turn into a dot.
                for point in stroke.points {
                    cairo_line_to(context, Double(point.x) + offsetX, Double(point.y) + offsetY)
                }
                cairo_stroke(context)
            }
        }
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return }
        let stride = Int(cairo_image_surface_get_stride(surface))
        let raw = UnsafeRawPointer(data)
        for row in 0..<side {
            for column in 0..<side {
                // A native-endian ARGB32 word; its low byte is blue, equal to the other channels for gray on black.
                let argb = raw.load(fromByteOffset: row * stride + column * 4, as: UInt32.self)
                pixels[row * side + column] = UInt8(truncatingIfNeeded: argb)
            }
        }
    }
}
