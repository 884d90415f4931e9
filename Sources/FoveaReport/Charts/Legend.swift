/// One line of a legend: a swatch in a series' look and its name.
struct LegendEntry {
    enum Swatch {
        /// A line segment, dashed or not, optionally with a marker in its middle.
        case line(dash: [Double], marker: Bool)
        /// A filled square, for bars and areas.
        case box(alpha: Double)
    }

    var label: String
    var color: ChartColor
    var swatch: Swatch
}

/// A column of legend entries, placed to the right of a plot.
struct Legend {
    static let swatchWidth = 22.0
    static let gap = 6.0
    static let maximumTextWidth = 190.0
    static let font = Style.legendFont

    let entries: [LegendEntry]

    /// The width the legend takes, without the space before it.
    func width(_ canvas: ChartCanvas) -> Double {
        guard !entries.isEmpty else { return 0 }
        let text = entries.map { canvas.width($0.label, Self.font) }.max() ?? 0
        return Self.swatchWidth + Self.gap + Swift.min(text, Self.maximumTextWidth)
    }

    /// Draws the entries downwards from `origin`, as many as fit above `bottom`, then how many were left out.
    func draw(at origin: Point, bottom: Double, _ canvas: ChartCanvas) {
        let lineHeight = canvas.lineHeight(Self.font) + 5
        let fitting = Int((bottom - origin.y) / lineHeight)
        let shown = entries.count <= fitting ? entries.count : Swift.max(fitting - 1, 0)
        for (index, entry) in entries.prefix(shown).enumerated() {
            let middle = origin.y + (Double(index) + 0.5) * lineHeight
            drawSwatch(entry, at: Point(x: origin.x, y: middle), canvas)
            let label = canvas.truncated(entry.label, toWidth: Self.maximumTextWidth, Self.font)
            canvas.drawText(
                label, at: Point(x: origin.x + Self.swatchWidth + Self.gap, y: middle), Self.font, Style.text,
                vertical: .middle)
        }
        if shown < entries.count {
            canvas.drawText(
                "+ \(entries.count - shown) more", at: Point(x: origin.x, y: origin.y + (Double(shown) + 0.5) * lineHeight),
                Self.font, Style.secondaryText, vertical: .middle)
        }
    }

    private func drawSwatch(_ entry: LegendEntry, at left: Point, _ canvas: ChartCanvas) {
        switch entry.swatch {
        case .line(let dash, let marker):
            canvas.strokeLine(
                [left, Point(x: left.x + Self.swatchWidth, y: left.y)], entry.color, width: Style.lineWidth, dash: dash)
            if marker {
                canvas.fillCircle(
                    center: Point(x: left.x + Self.swatchWidth / 2, y: left.y), radius: LineChart.markerRadius,
                    entry.color, outline: Style.background)
            }
        case .box(let alpha):
            let side = 9.0
            canvas.fill(
                Rect(x: left.x + (Self.swatchWidth - side) / 2, y: left.y - side / 2, width: side, height: side),
                entry.color, alpha: alpha)
        }
    }
}
