import Foundation
import FoveaMetrics
import Testing

@testable import FoveaReport

@Suite("Bar charts and reliability diagrams")
struct BarAndReliabilityTests {
    @Test("bars rise from zero to their value, side by side in series order")
    func barHeights() throws {
        let chart = try BarChart(
            title: "Scores", categories: ["cat", "dog"],
            series: [.init(name: "Precision", values: [0.5, 0.9]), .init(name: "Recall", values: [0.25, 0.7])],
            valueAxis: ChartAxis("Score", range: 0...1))
        let layout = try onMeasuringCanvas { canvas throws(ChartError) in try chart.frame().layout(chart.size, canvas) }
        let plot = layout.plot
        let png = try RenderedPNG(chart)
        for (series, color) in [(0, Palette.first), (1, Palette.second)] {
            for category in 0..<2 {
                let bar = chart.bar(series, category, layout)
                let value = chart.series[series].values[category]
                // On a 0...1 axis the top lies `value` of the plot's height above its bottom.
                #expect(abs(bar.minY - (plot.maxY - value * plot.height)) < 1e-9)
                #expect(abs(bar.maxY - plot.maxY) < 1e-9)
                #expect(png.color(atX: bar.midX, y: bar.minY + 1.5).isClose(to: color))
                #expect(png.color(atX: bar.midX, y: bar.midY).isClose(to: color))
                let above = png.color(atX: bar.midX, y: bar.minY - 1.5)
                #expect(!above.isClose(to: color, tolerance: 40), "above bar \(series), \(category): \(above)")
            }
        }
        // Within a category the first series is on the left.
        #expect(chart.bar(0, 0, layout).maxX <= chart.bar(1, 0, layout).minX + 1e-9)
        #expect(try drawnText(chart).contains("Precision"))
    }

    @Test("negative values hang below a zero line; the automatic range holds zero and every value")
    func negativeBars() throws {
        let chart = try BarChart(title: "Change", categories: ["a", "b"], series: [.init(name: "Δ", values: [-0.3, 0.6])])
        let layout = try onMeasuringCanvas { canvas throws(ChartError) in try chart.frame().layout(chart.size, canvas) }
        #expect(layout.y.domain.contains(-0.3) && layout.y.domain.contains(0.6))
        let down = chart.bar(0, 0, layout)
        #expect(abs(down.minY - layout.yPosition(0)) < 1e-9 && abs(down.maxY - layout.yPosition(-0.3)) < 1e-9)
    }

    /// Two bins by hand: ECE = (10/30)·|0.3 − 0.4| + (20/30)·|0.9 − 0.8| = 0.1.
    static let bins = [
        ReliabilityDiagram.Bin(lowerBound: 0, upperBound: 0.5, count: 10, accuracy: 0.3, meanConfidence: 0.4),
        ReliabilityDiagram.Bin(lowerBound: 0.5, upperBound: 1, count: 20, accuracy: 0.9, meanConfidence: 0.8),
    ]

    @Test("accuracy bars, confidence marks and the ECE in the title")
    func reliability() throws {
        let chart = try ReliabilityDiagram(bins: Self.bins, expectedCalibrationError: 0.1)
        #expect(chart.title == "Reliability diagram · ECE 0.1000")
        let layout = try onMeasuringCanvas { chart.frame().layout(chart.size, $0) }
        let png = try RenderedPNG(chart)
        let x = layout.xPosition(0.75)
        #expect(png.color(atX: x, y: layout.yPosition(0.45)).isClose(to: Palette.first))
        #expect(png.color(atX: x, y: layout.yPosition(0.8)).isClose(to: Palette.second))
        // Above the upper bin's bar, right of the diagonal: background.
        #expect(png.color(atX: layout.xPosition(0.95), y: layout.yPosition(0.93)) == .white)
        let drawn = try drawnText(chart)
        #expect(drawn.contains("10") && drawn.contains("20") && drawn.contains(chart.title))
    }

    @Test("empty bins draw nothing; a Calibration's bins carry over one to one")
    func fromCalibration() throws {
        // Top-label confidences 0.95 (right), 0.9 (wrong) and 0.6 (right) fall in bins 9, 8 and 5 of 10.
        let calibration = try Calibration(
            labels: [0, 1, 1], probabilities: ScoreMatrix(rows: [[0.95, 0.05], [0.9, 0.1], [0.4, 0.6]]), binCount: 10)
        let chart = try ReliabilityDiagram(calibration)
        #expect(chart.bins.map(\.count) == calibration.bins.map(\.count))
        #expect(chart.expectedCalibrationError == calibration.expectedCalibrationError)
        let layout = try onMeasuringCanvas { chart.frame().layout(chart.size, $0) }
        let png = try RenderedPNG(chart)
        // Bin 2, (0.2, 0.3], is empty: above the diagonal there, at y 0.05, only background.
        #expect(png.color(atX: layout.xPosition(0.25), y: layout.yPosition(0.05)) == .white)
        #expect(png.color(atX: layout.xPosition(0.55), y: layout.yPosition(0.5)).isClose(to: Palette.first))
    }
}
