import Foundation
import Testing

@testable import FoveaReport

@Suite("Bad input")
struct BadInputTests {
    /// The message of the `ChartError` `body` throws, or "" when it throws none.
    private func message(_ body: () throws -> Void) -> String {
        do {
            try body()
        } catch let error as ChartError {
            return error.message
        } catch {
            return "another error: \(error)"
        }
        return ""
    }

    private func line(x: [Double], y: [Double], axis: ChartAxis = ChartAxis("x")) throws -> LineChart {
        try LineChart(title: "t", x: axis, y: ChartAxis("y"), series: [.init(name: "s", x: x, y: y)])
    }

    @Test("each bad input throws an error saying what is wrong")
    func errors() {
        let cases: [(String, () throws -> Void)] = [
            ("no classes", { _ = try ConfusionMatrixChart(classNames: [], counts: []) }),
            ("2 class names but 1 rows", { _ = try ConfusionMatrixChart(classNames: ["a", "b"], counts: [[1, 2]]) }),
            ("row 1 of the counts has 1 values", {
                _ = try ConfusionMatrixChart(classNames: ["a", "b"], counts: [[1, 2], [3]])
            }),
            ("cannot be negative", { _ = try ConfusionMatrixChart(classNames: ["a"], counts: [[-1]]) }),
            ("has no categories", { _ = try BarChart(title: "b", categories: [], series: [.init(name: "s", values: [])]) }),
            ("has no series", { _ = try BarChart(title: "b", categories: ["a"], series: []) }),
            ("1 values for 2 categories", {
                _ = try BarChart(title: "b", categories: ["a", "b"], series: [.init(name: "s", values: [1])])
            }),
            ("series s[1] is nan", {
                _ = try BarChart(title: "b", categories: ["a", "b"], series: [.init(name: "s", values: [1, .nan])])
            }),
            ("need a linear value axis", {
                _ = try BarChart(
                    title: "b", categories: ["a"], series: [.init(name: "s", values: [1])],
                    valueAxis: ChartAxis("v", scale: .logarithmic))
            }),
            ("has no series", { _ = try LineChart(title: "t", x: ChartAxis("x"), y: ChartAxis("y"), series: []) }),
            ("has no points", { _ = try self.line(x: [], y: []) }),
            ("2 x values but 1 y values", { _ = try self.line(x: [1, 2], y: [1]) }),
            ("series s y[1] is nan", { _ = try self.line(x: [1, 2], y: [1, .nan]) }),
            ("series s x[0] is inf", { _ = try self.line(x: [.infinity, 2], y: [1, 2]) }),
            ("is logarithmic but holds 0.0", {
                _ = try self.line(x: [0, 1], y: [1, 2], axis: ChartAxis("x", scale: .logarithmic))
            }),
            ("is logarithmic but holds -1.0", {
                _ = try LineChart(
                    title: "t", x: ChartAxis("x", scale: .logarithmic), y: ChartAxis("y"),
                    series: [.init(name: "s", x: [1, 2], y: [1, 2])], referenceLines: [.init(.vertical(x: -1))])
            }),
            ("must be positive", {
                _ = try self.line(x: [1, 2], y: [1, 2], axis: ChartAxis("x", scale: .logarithmic, range: 0...1))
            }),
            ("span more than the axis can show", { _ = try self.line(x: [-1e308, 1e308], y: [1, 2]) }),
            ("span more than the axis can show", {
                _ = try self.line(x: [1e-320, 1], y: [1, 2], axis: ChartAxis("x", scale: .logarithmic))
            }),
            ("span more than the axis can show", {
                _ = try self.line(x: [1, 2], y: [1, 2], axis: ChartAxis("x", range: -1e308...1e308))
            }),
            ("must be finite and not empty", {
                _ = try self.line(x: [1, 2], y: [1, 2], axis: ChartAxis("x", range: 1...1))
            }),
            ("has no bins", { _ = try ReliabilityDiagram(bins: [], expectedCalibrationError: 0) }),
            ("must lie in [0, 1]", {
                _ = try ReliabilityDiagram(
                    bins: [.init(lowerBound: 0, upperBound: 1, count: 1, accuracy: 1.5, meanConfidence: 0.5)],
                    expectedCalibrationError: 0)
            }),
            ("bins must be ascending", {
                _ = try ReliabilityDiagram(
                    bins: [
                        .init(lowerBound: 0, upperBound: 0.6, count: 1, accuracy: 1, meanConfidence: 0.5),
                        .init(lowerBound: 0.5, upperBound: 1, count: 1, accuracy: 1, meanConfidence: 0.7),
                    ],
                    expectedCalibrationError: 0)
            }),
            ("must be finite and not negative", {
                _ = try ReliabilityDiagram(
                    bins: [.init(lowerBound: 0, upperBound: 1, count: 1, accuracy: 1, meanConfidence: 0.5)],
                    expectedCalibrationError: .nan)
            }),
            ("each side must lie in 64...10000 points", {
                _ = try BarChart(
                    title: "b", categories: ["a"], series: [.init(name: "s", values: [1])],
                    size: ChartSize(width: .nan, height: 300))
            }),
            ("3 epochs but 2 values in series valid", {
                _ = try LineChart.learningCurves(title: "l", yLabel: "y", epochs: [1, 2, 3], series: [("valid", [1, 2])])
            }),
            ("series Loss has no points", {
                _ = try LineChart.learningRateFinder(rates: [1e-3, 1e-2], losses: [.nan, 1])
            }),
            ("PNG scale 0.0 must lie in 0.25...8", {
                _ = try BarChart(title: "b", categories: ["a"], series: [.init(name: "s", values: [1])]).png(scale: 0)
            }),
            ("give it the extension .png or .svg", {
                try BarChart(title: "b", categories: ["a"], series: [.init(name: "s", values: [1])])
                    .write(to: URL(fileURLWithPath: "/tmp/chart.jpg"))
            }),
            ("cannot write /nonexistent-folder/chart.png", {
                try BarChart(title: "b", categories: ["a"], series: [.init(name: "s", values: [1])])
                    .write(to: URL(fileURLWithPath: "/nonexistent-folder/chart.png"))
            }),
        ]
        for (expected, body) in cases {
            let text = message(body)
            #expect(text.contains(expected), "expected “\(expected)”, got “\(text)”")
        }
    }

    @Test("write replaces a file whole, in the format its extension names")
    func writeFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let chart = try BarChart(title: "b", categories: ["a"], series: [.init(name: "s", values: [1])])
        let png = folder.appendingPathComponent("chart.PNG"), svg = folder.appendingPathComponent("chart.svg")
        try Data("old".utf8).write(to: png)
        try chart.write(to: png, scale: 1)
        try chart.write(to: svg)
        #expect(try Data(contentsOf: png) == chart.png(scale: 1))
        #expect(try String(contentsOf: svg, encoding: .utf8) == chart.svg())
        // Nothing else is left in the folder: no temporary file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["chart.PNG", "chart.svg"])
    }
}
