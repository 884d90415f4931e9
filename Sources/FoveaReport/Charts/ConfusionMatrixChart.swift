import FoveaMetrics

/// A confusion matrix as a heat map: true classes down, predicted classes across, each cell coloured by its share
/// of the true class (the row) and showing its count, with a colour bar. From 2 to a few hundred classes: cells
/// shrink with the class count, counts are left out once they no longer fit, labels shrink and turn.
///
/// ```swift
/// let chart = try ConfusionMatrixChart(classNames: ["cat", "dog"], counts: [[50, 3], [7, 40]])
/// try chart.write(to: URL(fileURLWithPath: "confusion.png"))
/// ```
public struct ConfusionMatrixChart: Chart {
    public let title: String
    public let classNames: [String]
    /// `counts[trueClass][predictedClass]`.
    public let counts: [[Int]]
    public let size: ChartSize

    static let padding = 12.0
    static let labelGap = 5.0
    static let colorBarGap = 14.0
    static let colorBarWidth = 12.0
    static let colorBarTicks = [0.0, 0.25, 0.5, 0.75, 1.0]
    static let colorBarLabel = "Share of true class"
    static let xAxisLabel = "Predicted class"
    static let yAxisLabel = "True class"
    static let maximumLabelWidth = 130.0

    /// - Parameters:
    ///   - counts: `counts[trueClass][predictedClass]`, one row and one column per class.
    ///   - size: nil sizes the chart to the class count (cells of about 44 pt for a few classes, the matrix at most
    ///     760 pt across).
    /// - Throws: ``ChartError`` when there are no classes, the counts are not square with one row per class name,
    ///   a count is negative, or the size is unusable.
    public init(
        classNames: [String], counts: [[Int]], title: String = "Confusion matrix", size: ChartSize? = nil
    ) throws(ChartError) {
        guard !classNames.isEmpty else { throw ChartError("confusion matrix \"\(title)\" has no classes") }
        try Validation.requireSameCount(classNames.count, "class names", counts.count, "rows of counts")
        for (row, values) in counts.enumerated() {
            guard values.count == classNames.count else {
                throw ChartError("row \(row) of the counts has \(values.count) values for \(classNames.count) classes")
            }
            if let column = values.firstIndex(where: { $0 < 0 }) {
                throw ChartError("count [\(row)][\(column)] is \(values[column]): counts cannot be negative")
            }
        }
        self.title = title
        self.classNames = classNames
        self.counts = counts
        if let size {
            self.size = try size.validated()
        } else {
            let side = Swift.min(Swift.max(Double(classNames.count) * 44, 260), 760)
            let cell = side / Double(classNames.count)
            let margins = try ChartCanvas.measuring { canvas throws(ChartError) in
                ConfusionMatrixChart.margins(classNames: classNames, title: title, cell: cell, canvas)
            }
            self.size = try ChartSize(
                width: (margins.left + side + margins.right).rounded(.up),
                height: (margins.top + side + margins.bottom).rounded(.up)
            ).validated()
        }
    }

    /// The chart of `matrix`'s counts.
    /// - Throws: ``ChartError`` as the main initialiser, when the names are not one per class.
    public init(
        _ matrix: ConfusionMatrix, classNames: [String], title: String = "Confusion matrix", size: ChartSize? = nil
    ) throws(ChartError) {
        try self.init(classNames: classNames, counts: matrix.counts, title: title, size: size)
    }

    public var summary: String {
        "Confusion matrix of \(classNames.count) classes (rows: true class, columns: predicted class, colour: share "
            + "of the true class): " + classNames.joined(separator: ", ") + "."
    }

    /// Each cell's count over its row's total; 0 in a row without samples.
    var rowShares: [[Double]] {
        counts.map { row in
            let total = row.reduce(0, +)
            return row.map { total == 0 ? 0 : Double($0) / Double(total) }
        }
    }

    /// The fill of a cell: the chart background when empty, else the ramp at its row share.
    static func fill(count: Int, share: Double) -> ChartColor {
        count == 0 ? Style.background : Style.rampColor(share)
    }

    // MARK: Layout

    /// The space around the matrix, and its class labels, for cells of `cell` points.
    struct Margins {
        var left: Double
        var right: Double
        var top: Double
        var bottom: Double
        var labels: CategoryLabels
    }

    static func margins(classNames: [String], title: String, cell: Double, _ canvas: ChartCanvas) -> Margins {
        let labels = CategoryLabels(classNames, bandWidth: cell, maximumWidth: maximumLabelWidth, canvas)
        let axisHeight = canvas.lineHeight(Style.axisLabelFont)
        let tickWidth = colorBarTicks.map { canvas.width(percent($0), Style.tickFont) }.max() ?? 0
        let left = padding + axisHeight + 7 + labels.widest + labelGap
        return Margins(
            left: Swift.max(left, padding + labels.leftOverhang - cell / 2),
            right: colorBarGap + colorBarWidth + 4 + tickWidth + 8 + axisHeight + padding,
            top: padding + (title.isEmpty ? 0 : canvas.lineHeight(Style.titleFont) + 12),
            bottom: labelGap + labels.height + 7 + axisHeight + padding,
            labels: labels)
    }

    /// Where everything goes at the chart's size.
    struct Layout {
        let matrix: Rect
        let cell: Double
        let margins: Margins
        let countFont: Font?

        func cellRect(row: Int, column: Int) -> Rect {
            Rect(x: matrix.minX + Double(column) * cell, y: matrix.minY + Double(row) * cell, width: cell, height: cell)
        }
    }

    func layout(_ canvas: ChartCanvas) -> Layout {
        let count = Double(classNames.count)
        // The labels depend on the cell size and the cell size on the labels' room: settle them in a few rounds.
        var cell = (size.width - 2 * Self.padding) / count
        var margins = Self.margins(classNames: classNames, title: title, cell: cell, canvas)
        for _ in 0..<4 {
            let side = Swift.min(size.width - margins.left - margins.right, size.height - margins.top - margins.bottom)
            let next = Swift.max(side, count) / count
            if Swift.abs(next - cell) < 0.01 { break }
            cell = next
            margins = Self.margins(classNames: classNames, title: title, cell: cell, canvas)
        }
        let side = cell * count
        // Centre the matrix and its colour bar in the room left over.
        let spare = Swift.max(0, size.width - margins.left - margins.right - side)
        let matrix = Rect(x: margins.left + spare / 2, y: margins.top, width: side, height: side)
        return Layout(matrix: matrix, cell: cell, margins: margins, countFont: countFont(cell: cell, canvas))
    }

    /// The font of the counts, or nil when they cannot be read in cells this small.
    private func countFont(cell: Double, _ canvas: ChartCanvas) -> Font? {
        var font = Font(size: Swift.min(10, cell * 0.36))
        // DejaVu Sans's digits share one width, so the count with the most digits is the widest.
        let widest = canvas.width(String(counts.joined().max() ?? 0), font)
        if widest > cell * 0.86 { font = font.resized(font.size * cell * 0.86 / widest) }
        return font.size >= 5 ? font : nil
    }

    static func percent(_ value: Double) -> String {
        "\(Int((value * 100).rounded()))%"
    }

    // MARK: Drawing

    public func draw(in canvas: ChartCanvas) {
        let layout = layout(canvas)
        let shares = rowShares
        for row in counts.indices {
            for column in counts[row].indices {
                let count = counts[row][column]
                // Empty cells keep the background: nothing to draw, and large sparse matrices stay small in SVG.
                guard count > 0 else { continue }
                let rect = layout.cellRect(row: row, column: column)
                let fill = Self.fill(count: count, share: shares[row][column])
                canvas.fill(rect, fill)
                if let font = layout.countFont {
                    canvas.drawText(
                        String(count), at: rect.center, font, Style.textColor(on: fill), horizontal: .center,
                        vertical: .middle)
                }
            }
        }
        drawCellLines(layout, canvas)
        drawLabels(layout, canvas)
        drawColorBar(layout, canvas)
        if !title.isEmpty {
            canvas.drawText(
                canvas.truncated(title, toWidth: size.width - 2 * Self.padding, Style.titleFont),
                at: Point(x: Self.padding, y: Self.padding), Style.titleFont, Style.text, vertical: .top)
        }
    }

    private func drawCellLines(_ layout: Layout, _ canvas: ChartCanvas) {
        let matrix = layout.matrix
        if layout.cell >= 6 {
            for index in 1..<classNames.count {
                let offset = Double(index) * layout.cell
                canvas.strokeLine(
                    [Point(x: matrix.minX + offset, y: matrix.minY), Point(x: matrix.minX + offset, y: matrix.maxY)],
                    Style.grid, width: 0.5)
                canvas.strokeLine(
                    [Point(x: matrix.minX, y: matrix.minY + offset), Point(x: matrix.maxX, y: matrix.minY + offset)],
                    Style.grid, width: 0.5)
            }
        }
        canvas.stroke(matrix, Style.axis, width: Style.axisWidth)
    }

    private func drawLabels(_ layout: Layout, _ canvas: ChartCanvas) {
        let matrix = layout.matrix, labels = layout.margins.labels
        for index in labels.labelled(classNames.count) {
            let center = (Double(index) + 0.5) * layout.cell
            canvas.drawText(
                labels.texts[index], at: Point(x: matrix.minX - Self.labelGap, y: matrix.minY + center), labels.font,
                Style.secondaryText, horizontal: .trailing, vertical: .middle)
            labels.draw(index, at: Point(x: matrix.minX + center, y: matrix.maxY + Self.labelGap), canvas)
        }
        canvas.drawText(
            Self.xAxisLabel, at: Point(x: matrix.midX, y: size.height - Self.padding), Style.axisLabelFont, Style.text,
            horizontal: .center, vertical: .bottom)
        canvas.drawText(
            Self.yAxisLabel, at: Point(x: Self.padding, y: matrix.midY), Style.axisLabelFont, Style.text,
            horizontal: .center, vertical: .top, angle: -Double.pi / 2)
    }

    private func drawColorBar(_ layout: Layout, _ canvas: ChartCanvas) {
        let matrix = layout.matrix
        let bar = Rect(
            x: matrix.maxX + Self.colorBarGap, y: matrix.minY, width: Self.colorBarWidth, height: matrix.height)
        canvas.fillVerticalGradient(bar, stops: Style.ramp)
        canvas.stroke(bar, Style.axis, width: 0.5)
        var labelRight = bar.maxX
        for value in Self.colorBarTicks {
            let y = bar.maxY - value * bar.height
            canvas.strokeLine([Point(x: bar.maxX, y: y), Point(x: bar.maxX + 3, y: y)], Style.axis, width: Style.axisWidth)
            let label = Self.percent(value)
            canvas.drawText(
                label, at: Point(x: bar.maxX + 5, y: y), Style.tickFont, Style.secondaryText, vertical: .middle)
            labelRight = Swift.max(labelRight, bar.maxX + 5 + canvas.width(label, Style.tickFont))
        }
        canvas.drawText(
            Self.colorBarLabel, at: Point(x: labelRight + 8, y: bar.midY), Style.axisLabelFont, Style.text,
            horizontal: .center, vertical: .top, angle: -Double.pi / 2)
    }
}
