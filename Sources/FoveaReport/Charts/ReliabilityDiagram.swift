import Foundation
import FoveaMetrics

/// How well confidence matches accuracy: per confidence bin, the accuracy as a bar and the bin's mean confidence
/// as a mark across it, beside the diagonal of perfect calibration, with each bin's sample count above it and the
/// expected calibration error in the title.
///
/// ```swift
/// let calibration = try Calibration(labels: labels, probabilities: probabilities, binCount: 10)
/// try ReliabilityDiagram(calibration).write(to: URL(fileURLWithPath: "reliability.png"))
/// ```
public struct ReliabilityDiagram: Chart {
    /// One confidence interval and what happened in it.
    public struct Bin: Sendable, Equatable {
        public var lowerBound: Double
        public var upperBound: Double
        public var count: Int
        /// The fraction of the bin's samples predicted correctly.
        public var accuracy: Double
        public var meanConfidence: Double

        public init(lowerBound: Double, upperBound: Double, count: Int, accuracy: Double, meanConfidence: Double) {
            self.lowerBound = lowerBound
            self.upperBound = upperBound
            self.count = count
            self.accuracy = accuracy
            self.meanConfidence = meanConfidence
        }
    }

    public let bins: [Bin]
    public let expectedCalibrationError: Double
    /// The title as given, without the calibration error that ``title`` adds.
    public let baseTitle: String
    public let size: ChartSize

    static let accuracyLabel = "Accuracy"
    static let confidenceLabel = "Mean confidence"
    static let diagonalLabel = "Perfect calibration"

    /// - Throws: ``ChartError`` when there are no bins, a bound, accuracy or confidence lies outside [0, 1] or is
    ///   not finite, a bin is empty of width or overlaps the one before, a count is negative, or the error is not
    ///   a finite non-negative number.
    public init(
        bins: [Bin], expectedCalibrationError: Double, title: String = "Reliability diagram",
        size: ChartSize = ChartSize(width: 520, height: 400)
    ) throws(ChartError) {
        guard !bins.isEmpty else { throw ChartError("reliability diagram \"\(title)\" has no bins") }
        var previousUpper = 0.0
        for (index, bin) in bins.enumerated() {
            let values = [bin.lowerBound, bin.upperBound, bin.accuracy, bin.meanConfidence]
            guard values.allSatisfy({ $0.isFinite && (0...1).contains($0) }) else {
                throw ChartError("bin \(index): bounds, accuracy and mean confidence must lie in [0, 1], got \(values)")
            }
            guard bin.lowerBound < bin.upperBound, bin.lowerBound >= previousUpper - 1e-12 else {
                throw ChartError(
                    "bin \(index) (\(bin.lowerBound), \(bin.upperBound)]: bins must be ascending, apart and not empty")
            }
            guard bin.count >= 0 else { throw ChartError("bin \(index) has a negative count \(bin.count)") }
            previousUpper = bin.upperBound
        }
        guard expectedCalibrationError.isFinite, expectedCalibrationError >= 0 else {
            throw ChartError("the expected calibration error \(expectedCalibrationError) must be finite and not negative")
        }
        self.bins = bins
        self.expectedCalibrationError = expectedCalibrationError
        baseTitle = title
        self.size = try size.validated()
    }

    /// The diagram of a ``Calibration`` computed by FoveaMetrics.
    public init(
        _ calibration: Calibration, title: String = "Reliability diagram",
        size: ChartSize = ChartSize(width: 520, height: 400)
    ) throws(ChartError) {
        try self.init(
            bins: calibration.bins.map {
                Bin(
                    lowerBound: $0.lowerBound, upperBound: $0.upperBound, count: $0.count, accuracy: $0.accuracy,
                    meanConfidence: $0.meanConfidence)
            },
            expectedCalibrationError: calibration.expectedCalibrationError, title: title, size: size)
    }

    /// The title with the expected calibration error.
    public var title: String {
        (baseTitle.isEmpty ? "" : baseTitle + " · ") + String(format: "ECE %.4f", expectedCalibrationError)
    }

    public var summary: String {
        let filled = bins.filter { $0.count > 0 }
        return "Reliability diagram over \(bins.count) confidence bins (\(filled.count) with samples, "
            + "\(bins.reduce(0) { $0 + $1.count }) samples in all): accuracy per bin against mean confidence; "
            + String(format: "expected calibration error %.4f.", expectedCalibrationError)
    }

    func frame() -> CartesianFrame {
        // Room above 1 for the counts over the highest bars; the ticks still end at 1.
        return CartesianFrame(
            title: title, xLabel: "Confidence", yLabel: "Accuracy", x: .continuous(AxisScale.linearScale(0...1)),
            y: AxisScale.linearScale(0...1.08),
            legend: Legend(entries: [
                LegendEntry(label: Self.accuracyLabel, color: Style.series[0], swatch: .box(alpha: 1)),
                LegendEntry(label: Self.confidenceLabel, color: Style.series[1], swatch: .line(dash: [], marker: false)),
                LegendEntry(label: Self.diagonalLabel, color: Style.neutral, swatch: .line(dash: Style.referenceDash, marker: false)),
            ]))
    }

    /// The rectangle of `bin`'s accuracy bar.
    func bar(_ bin: Bin, _ layout: CartesianFrame.Layout) -> Rect {
        let left = layout.xPosition(bin.lowerBound), right = layout.xPosition(bin.upperBound)
        let top = layout.yPosition(bin.accuracy)
        return Rect(x: left, y: top, width: right - left, height: layout.plot.maxY - top)
    }

    public func draw(in canvas: ChartCanvas) {
        let frame = frame()
        let layout = frame.layout(size, canvas)
        frame.draw(layout, size, canvas) {
            for bin in bins where bin.count > 0 {
                var rect = bar(bin, layout)
                rect.x += 0.5
                rect.width = Swift.max(rect.width - 1, 0.5)
                canvas.fill(rect, Style.series[0])
                let confidence = layout.yPosition(bin.meanConfidence)
                canvas.strokeLine(
                    [Point(x: rect.minX, y: confidence), Point(x: rect.maxX, y: confidence)], Style.series[1],
                    width: Style.lineWidth)
            }
            canvas.strokeLine(
                [layout.point(0, 0), layout.point(1, 1)], Style.neutral, width: 1.2, dash: Style.referenceDash)
        }
        drawCounts(layout, canvas)
    }

    /// Each filled bin's count just above its bar and confidence mark, turned upright when the bin is narrow.
    private func drawCounts(_ layout: CartesianFrame.Layout, _ canvas: ChartCanvas) {
        let font = Style.annotationFont
        for bin in bins where bin.count > 0 {
            let rect = bar(bin, layout)
            let top = Swift.min(rect.minY, layout.yPosition(bin.meanConfidence)) - 3
            let text = String(bin.count)
            if canvas.width(text, font) <= rect.width - 2 {
                canvas.drawText(text, at: Point(x: rect.midX, y: top), font, Style.secondaryText, horizontal: .center, vertical: .bottom)
            } else {
                canvas.drawText(
                    text, at: Point(x: rect.midX, y: top), font, Style.secondaryText, horizontal: .leading,
                    vertical: .middle, angle: -Double.pi / 2)
            }
        }
    }
}
