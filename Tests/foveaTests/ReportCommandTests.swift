import ArgumentParser
import Foundation
import FoveaImage
import FoveaReport
import FoveaTraining
@testable import fovea
import Testing

/// A run's report.html, built the way a user builds it (train, lr-find, evaluate, embed, evaluate-retrieval), then
/// opened in Debian's headless Chromium: every section must be there and every picture must decode.
@Suite(.serialized) struct ReportCommandTests {
    static let sections = ["overview", "settings", "curves", "lr-finder", "data", "metrics", "charts", "mistakes", "retrieval"]

    func reportedRun() throws -> URL {
        let (root, run) = try PredictCommandTests().trainedRun()
        try LearningRateFind.parse([
            root.appendingPathComponent("data").path, "--arch", "basenet", "--size", "16", "--batch-size", "4",
            "--steps", "20", "--csv", run.appendingPathComponent("lr-find.csv").path, "--json",
        ]).run()
        try Evaluate.parse([run.path, "--top-losses", "4", "--json"]).run()
        try Embed.parse([run.path]).run()
        try EvaluateRetrieval.parse([run.appendingPathComponent("embeddings.safetensors").path, "-k", "1,2", "--json"]).run()
        try Report.parse([run.path]).run()
        return run
    }

    @Test func theReportHoldsEverySectionAndPicture() throws {
        let run = try reportedRun()
        let evaluation = run.appendingPathComponent("evaluation/test")
        for name in EvaluationFigures.charts.map(\.name) + ["loss", "accuracy", "lr-finder"] {
            for format in ["png", "svg"] {
                #expect(FileManager.default.fileExists(atPath: evaluation.appendingPathComponent("\(name).\(format)").path))
            }
        }
        #expect(FileManager.default.fileExists(atPath: evaluation.appendingPathComponent("top-losses/1-gradcam.png").path))
        #expect(try RunReport.sectionIDs(of: RunFolder.open(run)) == Self.sections)
        let html = try String(contentsOf: run.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(!html.contains("src=\"http"), "the report must not load anything from the network")
        // 2 learning curves, the LR finder, 5 charts, 4 top losses with their Grad-CAM maps.
        #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == 2 + 1 + 5 + 4 * 2)

        guard let browser = Self.chromium() else {
            if ProcessInfo.processInfo.environment["FOVEA_REQUIRE_BROWSER"] != nil {
                Issue.record("no chromium on PATH; `scripts/bootstrap --test` installs it")
            }
            return
        }
        let dom = try Self.run(browser, ["--virtual-time-budget=5000", "--dump-dom", run.appendingPathComponent("report.html").absoluteString])
        let check = dom.range(of: #"data-check="[^"]*""#, options: .regularExpression).map { String(dom[$0]) } ?? "none"
        #expect(check == #"data-check="ok""#)
        for section in Self.sections { #expect(dom.contains("<section id=\"\(section)\">"), "section \(section) missing") }

        let screenshot = run.appendingPathComponent("report-screenshot.png")
        _ = try Self.run(browser, ["--hide-scrollbars", "--window-size=1280,3000", "--screenshot=\(screenshot.path)",
                                   run.appendingPathComponent("report.html").absoluteString])
        let image = try Image.decode(contentsOf: screenshot)
        #expect(image.width == 1280 && image.height == 3000)
        // A rendered page, not a blank one: many distinct colours (text, charts, thumbnails).
        var colours = Set<Int>()
        for offset in stride(from: 0, to: image.pixels.count - 2, by: image.channels * 7) {
            let red = Int(image.pixels[offset]), green = Int(image.pixels[offset + 1]), blue = Int(image.pixels[offset + 2])
            colours.insert(red << 16 | green << 8 | blue)
        }
        #expect(colours.count > 50)
    }

    @Test func aPageWithABrokenPictureFailsItsOwnCheck() throws {
        guard let browser = Self.chromium() else { return }
        var page = HTMLPage(title: "broken <test>")
        page.add(id: "pictures", title: "Pictures", body: HTML.image(png: Data([0x89, 0x50, 0x4E, 0x47]), alt: "truncated"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-broken-\(UUID().uuidString).html")
        try page.write(to: file)
        let dom = try Self.run(browser, ["--virtual-time-budget=5000", "--dump-dom", file.absoluteString])
        #expect(dom.contains("data-check=\"missing: image truncated\""))
        #expect(dom.contains("<title>broken &lt;test&gt;</title>"))
    }

    static func chromium() -> URL? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(URL.init(fileURLWithPath:))
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Runs headless Chromium (no sandbox: tests may run as root) and returns what it printed.
    static func run(_ browser: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = browser
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
