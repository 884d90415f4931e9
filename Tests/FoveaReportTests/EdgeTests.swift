import Testing

@testable import FoveaReport

@Suite("Every chart")
struct EdgeTests {
    @Test("draws nothing past its edges and nothing cairo refuses")
    func margins() throws {
        for (name, chart) in try SampleCharts.all() {
            let png = try RenderedPNG(chart, scale: 1)
            #expect(png.border(width: 3).allSatisfy { $0 == .white }, "\(name) touches its edge")
            #expect(!chart.summary.isEmpty && !chart.title.isEmpty)
        }
    }
}
