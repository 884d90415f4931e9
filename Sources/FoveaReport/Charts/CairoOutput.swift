import CCairo
import Foundation

/// Renders drawings into cairo surfaces and collects the files cairo streams out of them.
enum CairoOutput {
    /// PNG bytes of a drawing of `size` points on the chart background, at `scale` pixels per point.
    static func png(size: ChartSize, scale: Double, _ draw: (ChartCanvas) -> Void) throws(ChartError) -> Data {
        let width = Int((size.width * scale).rounded(.up)), height = Int((size.height * scale).rounded(.up))
        guard width * height <= 100_000_000 else {
            throw ChartError("a \(width) × \(height) pixel PNG is too large; lower the scale")
        }
        // RGB24: charts are opaque, and the PNG needs no alpha channel.
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw ChartError("cairo could not create a \(width) × \(height) image")
        }
        defer { cairo_surface_destroy(surface) }
        try checkSurface(surface, "creating a \(width) × \(height) image")
        try paint(surface: surface, scale: scale, draw)
        cairo_surface_flush(surface)
        let sink = ByteSink()
        let status = cairo_surface_write_to_png_stream(surface, ByteSink.write, Unmanaged.passUnretained(sink).toOpaque())
        try withExtendedLifetime(sink) { () throws(ChartError) in
            guard status == CAIRO_STATUS_SUCCESS else {
                throw ChartError("cairo failed writing the PNG: \(String(cString: cairo_status_to_string(status)))")
            }
        }
        return sink.data
    }

    /// The SVG document cairo writes for a drawing of `size` points, as cairo wrote it.
    static func svg(size: ChartSize, _ draw: (ChartCanvas) -> Void) throws(ChartError) -> String {
        let sink = ByteSink()
        let text: String = try withExtendedLifetime(sink) { () throws(ChartError) -> String in
            guard let surface = cairo_svg_surface_create_for_stream(
                ByteSink.write, Unmanaged.passUnretained(sink).toOpaque(), size.width, size.height)
            else { throw ChartError("cairo could not create an SVG surface") }
            defer { cairo_surface_destroy(surface) }
            try checkSurface(surface, "creating an SVG surface")
            cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PT)
            try paint(surface: surface, scale: 1, draw)
            // Finishing writes the document out.
            cairo_surface_finish(surface)
            try checkSurface(surface, "writing the SVG")
            guard let text = String(data: sink.data, encoding: .utf8) else {
                throw ChartError("cairo wrote an SVG that is not UTF-8")
            }
            return text
        }
        return text
    }

    /// Paints the background and runs `draw` on a canvas over `surface`.
    private static func paint(
        surface: OpaquePointer, scale: Double, _ draw: (ChartCanvas) -> Void
    ) throws(ChartError) {
        let canvas = try ChartCanvas(surface: surface, scale: scale)
        canvas.paint(Style.background)
        draw(canvas)
        try canvas.check("drawing the chart")
    }

    private static func checkSurface(_ surface: OpaquePointer, _ action: String) throws(ChartError) {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ChartError("cairo failed \(action): \(String(cString: cairo_status_to_string(status)))")
        }
    }
}

/// Collects the bytes cairo streams out; passed to cairo as the closure of ``write``.
private final class ByteSink {
    var data = Data()

    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}
