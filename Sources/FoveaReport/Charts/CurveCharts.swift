import Foundation
import FoveaMetrics

/// The line charts a training report shows, with their axes and labels set up.
extension LineChart {
    /// Probability-like axes with a little room, so that lines along 0 and 1 are not cut in half by the edges.
    private static let unitRange = -0.02...1.02

    /// Per-epoch curves (training and validation loss, or accuracy), with a marker at every epoch.
    ///
    /// ```swift
    /// try LineChart.learningCurves(
    ///     title: "Loss", yLabel: "Loss", epochs: [1, 2, 3],
    ///     series: [("train", [0.9, 0.5, 0.4]), ("valid", [0.7, nil, 0.5])])
    /// ```
    /// - Parameter series: one value per epoch; nil where there is none (an epoch without validation).
    /// - Throws: ``ChartError`` when a series has not one value per epoch, a value is NaN or infinite, or a series
    ///   has no values at all.
    public static func learningCurves(
        title: String, yLabel: String, epochs: [Int], series: [(name: String, values: [Double?])],
        yRange: ClosedRange<Double>? = nil, size: ChartSize = ChartSize(width: 560, height: 360)
    ) throws(ChartError) -> LineChart {
        var lines: [Series] = []
        for (name, values) in series {
            try Validation.requireSameCount(epochs.count, "epochs", values.count, "values in series \(name)")
            let present = zip(epochs, values).compactMap { epoch, value in value.map { (Double(epoch), $0) } }
            lines.append(Series(name: name, x: present.map(\.0), y: present.map(\.1), showsMarkers: true))
        }
        return try LineChart(
            title: title, x: ChartAxis("Epoch", integerTicks: true), y: ChartAxis(yLabel, range: yRange),
            series: lines, size: size)
    }

    /// The learning-rate finder's loss against the rate on a logarithmic axis, with the suggested rates marked.
    ///
    /// - Parameters:
    ///   - losses: one per rate; the sweep stops at divergence, so points from the first non-finite loss on are
    ///     left out.
    ///   - suggestions: named rates, drawn as lines and listed with their values in the legend.
    ///   - lossRange: nil runs from the lowest loss to twice the first (or the highest, if lower), so that the
    ///     climb at the end does not flatten the part that matters.
    /// - Throws: ``ChartError`` when the lengths differ, no loss before the first non-finite one remains, a rate is
    ///   not positive and finite, or a suggestion is not.
    public static func learningRateFinder(
        rates: [Double], losses: [Double], suggestions: [(name: String, rate: Double)] = [],
        lossRange: ClosedRange<Double>? = nil, title: String = "Learning-rate finder",
        size: ChartSize = ChartSize(width: 560, height: 360)
    ) throws(ChartError) -> LineChart {
        try Validation.requireSameCount(rates.count, "rates", losses.count, "losses")
        let end = losses.firstIndex { !$0.isFinite } ?? losses.count
        var range = lossRange
        if range == nil, let first = losses.first, let lowest = losses[..<end].min(), let highest = losses[..<end].max(),
           first.isFinite, first > 0, lowest < Swift.min(highest, 2 * first) {
            range = AxisScale.linearScale(lowest...Swift.min(highest, 2 * first), widened: true).domain
        }
        let references = suggestions.map { name, rate in
            ReferenceLine(.vertical(x: rate), label: "\(name): " + String(format: "%.2g", rate), emphasized: true)
        }
        return try LineChart(
            title: title, x: ChartAxis("Learning rate", scale: .logarithmic), y: ChartAxis("Loss", range: range),
            series: [Series(name: "Loss", x: Array(rates[..<end]), y: Array(losses[..<end]))],
            referenceLines: references, size: size)
    }

    /// ROC curves (one per class against the rest, say) with their areas in the legend, over the chance diagonal.
    ///
    /// ```swift
    /// let curves = try (0..<classCount).map { ("class \($0)", try rocCurve(labels: labels, scores: column($0), positiveLabel: $0)) }
    /// try LineChart.rocCurves(curves).write(to: URL(fileURLWithPath: "roc.svg"))
    /// ```
    /// - Throws: ``ChartError`` when there are no curves.
    public static func rocCurves(
        _ curves: [(name: String, curve: ROCCurve)], title: String = "ROC curves",
        size: ChartSize = ChartSize(width: 600, height: 420)
    ) throws(ChartError) -> LineChart {
        try LineChart(
            title: title, x: ChartAxis("False-positive rate", range: unitRange),
            y: ChartAxis("True-positive rate", range: unitRange),
            series: curves.map { name, curve in
                Series(
                    name: "\(name) " + String(format: "(AUC %.3f)", curve.area), x: curve.falsePositiveRates,
                    y: curve.truePositiveRates)
            },
            referenceLines: [ReferenceLine(.segment(fromX: 0, fromY: 0, toX: 1, toY: 1), label: "Chance (AUC 0.5)")],
            size: size)
    }

    /// Precision–recall curves with their average precision in the legend.
    ///
    /// - Throws: ``ChartError`` when there are no curves.
    public static func precisionRecallCurves(
        _ curves: [(name: String, curve: PrecisionRecallCurve)], title: String = "Precision–recall curves",
        size: ChartSize = ChartSize(width: 600, height: 420)
    ) throws(ChartError) -> LineChart {
        try LineChart(
            title: title, x: ChartAxis("Recall", range: unitRange), y: ChartAxis("Precision", range: unitRange),
            series: curves.map { name, curve in
                Series(
                    name: "\(name) " + String(format: "(AP %.3f)", curve.averagePrecision), x: curve.recalls,
                    y: curve.precisions)
            },
            size: size)
    }
}
