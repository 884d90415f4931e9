import Foundation

/// The layout the charts with two axes share: a title on top, a plot area with grid lines, a value axis on the
/// left, a continuous or categorical axis at the bottom, axis labels, and a legend on the right.
struct CartesianFrame {
    /// What the horizontal axis shows.
    enum Horizontal {
        case continuous(AxisScale)
        /// One band per category, labels turned when they do not fit.
        case categories([String])
    }

    var title: String
    var xLabel: String
    var yLabel: String
    var x: Horizontal
    var y: AxisScale
    var legend: Legend

    static let padding = 12.0
    static let tickLength = 4.0
    static let tickGap = 3.0
    static let labelGap = 7.0
    static let legendGap = 16.0
    /// Category labels longer than this are cut short with an ellipsis.
    static let maximumCategoryLabelWidth = 120.0

    /// Where everything goes at one size.
    struct Layout {
        let plot: Rect
        let x: Horizontal
        let y: AxisScale
        let categoryLabels: CategoryLabels?

        /// The horizontal position of `value` on a continuous axis.
        func xPosition(_ value: Double) -> Double {
            guard case .continuous(let scale) = x else { return plot.minX }
            return plot.minX + scale.fraction(value) * plot.width
        }

        func yPosition(_ value: Double) -> Double {
            plot.maxY - y.fraction(value) * plot.height
        }

        func point(_ x: Double, _ y: Double) -> Point {
            Point(x: xPosition(x), y: yPosition(y))
        }

        /// The horizontal extent of category `index`'s band.
        func band(_ index: Int) -> (start: Double, width: Double) {
            guard case .categories(let names) = x, !names.isEmpty else { return (plot.minX, plot.width) }
            let width = plot.width / Double(names.count)
            return (plot.minX + Double(index) * width, width)
        }
    }

    func layout(_ size: ChartSize, _ canvas: ChartCanvas) -> Layout {
        let padding = Self.padding
        let axisFontHeight = canvas.lineHeight(Style.axisLabelFont)
        let tickHeight = canvas.lineHeight(Style.tickFont)
        let top = padding + (title.isEmpty ? 0 : canvas.lineHeight(Style.titleFont) + 10) + 4
        let yTickWidth = y.labels.map { canvas.width($0, Style.tickFont) }.max() ?? 0
        var left = padding + (yLabel.isEmpty ? 0 : axisFontHeight + Self.labelGap) + yTickWidth + Self.tickGap
            + Self.tickLength
        var right = padding + (legend.entries.isEmpty ? 0 : legend.width(canvas) + Self.legendGap)
        var bottom = padding + (xLabel.isEmpty ? 0 : axisFontHeight + Self.labelGap) + Self.tickLength + Self.tickGap
        var categoryLabels: CategoryLabels?
        switch x {
        case .continuous(let scale):
            bottom += tickHeight
            // The outermost tick labels are centred on the plot's edges.
            let halfLast = (scale.labels.last.map { canvas.width($0, Style.tickFont) } ?? 0) / 2
            right = Swift.max(right, padding + halfLast)
            let halfFirst = (scale.labels.first.map { canvas.width($0, Style.tickFont) } ?? 0) / 2
            left = Swift.max(left, padding + halfFirst)
        case .categories(let names):
            let bandWidth = (size.width - left - right) / Double(Swift.max(names.count, 1))
            let labels = CategoryLabels(names, bandWidth: bandWidth, maximumWidth: Self.maximumCategoryLabelWidth, canvas)
            bottom += labels.height
            left = Swift.max(left, padding + labels.leftOverhang - bandWidth / 2)
            categoryLabels = labels
        }
        let plot = Rect(
            x: left, y: top, width: Swift.max(size.width - left - right, 1), height: Swift.max(size.height - top - bottom, 1))
        return Layout(plot: plot, x: x, y: y, categoryLabels: categoryLabels)
    }

    /// Draws the frame around `content`, which draws the data clipped to the plot area.
    func draw(_ layout: Layout, _ size: ChartSize, _ canvas: ChartCanvas, content: () -> Void) {
        let plot = layout.plot
        // Grid first, so that the data lies over it.
        for value in y.ticks {
            let position = layout.yPosition(value)
            canvas.strokeLine(
                [Point(x: plot.minX, y: position), Point(x: plot.maxX, y: position)], Style.grid, width: Style.gridWidth)
        }
        if case .continuous(let scale) = x {
            for value in scale.minorTicks {
                let position = layout.xPosition(value)
                canvas.strokeLine(
                    [Point(x: position, y: plot.minY), Point(x: position, y: plot.maxY)], Style.minorGrid,
                    width: Style.gridWidth)
            }
            for value in scale.ticks {
                let position = layout.xPosition(value)
                canvas.strokeLine(
                    [Point(x: position, y: plot.minY), Point(x: position, y: plot.maxY)], Style.grid,
                    width: Style.gridWidth)
            }
        }
        canvas.clipped(to: plot, content)
        drawAxes(layout, canvas)
        drawLabels(layout, size, canvas)
        if !legend.entries.isEmpty {
            legend.draw(at: Point(x: plot.maxX + Self.legendGap, y: plot.minY), bottom: size.height - Self.padding, canvas)
        }
    }

    private func drawAxes(_ layout: Layout, _ canvas: ChartCanvas) {
        let plot = layout.plot
        let tickStart = plot.maxY + Self.tickLength
        canvas.strokeLine(
            [Point(x: plot.minX, y: plot.minY), Point(x: plot.minX, y: plot.maxY), Point(x: plot.maxX, y: plot.maxY)],
            Style.axis, width: Style.axisWidth)
        for (value, label) in zip(y.ticks, y.labels) {
            let position = layout.yPosition(value)
            canvas.strokeLine(
                [Point(x: plot.minX - Self.tickLength, y: position), Point(x: plot.minX, y: position)], Style.axis,
                width: Style.axisWidth)
            canvas.drawText(
                label, at: Point(x: plot.minX - Self.tickLength - Self.tickGap, y: position), Style.tickFont,
                Style.secondaryText, horizontal: .trailing, vertical: .middle)
        }
        switch x {
        case .continuous(let scale):
            for (value, label) in zip(scale.ticks, scale.labels) {
                let position = layout.xPosition(value)
                canvas.strokeLine(
                    [Point(x: position, y: plot.maxY), Point(x: position, y: tickStart)], Style.axis,
                    width: Style.axisWidth)
                canvas.drawText(
                    label, at: Point(x: position, y: tickStart + Self.tickGap), Style.tickFont, Style.secondaryText,
                    horizontal: .center, vertical: .top)
            }
        case .categories(let names):
            guard let labels = layout.categoryLabels else { return }
            for index in labels.labelled(names.count) {
                let band = layout.band(index)
                let center = band.start + band.width / 2
                canvas.strokeLine(
                    [Point(x: center, y: plot.maxY), Point(x: center, y: tickStart)], Style.axis, width: Style.axisWidth)
                labels.draw(index, at: Point(x: center, y: tickStart + Self.tickGap), canvas)
            }
        }
    }

    private func drawLabels(_ layout: Layout, _ size: ChartSize, _ canvas: ChartCanvas) {
        let plot = layout.plot
        if !title.isEmpty {
            let text = canvas.truncated(title, toWidth: size.width - 2 * Self.padding, Style.titleFont)
            canvas.drawText(
                text, at: Point(x: Self.padding, y: Self.padding), Style.titleFont, Style.text, vertical: .top)
        }
        if !xLabel.isEmpty {
            canvas.drawText(
                canvas.truncated(xLabel, toWidth: plot.width, Style.axisLabelFont),
                at: Point(x: plot.midX, y: size.height - Self.padding), Style.axisLabelFont, Style.text,
                horizontal: .center, vertical: .bottom)
        }
        if !yLabel.isEmpty {
            canvas.drawText(
                canvas.truncated(yLabel, toWidth: plot.height, Style.axisLabelFont),
                at: Point(x: Self.padding, y: plot.midY), Style.axisLabelFont, Style.text, horizontal: .center,
                vertical: .top, angle: -Double.pi / 2)
        }
    }
}
