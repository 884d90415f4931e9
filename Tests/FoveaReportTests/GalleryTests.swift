import Foundation
import FoveaMetrics
import Testing

@testable import FoveaReport

/// Renders one of each chart into the folder `FOVEA_CHART_GALLERY` names, to be looked at; skipped without it.
@Suite("Chart gallery")
struct GalleryTests {
    static let folder = ProcessInfo.processInfo.environment["FOVEA_CHART_GALLERY"]

    @Test("every chart, as PNG and SVG", .enabled(if: folder != nil))
    func gallery() throws {
        let folder = URL(fileURLWithPath: try #require(Self.folder))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, chart) in try SampleCharts.all() {
            try chart.write(to: folder.appendingPathComponent("\(name).png"))
            try chart.write(to: folder.appendingPathComponent("\(name).svg"))
        }
    }
}
