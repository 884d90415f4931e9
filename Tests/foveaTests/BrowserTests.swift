import Foundation
import FoveaTraining
import Testing

/// The pages of `fovea serve` and `fovea clean` in a real browser: Tests/Browser/serve_and_clean.py drives headless
/// Chromium with Selenium (upload a real photo, give its loopback address, relabel and undo in the cleaner, with
/// screenshots); this test checks what the pages showed against fovea's `Predictor` and the dataset index.
@Suite(.serialized) struct BrowserTests {
    struct Shown: Decodable {
        struct Clean: Decodable {
            var path: String
            var shown: String
            var afterRelabel: [[String?]]
            var afterUndo: [[String?]]
        }

        var uploaded: [[String]]
        var fetched: [[String]]
        var clean: Clean
    }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Browser/serve_and_clean.py")
    static let photo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FoveaDataTests/Fixtures/chelsea.png")

    /// `python3` on PATH when it has Selenium and Debian's chromium and chromium-driver are installed.
    static func seleniumPython() -> Bool {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium"),
            FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver"),
            let status = try? run(["python3", "-c", "import selenium"]).status
        else { return false }
        return status == 0
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func servePageAndCleanerInChromium() throws {
        guard Self.seleniumPython() else {
            if ProcessInfo.processInfo.environment["FOVEA_REQUIRE_BROWSER"] != nil {
                Issue.record("no Selenium, chromium or chromedriver; `scripts/bootstrap --test` installs them")
            }
            return
        }
        let (root, run) = try PredictCommandTests().trainedRun()
        let data = root.appendingPathComponent("clean-data")
        try FileManager.default.copyItem(at: root.appendingPathComponent("data"), to: data)
        let screenshots = root.appendingPathComponent("screenshots")
        let (status, output) = try Self.run([
            "python3", Self.script.path, "--fovea", try ResumeCommandTests.binary().path, "--run", run.path,
            "--photo", Self.photo.path, "--data", data.path, "--out", screenshots.path,
        ])
        try #require(status == 0, "the Selenium script failed: \(output)")
        let shown = try JSONDecoder().decode(Shown.self, from: Data(output.utf8))

        // The page shows the Predictor's labels with its probabilities to the 0.1 % shown, most probable first
        // (compared by name: two nearly equal probabilities may be listed either way round).
        let expected = try Predictor(run: RunFolder.open(run)).predict(files: [Self.photo], k: 5)[0].labels
        let expectedPercent = Dictionary(uniqueKeysWithValues: expected.map { ($0.label, $0.probability * 100) })
        for labels in [shown.uploaded, shown.fetched] {
            #expect(Set(labels.map { $0[0] }) == Set(expectedPercent.keys))
            let percents = try labels.map { try #require(Double($0[1].replacingOccurrences(of: " %", with: ""))) }
            #expect(percents == percents.sorted(by: >))
            for (bar, percent) in zip(labels, percents) {
                #expect(abs(percent - (expectedPercent[bar[0]] ?? -1)) <= 0.051, "\(bar) vs \(expected)")
            }
        }
        // Key "2" relabelled the first image to the second class; "u" took it back; both reached the index.
        #expect(shown.clean.path == "dark/0.png" && shown.clean.shown == "→ light")
        #expect(shown.clean.afterRelabel == [["dark/0.png", "relabel", "light"]])
        #expect(shown.clean.afterUndo.isEmpty)
        for name in ["serve-upload", "serve-url", "clean-relabel", "clean-undo"] {
            let size = try FileManager.default.attributesOfItem(atPath: screenshots.appendingPathComponent("\(name).png").path)[.size]
            #expect((size as? Int ?? 0) > 10_000, "\(name).png")
        }
    }
}
