import CCairo
import Foundation

/// Where a chart draws: a cairo context over a PNG or SVG surface, in points, with the charts' shared look.
/// The render functions of ``Chart`` make one; a chart only draws on it.
public final class ChartCanvas {
    private let context: OpaquePointer
    /// Every string drawn, in order: what the SVG's glyph outlines spell, readable without them.
    private(set) var drawnText: [String] = []

    /// Draws on `surface`, scaled by `scale` device units per point. The canvas does not own the surface.
    init(surface: OpaquePointer, scale: Double) throws(ChartError) {
        guard let context = cairo_create(surface) else { throw ChartError("cairo could not create a context") }
        self.context = context
        try check("creating a drawing context")
        cairo_scale(context, scale, scale)
        // Unhinted metrics: text measures the same at every scale and in SVG, so layouts match across formats.
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_set_font_options(context, options)
            cairo_font_options_destroy(options)
        }
        cairo_set_line_join(context, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(context, CAIRO_LINE_CAP_BUTT)
    }

    deinit {
        cairo_destroy(context)
    }

    /// A canvas over a one-pixel surface, for measuring text before the chart's size is known.
    static func measuring<Result>(_ body: (ChartCanvas) throws(ChartError) -> Result) throws(ChartError) -> Result {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1) else {
            throw ChartError("cairo could not create a surface")
        }
        defer { cairo_surface_destroy(surface) }
        let canvas = try ChartCanvas(surface: surface, scale: 1)
        return try body(canvas)
    }

    /// Throws if cairo has recorded an error on this context.
    func check(_ action: String) throws(ChartError) {
        let status = cairo_status(context)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ChartError("cairo failed \(action): \(String(cString: cairo_status_to_string(status)))")
        }
    }

    // MARK: Shapes

    /// Covers the whole surface, to the last partly covered pixel.
    func paint(_ color: ChartColor) {
        setSource(color)
        cairo_paint(context)
    }

    func fill(_ rect: Rect, _ color: ChartColor, alpha: Double = 1) {
        setSource(color, alpha: alpha)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(context)
    }

    func stroke(_ rect: Rect, _ color: ChartColor, width: Double) {
        setSource(color)
        cairo_set_line_width(context, width)
        cairo_set_dash(context, nil, 0, 0)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_stroke(context)
    }

    /// A line through `points`, optionally dashed (on, off lengths in points).
    func strokeLine(_ points: [Point], _ color: ChartColor, width: Double, dash: [Double] = []) {
        guard let first = points.first else { return }
        setSource(color)
        cairo_set_line_width(context, width)
        cairo_set_dash(context, dash, Int32(dash.count), 0)
        cairo_move_to(context, first.x, first.y)
        for point in points.dropFirst() { cairo_line_to(context, point.x, point.y) }
        cairo_stroke(context)
        cairo_set_dash(context, nil, 0, 0)
    }

    func fillCircle(center: Point, radius: Double, _ color: ChartColor, outline: ChartColor? = nil) {
        cairo_new_sub_path(context)
        cairo_arc(context, center.x, center.y, radius, 0, 2 * Double.pi)
        setSource(color)
        if let outline {
            cairo_fill_preserve(context)
            setSource(outline)
            cairo_set_line_width(context, radius / 2.5)
            cairo_stroke(context)
        } else {
            cairo_fill(context)
        }
    }

    /// Fills `rect` with colours changing from its bottom (`stops` at 0) to its top (at 1).
    func fillVerticalGradient(_ rect: Rect, stops: [ChartColor]) {
        guard let pattern = cairo_pattern_create_linear(0, rect.maxY, 0, rect.minY) else { return }
        defer { cairo_pattern_destroy(pattern) }
        for (index, color) in stops.enumerated() {
            let offset = stops.count > 1 ? Double(index) / Double(stops.count - 1) : 0
            cairo_pattern_add_color_stop_rgb(pattern, offset, color.red, color.green, color.blue)
        }
        cairo_set_source(context, pattern)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_fill(context)
    }

    /// Runs `body` with drawing limited to `rect`.
    func clipped(to rect: Rect, _ body: () -> Void) {
        cairo_save(context)
        cairo_rectangle(context, rect.x, rect.y, rect.width, rect.height)
        cairo_clip(context)
        body()
        cairo_restore(context)
    }

    private func setSource(_ color: ChartColor, alpha: Double = 1) {
        if alpha >= 1 {
            cairo_set_source_rgb(context, color.red, color.green, color.blue)
        } else {
            cairo_set_source_rgba(context, color.red, color.green, color.blue, alpha)
        }
    }

    // MARK: Text

    /// How text sits on its anchor point along its own direction.
    enum HorizontalAlignment { case leading, center, trailing }
    /// How text sits on its anchor point across its own direction: the font's ascent, middle, baseline or descent.
    enum VerticalAlignment { case top, middle, baseline, bottom }

    /// The advance width of `text` and the font's ascent and descent, in points.
    func measure(_ text: String, _ font: Font) -> (width: Double, ascent: Double, descent: Double) {
        select(font)
        var fontExtents = cairo_font_extents_t()
        cairo_font_extents(context, &fontExtents)
        var textExtents = cairo_text_extents_t()
        cairo_text_extents(context, text, &textExtents)
        return (textExtents.x_advance, fontExtents.ascent, fontExtents.descent)
    }

    func width(_ text: String, _ font: Font) -> Double { measure(text, font).width }

    /// The height of a line of `font`: ascent plus descent.
    func lineHeight(_ font: Font) -> Double {
        let extents = measure("", font)
        return extents.ascent + extents.descent
    }

    /// `text`, or as much of it as fits in `width` followed by an ellipsis.
    func truncated(_ text: String, toWidth width: Double, _ font: Font) -> String {
        guard self.width(text, font) > width else { return text }
        var characters = Array(text)
        while !characters.isEmpty {
            characters.removeLast()
            let candidate = String(characters).trimmingCharacters(in: .whitespaces) + "…"
            if self.width(candidate, font) <= width { return candidate }
        }
        return "…"
    }

    /// Draws `text` anchored at `point`, turned by `angle` radians (negative: counter-clockwise, reading upwards).
    func drawText(
        _ text: String, at point: Point, _ font: Font, _ color: ChartColor,
        horizontal: HorizontalAlignment = .leading, vertical: VerticalAlignment = .baseline, angle: Double = 0
    ) {
        guard !text.isEmpty else { return }
        let extents = measure(text, font)
        let dx = switch horizontal {
        case .leading: 0.0
        case .center: -extents.width / 2
        case .trailing: -extents.width
        }
        let dy = switch vertical {
        case .top: extents.ascent
        case .middle: (extents.ascent - extents.descent) / 2
        case .baseline: 0.0
        case .bottom: -extents.descent
        }
        cairo_save(context)
        cairo_translate(context, point.x, point.y)
        cairo_rotate(context, angle)
        setSource(color)
        cairo_move_to(context, dx, dy)
        cairo_show_text(context, text)
        cairo_restore(context)
        drawnText.append(text)
    }

    private func select(_ font: Font) {
        cairo_select_font_face(
            context, Font.family, CAIRO_FONT_SLANT_NORMAL, font.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(context, font.size)
    }
}
