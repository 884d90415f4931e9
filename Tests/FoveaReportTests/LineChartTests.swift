import Foundation
import FoveaMetrics
import Testing

@testable import FoveaReport

@Suite("Line charts")
struct LineChartTests {
    @Test("each series is drawn in its palette colour where its data lie, and nothing between")
    func seriesPixels() throws {
        let chart = try LineChart(
            title: "Crossing", x: ChartAxis("x", range: 0...10), y: ChartAxis("y", range: 0...10),
            series: [.init(name: "up", x: [0, 10], y: [0, 10]), .init(name: "down", x: [0, 10], y: [10, 0])])
        let plot = try onMeasuringCanvas { canvas throws(ChartError) in try chart.frame().layout(chart.size, canvas) }.plot
        let png = try RenderedPNG(chart)
        // Data (3, 3) and (3, 7) lie 30 % across and 30 % or 70 % up the plot, by the linear axes' definition;
        // (3, 5) lies between the lines, off every grid line (the ticks are at even numbers).
        let across = plot.minX + 0.3 * plot.width
        let up = png.color(atX: across, y: plot.maxY - 0.3 * plot.height)
        let down = png.color(atX: across, y: plot.maxY - 0.7 * plot.height)
        let between = png.color(atX: across, y: plot.maxY - 0.5 * plot.height)
        #expect(up.isClose(to: Palette.first), "\(up)")
        #expect(down.isClose(to: Palette.second), "\(down)")
        #expect(between == .white, "\(between)")
    }

    @Test("a logarithmic x axis spaces decades evenly")
    func logarithmicAxis() throws {
        // Straight in log(x): y = 5 · (log10(x) + 4).
        let chart = try LineChart(
            title: "Log", x: ChartAxis("rate", scale: .logarithmic, range: 1e-4...1e-2), y: ChartAxis("y", range: 0...10),
            series: [.init(name: "loss", x: [1e-4, 1e-2], y: [0, 10])])
        let layout = try onMeasuringCanvas { canvas throws(ChartError) in try chart.frame().layout(chart.size, canvas) }
        let plot = layout.plot
        #expect(abs(layout.xPosition(1e-3) - plot.midX) < 1e-9)
        let png = try RenderedPNG(chart)
        // x = 5e-3 is log10(5e-3) + 4 = 1.699 of 2 decades across (84.95 %), and the line is at y = 8.495 there.
        let fraction = (log10(5e-3) + 4) / 2
        let pixel = png.color(atX: plot.minX + fraction * plot.width, y: plot.maxY - fraction * plot.height)
        #expect(pixel.isClose(to: Palette.first), "\(pixel)")
    }

    @Test("an emphasised reference line takes the next palette colour; a neutral one is grey")
    func referenceLines() throws {
        let chart = try LineChart(
            title: "Finder", x: ChartAxis("rate", scale: .logarithmic, range: 1e-5...1e-1),
            y: ChartAxis("loss", range: 0...3),
            series: [.init(name: "loss", x: [1e-5, 1e-1], y: [2.5, 2.5])],
            referenceLines: [
                .init(.vertical(x: 3e-3), label: "suggested", emphasized: true),
                .init(.horizontal(y: 1.3)),
            ])
        let layout = try onMeasuringCanvas { canvas throws(ChartError) in try chart.frame().layout(chart.size, canvas) }
        let png = try RenderedPNG(chart)
        let x = layout.xPosition(3e-3), y = layout.yPosition(1.3)
        // Dashed: some pixels along a stretch of each line are in its colour.
        let vertical = png.colors(in: Rect(x: x - 0.25, y: layout.yPosition(2), width: 0.5, height: 20))
        #expect(vertical.contains { $0.isClose(to: Palette.second) })
        let horizontal = png.colors(in: Rect(x: layout.plot.minX + 10, y: y - 0.25, width: 20, height: 0.5))
        #expect(horizontal.contains { $0.isClose(to: RGB(hex: 0x8C8C8C)) })
        // Only the labelled line joins the legend, beside the series.
        let drawn = try drawnText(chart)
        #expect(drawn.contains("suggested") && drawn.contains("loss"))
    }

    @Test("learning curves skip missing epochs; the finder stops at the first non-finite loss")
    func forms() throws {
        let curves = try LineChart.learningCurves(
            title: "Loss", yLabel: "Loss", epochs: [1, 2, 3], series: [("train", [0.9, 0.5, 0.4]), ("valid", [0.7, nil, 0.5])])
        #expect(curves.series[1].x == [1, 3] && curves.series[1].y == [0.7, 0.5])
        #expect(curves.series.allSatisfy { $0.showsMarkers })
        let finder = try LineChart.learningRateFinder(
            rates: [1e-5, 1e-4, 1e-3, 1e-2], losses: [2, 1, .nan, 9], suggestions: [("valley", 1e-4)])
        #expect(finder.series[0].x == [1e-5, 1e-4])
        #expect(finder.referenceLines.first?.label == "valley: 0.0001")
        // The doc example of scikit-learn's roc_auc_score: AUC 0.75.
        let roc = try LineChart.rocCurves([("cat", rocCurve(labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8]))])
        #expect(roc.series[0].name == "cat (AUC 0.750)")
        #expect(roc.series[0].x == [0, 0, 0.5, 0.5, 1] && roc.series[0].y == [0, 0.5, 0.5, 1, 1])
        let pr = try LineChart.precisionRecallCurves([
            ("cat", precisionRecallCurve(labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8])),
        ])
        // scikit-learn's average_precision_score of the same example: 0.8333.
        #expect(pr.series[0].name == "cat (AP 0.833)")
    }

    @Test("a lone point is drawn as a dot")
    func singlePoint() throws {
        let chart = try LineChart(
            title: "One", x: ChartAxis("x", range: 0...2), y: ChartAxis("y", range: 0...2),
            series: [.init(name: "only", x: [1], y: [1])])
        let plot = try onMeasuringCanvas { canvas throws(ChartError) in try chart.frame().layout(chart.size, canvas) }.plot
        #expect(try RenderedPNG(chart).color(atX: plot.midX, y: plot.midY).isClose(to: Palette.first))
    }
}
