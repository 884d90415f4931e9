import ArgumentParser
import Foundation
@testable import fovea
import FoveaData
import FoveaImage
import Testing

/// `fovea check` and `fovea split` parsed and run in-process.
@Suite(.serialized) struct DatasetCommandTests {
    /// Two classes of four generated images each (stripes of different angles), plus a truncated PNG in "a".
    static func makeData() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-data-\(UUID().uuidString)")
        for (classIndex, label) in ["a", "b"].enumerated() {
            let folder = root.appendingPathComponent(label)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for number in 0..<4 {
                let (fx, fy) = (Double(number + 1) * 0.15, Double(classIndex * 4 + number) * 0.11)
                var pixels: [UInt8] = []
                for y in 0..<64 {
                    for x in 0..<64 { pixels.append(UInt8(127.5 + 127 * sin(Double(x) * fx + Double(y) * fy))) }
                }
                let image = try #require(Image(width: 64, height: 64, channels: 1, pixels: pixels))
                try image.write(to: folder.appendingPathComponent("\(number).png"))
            }
        }
        let whole = try Data(contentsOf: root.appendingPathComponent("a/0.png"))
        try whole.prefix(whole.count / 2).write(to: root.appendingPathComponent("a/cut.png"))
        return root
    }

    @Test func checkExitsWithTwoWhileBrokenFilesRemainAndQuarantineMovesThem() throws {
        let data = try Self.makeData()
        defer { try? FileManager.default.removeItem(at: data) }
        let html = data.appendingPathComponent(".report.html")
        let check = try Check.parse([data.path, "--json", "--html", html.path])
        let error = #expect(throws: ExitCode.self) { try check.run() }
        #expect(error == ExitCode(2))
        #expect(try String(contentsOf: html, encoding: .utf8).contains("a/cut.png"))
        let index = try DatasetIndex(root: data)
        #expect(try index.images().first { $0.path == "a/cut.png" }?.problems == "truncated")

        let quarantine = data.appendingPathComponent(".quarantine")
        try Check.parse([data.path, "--quarantine", quarantine.path]).run()
        #expect(FileManager.default.fileExists(atPath: quarantine.appendingPathComponent("a/cut.png").path))
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("a/cut.png").path))
        try Check.parse([data.path]).run()
    }

    @Test func checkRejectsBadOptions() {
        let cases: [([String], String)] = [
            (["data", "--distance", "65"], "--distance must be in -1...64"),
            (["data", "--min-size", "0"], "--min-size must be positive"),
            (["data", "--quarantine", "data/bad"], "is inside DATA"),
        ]
        for (arguments, message) in cases {
            do {
                _ = try Check.parse(arguments)
                Issue.record("\(arguments) parsed")
            } catch {
                #expect(Fovea.message(for: error).contains(message), "\(arguments): \(Fovea.message(for: error))")
            }
        }
    }

    @Test func splitWritesTheIndexAndATree() throws {
        let data = try Self.makeData()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-split-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: out)
        }
        let split = try Split.parse([data.path, "--ratios", "50/25/25", "--seed", "3", "--out", out.path, "--mode", "symlink"])
        try split.run()
        let rows = try DatasetIndex(root: data).images()
        #expect(rows.filter { $0.split != nil }.count == 8)
        #expect(rows.first { $0.path == "a/cut.png" }?.split == nil)
        for row in rows where row.split != nil {
            let link = out.appendingPathComponent("\(row.split?.rawValue ?? "")/\(row.path)").path
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == data.appendingPathComponent(row.path).path)
        }
        let again = try Split.parse([data.path, "--seed", "3", "--ratios", "50/25/25", "--json"])
        #expect(again.output(
            try DatasetSplitter.plan(rows, ratios: SplitRatios(parsing: "50/25/25"), seed: 3, distance: 8, group: nil),
            written: 0).contains("\"written\" : 0"))
    }

    @Test func splitRejectsBadOptionsAndNamesADamagedIndex() throws {
        for (arguments, message) in [
            (["data", "--ratios", "a/b"], "--ratios"), (["data", "--group", "(unclosed"], "--group"),
            (["data", "--mode", "move"], "move"),
        ] {
            do {
                _ = try Split.parse(arguments)
                Issue.record("\(arguments) parsed")
            } catch {
                #expect(Fovea.message(for: error).contains(message), "\(arguments): \(Fovea.message(for: error))")
            }
        }
        let data = try Self.makeData()
        defer { try? FileManager.default.removeItem(at: data) }
        let file = DatasetIndex.defaultFile(for: data)
        try Data("garbage, not SQLite".utf8 + [UInt8](repeating: 0, count: 2048)).write(to: file)
        let damaged = #expect(throws: DatasetIndexError.self) { try Split.parse([data.path]).run() }
        #expect("\(damaged!)".contains(file.path))
        try Split.parse([data.path, "--rebuild-index"]).run()
    }
}
