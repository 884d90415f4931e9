/// Values per category as bars, grouped when there are several series: precision, recall and F1 per class, or
/// one score per class.
///
/// ```swift
/// let chart = try BarChart(
///     title: "Per-class scores", categories: ["cat", "dog", "bird"],
///     series: [.init(name: "Precision", values: [0.9, 0.8, 0.7]), .init(name: "Recall", values: [0.85, 0.9, 0.6])],
///     valueAxis: ChartAxis("Score", range: 0...1))
/// ```
public struct BarChart: Chart {
    /// One value per category, in one colour.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public let title: String
    public let categories: [String]
    public let series: [Series]
    public let valueAxis: ChartAxis
    public let categoryLabel: String
    public let size: ChartSize

    /// - Parameters:
    ///   - valueAxis: linear; without a range it spans 0 and every value.
    ///   - size: nil widens the chart with the number of bars.
    /// - Throws: ``ChartError`` when there are no categories or series, a series has not one value per category,
    ///   a value is NaN or infinite, the value axis is logarithmic, or the size or range is unusable.
    public init(
        title: String, categories: [String], series: [Series], valueAxis: ChartAxis = ChartAxis("Value"),
        categoryLabel: String = "Class", size: ChartSize? = nil
    ) throws(ChartError) {
        guard !categories.isEmpty else { throw ChartError("bar chart \"\(title)\" has no categories") }
        guard !series.isEmpty else { throw ChartError("bar chart \"\(title)\" has no series") }
        for bars in series {
            guard bars.values.count == categories.count else {
                throw ChartError("series \(bars.name): \(bars.values.count) values for \(categories.count) categories")
            }
            try Validation.requireFinite(bars.values, "series \(bars.name)")
        }
        guard valueAxis.scale == .linear else {
            throw ChartError("bar chart \"\(title)\": bars need a linear value axis, as their length is their value")
        }
        self.title = title
        self.categories = categories
        self.series = series
        self.valueAxis = valueAxis
        self.categoryLabel = categoryLabel
        let bars = Double(categories.count * (series.count + 1))
        self.size = try (size ?? ChartSize(width: Swift.min(Swift.max(420, 200 + bars * 9), 1600), height: 360)).validated()
        _ = try valueScale()
    }

    public var summary: String {
        "Bar chart of \(series.map(\.name).joined(separator: ", ")) for \(categories.count) categories: "
            + categories.joined(separator: ", ") + "."
    }

    /// The value axis; bars grow from zero, so an automatic range includes it.
    func valueScale() throws(ChartError) -> AxisScale {
        try AxisScale.resolve(valueAxis, data: series.flatMap(\.values) + [0], name: "value axis \"\(valueAxis.label)\"")
    }

    func frame() throws(ChartError) -> CartesianFrame {
        let entries = series.count == 1 ? [] : series.indices.map { index in
            LegendEntry(label: series[index].name, color: Style.seriesLook(index).color, swatch: .box(alpha: 1))
        }
        return CartesianFrame(
            title: title, xLabel: categoryLabel, yLabel: valueAxis.label, x: .categories(categories),
            y: try valueScale(), legend: Legend(entries: entries))
    }

    /// The rectangle of series `seriesIndex`'s bar for category `category`.
    func bar(_ seriesIndex: Int, _ category: Int, _ layout: CartesianFrame.Layout) -> Rect {
        let band = layout.band(category)
        let groupWidth = band.width * (series.count == 1 ? 0.7 : 0.8)
        let barWidth = groupWidth / Double(series.count)
        let start = band.start + (band.width - groupWidth) / 2 + Double(seriesIndex) * barWidth
        let domain = layout.y.domain
        let zero = layout.yPosition(Swift.min(Swift.max(0, domain.lowerBound), domain.upperBound))
        let end = layout.yPosition(series[seriesIndex].values[category])
        return Rect(x: start, y: Swift.min(zero, end), width: barWidth, height: Swift.abs(end - zero))
    }

    public func draw(in canvas: ChartCanvas) {
        // The initialiser has resolved the value axis once already; it cannot fail now.
        guard let frame = try? frame() else { return }
        let layout = frame.layout(size, canvas)
        frame.draw(layout, size, canvas) {
            for seriesIndex in series.indices {
                let color = Style.seriesLook(seriesIndex).color
                for category in categories.indices {
                    var rect = bar(seriesIndex, category, layout)
                    // A hairline between neighbouring bars keeps them apart while they are wide enough.
                    if rect.width > 4 { rect.width -= 0.8 }
                    canvas.fill(rect, color)
                }
            }
            // Bars end on the zero line, drawn over them when zero lies inside the range.
            if layout.y.domain.contains(0), layout.y.domain.lowerBound < 0 {
                let zero = layout.yPosition(0)
                canvas.strokeLine(
                    [Point(x: layout.plot.minX, y: zero), Point(x: layout.plot.maxX, y: zero)], Style.axis,
                    width: Style.axisWidth)
            }
        }
    }
}
