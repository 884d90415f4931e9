/// Named series of (x, y) points joined by lines, with optional reference lines: learning curves, the
/// learning-rate finder's loss over a logarithmic rate axis, ROC and precision–recall curves.
///
/// ```swift
/// let chart = try LineChart(
///     title: "Loss", x: ChartAxis("Epoch", integerTicks: true), y: ChartAxis("Loss"),
///     series: [.init(name: "train", x: [1, 2, 3], y: [0.9, 0.5, 0.4], showsMarkers: true),
///              .init(name: "valid", x: [1, 2, 3], y: [0.7, 0.55, 0.5], showsMarkers: true)])
/// try chart.write(to: URL(fileURLWithPath: "loss.svg"))
/// ```
public struct LineChart: Chart {
    /// One named line.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// Dots at the points, for short series such as a few epochs.
        public var showsMarkers: Bool

        public init(name: String, x: [Double], y: [Double], showsMarkers: Bool = false) {
            self.name = name
            self.x = x
            self.y = y
            self.showsMarkers = showsMarkers
        }
    }

    /// A dashed line that marks a value rather than data: a suggested learning rate, the chance diagonal.
    public struct ReferenceLine: Sendable, Equatable {
        public enum Position: Sendable, Equatable {
            /// Across the plot at one x.
            case vertical(x: Double)
            /// Across the plot at one y.
            case horizontal(y: Double)
            /// Straight from one point to another.
            case segment(fromX: Double, fromY: Double, toX: Double, toY: Double)
        }

        public var position: Position
        /// Its legend entry; nil leaves it out of the legend.
        public var label: String?
        /// Drawn in a palette colour of its own (a suggestion) rather than neutral grey (a baseline).
        public var emphasized: Bool

        public init(_ position: Position, label: String? = nil, emphasized: Bool = false) {
            self.position = position
            self.label = label
            self.emphasized = emphasized
        }
    }

    public let title: String
    public let x: ChartAxis
    public let y: ChartAxis
    public let series: [Series]
    public let referenceLines: [ReferenceLine]
    public let size: ChartSize

    static let markerRadius = 2.6

    /// - Throws: ``ChartError`` when there is no series, a series has no points or x and y of different lengths, a
    ///   value is NaN or infinite, a logarithmic axis meets a value that is not positive, or a range or the size
    ///   is unusable.
    public init(
        title: String, x: ChartAxis, y: ChartAxis, series: [Series], referenceLines: [ReferenceLine] = [],
        size: ChartSize = ChartSize(width: 560, height: 360)
    ) throws(ChartError) {
        guard !series.isEmpty else { throw ChartError("line chart \"\(title)\" has no series") }
        for line in series {
            guard !line.x.isEmpty else { throw ChartError("series \(line.name) has no points") }
            try Validation.requireSameCount(line.x.count, "x values", line.y.count, "y values in series \(line.name)")
            try Validation.requireFinite(line.x, "series \(line.name) x")
            try Validation.requireFinite(line.y, "series \(line.name) y")
        }
        for reference in referenceLines {
            let (xs, ys) = reference.coordinates
            try Validation.requireFinite(xs, "reference line x")
            try Validation.requireFinite(ys, "reference line y")
        }
        self.title = title
        self.x = x
        self.y = y
        self.series = series
        self.referenceLines = referenceLines
        self.size = try size.validated()
        _ = try scales()
    }

    public var summary: String {
        let names = series.map(\.name).joined(separator: ", ")
        let references = referenceLines.compactMap(\.label)
        return "Line chart of \(y.label) against \(x.label)\(x.scale == .logarithmic ? " (logarithmic)" : ""): "
            + "\(names)" + (references.isEmpty ? "." : "; marked: \(references.joined(separator: ", ")).")
    }

    /// The axes resolved against the data; checks that logarithmic axes see only positive values.
    func scales() throws(ChartError) -> (x: AxisScale, y: AxisScale) {
        let referenceXs = referenceLines.flatMap { $0.coordinates.x }
        let referenceYs = referenceLines.flatMap { $0.coordinates.y }
        let xs = series.flatMap(\.x), ys = series.flatMap(\.y)
        for (axis, values, name) in [(x, xs + referenceXs, "x"), (y, ys + referenceYs, "y")]
        where axis.scale == .logarithmic {
            if let bad = values.first(where: { $0 <= 0 }) {
                throw ChartError("the \(name) axis \"\(axis.label)\" is logarithmic but holds \(bad), not positive")
            }
        }
        // Reference lines mark values among the data's, so only the data sets an automatic range.
        return (
            try AxisScale.resolve(x, data: xs, name: "x axis \"\(x.label)\""),
            try AxisScale.resolve(y, data: ys, name: "y axis \"\(y.label)\"")
        )
    }

    func frame() throws(ChartError) -> CartesianFrame {
        let (xScale, yScale) = try scales()
        var entries = series.enumerated().map { index, line in
            let look = Style.seriesLook(index)
            return LegendEntry(label: line.name, color: look.color, swatch: .line(dash: look.dash, marker: line.showsMarkers))
        }
        for (reference, color) in zip(referenceLines, referenceColors) {
            guard let label = reference.label else { continue }
            entries.append(LegendEntry(label: label, color: color, swatch: .line(dash: Style.referenceDash, marker: false)))
        }
        // One series needs no legend: the axis label names it.
        if series.count == 1, referenceLines.allSatisfy({ $0.label == nil }) { entries = [] }
        return CartesianFrame(
            title: title, xLabel: x.label, yLabel: y.label, x: .continuous(xScale), y: yScale, legend: Legend(entries: entries))
    }

    /// Emphasised reference lines take the palette colours after the series'.
    private var referenceColors: [ChartColor] {
        var next = series.count
        return referenceLines.map { reference in
            guard reference.emphasized else { return Style.neutral }
            defer { next += 1 }
            return Style.seriesLook(next).color
        }
    }

    public func draw(in canvas: ChartCanvas) {
        // The initialiser has resolved the axes once already; they cannot fail now.
        guard let frame = try? frame() else { return }
        let layout = frame.layout(size, canvas)
        let plot = layout.plot
        frame.draw(layout, size, canvas) {
            for (reference, color) in zip(referenceLines, referenceColors) {
                let ends: [Point] = switch reference.position {
                case .vertical(let value):
                    [Point(x: layout.xPosition(value), y: plot.minY), Point(x: layout.xPosition(value), y: plot.maxY)]
                case .horizontal(let value):
                    [Point(x: plot.minX, y: layout.yPosition(value)), Point(x: plot.maxX, y: layout.yPosition(value))]
                case .segment(let fromX, let fromY, let toX, let toY):
                    [layout.point(fromX, fromY), layout.point(toX, toY)]
                }
                canvas.strokeLine(ends, color, width: 1.2, dash: Style.referenceDash)
            }
            for (index, line) in series.enumerated() {
                let look = Style.seriesLook(index)
                let points = zip(line.x, line.y).map { layout.point($0, $1) }
                canvas.strokeLine(points, look.color, width: Style.lineWidth, dash: look.dash)
                if line.showsMarkers || points.count == 1 {
                    for point in points {
                        canvas.fillCircle(center: point, radius: Self.markerRadius, look.color, outline: Style.background)
                    }
                }
            }
        }
    }
}

extension LineChart.ReferenceLine {
    /// The data coordinates it pins, for validation and the logarithmic check.
    var coordinates: (x: [Double], y: [Double]) {
        switch position {
        case .vertical(let x): ([x], [])
        case .horizontal(let y): ([], [y])
        case .segment(let fromX, let fromY, let toX, let toY): ([fromX, toX], [fromY, toY])
        }
    }
}
