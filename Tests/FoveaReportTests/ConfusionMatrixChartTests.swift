import Foundation
import FoveaMetrics
import Testing

@testable import FoveaReport

@Suite("Confusion-matrix heat map")
struct ConfusionMatrixChartTests {
    /// Row shares: [0.8, 0.2, 0], [0.1, 0.5, 0.4], and a class without samples.
    static let counts = [[8, 2, 0], [1, 5, 4], [0, 0, 0]]
    static let names = ["alpha", "beta", "gamma"]

    @Test("the largest row share is the darkest cell, its colour the ramp's; empty cells keep the background")
    func cellColors() throws {
        let chart = try ConfusionMatrixChart(classNames: Self.names, counts: Self.counts)
        let layout = try onMeasuringCanvas { chart.layout($0) }
        let png = try RenderedPNG(chart)
        let fills = (0..<3).map { row in
            (0..<3).map { png.dominantColor(in: layout.cellRect(row: row, column: $0).inset(by: 0.1)) }
        }
        let darkest = fills.joined().min { $0.luma < $1.luma }
        #expect(darkest == fills[0][0], "fills \(fills)")
        // 0.8 lies 0.4 of the way from the ramp's stop at 0.75 (#2171B5) to the one at 0.875 (#08519C):
        // (33 − 0.4·25, 113 − 0.4·32, 181 − 0.4·25) = (23, 100.2, 171).
        #expect(fills[0][0].isClose(to: RGB(23, 100, 171)), "\(fills[0][0])")
        for (row, column) in [(0, 2), (2, 0), (2, 1), (2, 2)] {
            #expect(fills[row][column] == .white, "empty cell [\(row)][\(column)] is \(fills[row][column])")
        }
        // Ordered by share: 0.8 > 0.5 > 0.4 > 0.2 > 0.1, darker to lighter.
        let ordered = [fills[0][0], fills[1][1], fills[1][2], fills[0][1], fills[1][0]]
        #expect(zip(ordered, ordered.dropFirst()).allSatisfy { $0.luma < $1.luma }, "\(ordered)")
    }

    @Test("counts are written light on dark cells and dark on light ones")
    func countText() throws {
        let chart = try ConfusionMatrixChart(classNames: Self.names, counts: Self.counts)
        let layout = try onMeasuringCanvas { chart.layout($0) }
        let png = try RenderedPNG(chart)
        let dark = png.colors(in: layout.cellRect(row: 0, column: 0).inset(by: 0.3))
        let darkFill = png.dominantColor(in: layout.cellRect(row: 0, column: 0).inset(by: 0.1))
        #expect(dark.contains { $0.luma > darkFill.luma + 150 }, "no light text on the dark cell")
        let light = png.colors(in: layout.cellRect(row: 1, column: 0).inset(by: 0.3))
        let lightFill = png.dominantColor(in: layout.cellRect(row: 1, column: 0).inset(by: 0.1))
        #expect(light.contains { $0.luma < lightFill.luma - 150 }, "no dark text on the light cell")
    }

    @Test("the text on every colour of the ramp meets WCAG's 4.5:1 contrast")
    func textContrast() {
        for step in 0...100 {
            let fill = Style.rampColor(Double(step) / 100)
            let contrast = Style.textColor(on: fill).contrast(with: fill)
            #expect(contrast >= 4.5, "share \(step) %: contrast \(contrast)")
        }
    }

    @Test("from 2 to 100 classes: every class labelled, counts while they fit, nothing cut at the edges",
          arguments: [2, 10, 30, 100])
    func classCounts(_ classCount: Int) throws {
        let names = (0..<classCount).map { "class \($0)" }
        let counts = SampleCharts.confusion(classCount: classCount, perClass: 40)
        let chart = try ConfusionMatrixChart(classNames: names, counts: counts)
        let layout = try onMeasuringCanvas { chart.layout($0) }
        let drawn = try drawnText(chart)
        // Both axes name every class.
        for name in names { #expect(drawn.filter { $0 == name }.count == 2, "\(name)") }
        #expect(layout.margins.labels.every == 1)
        // Square cells inside the picture.
        #expect(layout.matrix.width == layout.matrix.height)
        #expect(layout.matrix.minX > 0 && layout.matrix.maxX < chart.size.width && layout.matrix.maxY < chart.size.height)
        // Counts are written in cells of a readable size only (at 100 classes the cells are about 7 pt).
        #expect((layout.countFont != nil) == (classCount <= 30), "cell \(layout.cell) pt")
        let png = try RenderedPNG(chart, scale: 1)
        #expect(png.image.width == Int(chart.size.width.rounded(.up)) && png.image.height == Int(chart.size.height.rounded(.up)))
        #expect(png.border(width: 2).allSatisfy { $0 == .white })
    }

    @Test("past a few hundred classes, every few classes are labelled")
    func manyClasses() throws {
        let names = (0..<400).map { "c\($0)" }
        let counts = (0..<400).map { row in (0..<400).map { $0 == row ? 3 : 0 } }
        let chart = try ConfusionMatrixChart(classNames: names, counts: counts)
        let layout = try onMeasuringCanvas { chart.layout($0) }
        // 760 pt / 400 classes = 1.9 pt cells under 4 pt labels about 4.7 pt tall: every third class.
        #expect(layout.margins.labels.every == 3, "cell \(layout.cell)")
        let drawn = try drawnText(chart)
        #expect(drawn.contains("c0") && drawn.contains("c3") && !drawn.contains("c1"))
        #expect(try RenderedPNG(chart, scale: 1).border(width: 2).allSatisfy { $0 == .white })
    }

    @Test("long class names are cut short and turned; the labels stay inside the picture")
    func longNames() throws {
        let long = "a class whose name goes on and on and on and never seems to end"
        let names = ["short", long, "medium name"]
        let chart = try ConfusionMatrixChart(classNames: names, counts: [[5, 1, 0], [2, 7, 1], [0, 0, 3]])
        let layout = try onMeasuringCanvas { chart.layout($0) }
        let drawn = try drawnText(chart)
        let cut = try #require(drawn.first { $0.hasPrefix("a class whose") })
        #expect(cut.hasSuffix("…") && cut.count < long.count)
        #expect(layout.margins.labels.angle != 0)
        let png = try RenderedPNG(chart, scale: 1)
        #expect(png.border(width: 2).allSatisfy { $0 == .white })
    }

    @Test("the FoveaMetrics matrix gives the same chart as its counts")
    func fromMatrix() throws {
        let matrix = try ConfusionMatrix(labels: [0, 0, 1, 2, 2], predictions: [0, 1, 1, 2, 0], classCount: 3)
        let chart = try ConfusionMatrixChart(matrix, classNames: Self.names)
        #expect(chart.counts == [[1, 1, 0], [0, 1, 0], [1, 0, 1]])
        #expect(try chart.png() == ConfusionMatrixChart(classNames: Self.names, counts: matrix.counts).png())
    }
}
