import Foundation
import Testing

import FoveaData

/// The reader and rasterizer against scripts/fixtures/quickdraw.py, whose bitmaps pycairo drew with the recipe.
@Suite struct QuickDrawTests {
    struct Expected: Decodable {
        struct Drawing: Decodable {
            let word: String
            let key_id: String
            let recognized: Bool
            let countrycode: String
            let strokes: Int
            let points: Int
        }
        struct Malformed: Decodable {
            let line: Int
            let problem: String
        }
        struct Bitmaps: Decodable {
            let file: String
            let side: Int
            let line_width: Double
            let padding: Double
        }
        let drawings: [Drawing]
        let malformed: [Malformed]
        let bitmaps: [Bitmaps]
    }

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("quickdraw").appendingPathComponent(name)
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: url("expected.json")))
    }

    @Test func readsEveryDrawing() throws {
        let expected = try Self.expected()
        let drawings = try QuickDrawReader(contentsOf: Self.url("drawings.ndjson")).readAll()
        #expect(drawings.count == expected.drawings.count)
        for (drawing, want) in zip(drawings, expected.drawings) {
            #expect(drawing.word == want.word)
            #expect(drawing.keyID == want.key_id)
            #expect(drawing.recognized == want.recognized)
            #expect(drawing.countryCode == want.countrycode)
            #expect(drawing.timestamp == "2017-03-09 00:28:55.637750 UTC")
            #expect(drawing.strokes.count == want.strokes)
            #expect(drawing.strokes.map(\.points.count).reduce(0, +) == want.points)
        }
        #expect(drawings.first?.strokes == [QuickDrawStroke(x: [0, 255], y: [128, 128])])
    }

    @Test func optionsFilterAndLimit() throws {
        let url = try Self.url("drawings.ndjson")
        let recognized = try QuickDrawReader(contentsOf: url, options: .init(recognizedOnly: true)).readAll()
        #expect(recognized.count == 7)
        #expect(recognized.allSatisfy { $0.recognized })
        let firstThree = try QuickDrawReader(contentsOf: url, options: .init(limit: 3)).readAll()
        #expect(firstThree.map(\.keyID) == ["1000000000000001", "1000000000000002", "2000000000000001"])
        #expect(try QuickDrawReader(contentsOf: url, options: .init(limit: 0)).readAll().isEmpty)
    }

    @Test func malformedLinesNameFileLineAndProblem() throws {
        let expected = try Self.expected()
        let url = try Self.url("malformed.ndjson")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        for bad in expected.malformed {
            // Each bad line on its own, after a good one, so the line number is checked too.
            let text = lines[0] + "\n" + lines[bad.line - 1] + "\n"
            let reader = QuickDrawReader(data: Data(text.utf8), name: "part.ndjson")
            #expect(try reader.next() != nil)
            do {
                _ = try reader.next()
                Issue.record("line \(bad.line) was accepted")
            } catch {
                #expect(error.description.hasPrefix("part.ndjson:2: "), "\(error)")
                #expect(error.description.contains(bad.problem), "\(error)")
            }
            #expect(try reader.next() == nil)
        }
        // The whole file stops at its first bad line, naming the file.
        #expect {
            _ = try QuickDrawReader(contentsOf: url).readAll()
        } throws: { error in
            (error as? QuickDrawError) == .malformed(file: url.path, line: 2, problem: "invalid JSON at byte 72: the line ends where ',' or '}' belongs")
        }
    }

    @Test func skipsAndCountsMalformedLines() throws {
        let expected = try Self.expected()
        let reader = try QuickDrawReader(contentsOf: Self.url("malformed.ndjson"), options: .init(skipMalformed: true))
        let drawings = try reader.readAll()
        #expect(drawings.map(\.keyID) == ["9000000000000001", "9000000000000002", "9000000000000001"])
        #expect(reader.skipped == expected.malformed.count)
        #expect(reader.linesRead == 10)
    }

    @Test func otherMalformedInput() {
        let cases: [(String, String)] = [
            (#"{"word":"a","key_id":"k","recognized":true,"drawing":[[[1.5],[2]]]}"#, "x[0] is not an integer"),
            (#"{"word":"a","key_id":"k","recognized":true,"drawing":[[[],[]]]}"#, "stroke 0 has no points"),
            (#"{"word":"a","key_id":"k","recognized":true,"drawing":[[[1],[2],[3]]]}"#, "not a pair of arrays"),
            (#"{"word":"a","key_id":"k","recognized":"yes","drawing":[[[1],[2]]]}"#, "\"recognized\" is not true or false"),
            (#"{"key_id":"k","recognized":true,"drawing":[[[1],[2]]]}"#, "missing \"word\""),
            (#"{"word":"a","word":"b","key_id":"k","recognized":true,"drawing":[[[1],[2]]]}"#, "duplicate key"),
            (#"[1, 2]"#, "not a JSON object"),
            (#"{"word":"a\u00"}"#, "4 hex digits"),
            (String(repeating: "[", count: 100), "nested deeper"),
            ("{\"word\":\"\u{1}\"}", "control character"),
        ]
        for (line, problem) in cases {
            let reader = QuickDrawReader(data: Data(line.utf8), name: "case")
            #expect(throws: QuickDrawError.self) { _ = try reader.next() }
            do {
                _ = try QuickDrawReader(data: Data(line.utf8), name: "case").next()
            } catch {
                #expect(error.description.contains(problem), "\(error)")
            }
        }
    }

    @Test func acceptsJSONDetails() throws {
        let text = "\u{FEFF}" + #"{ "word" : "caf\u00e9 \ud83d\ude00", "key_id":"k", "recognized":false, "drawing":[[[0,255],[1e2,2.0E1]]] , "extra": [null, {"a": -0.5}] }"#
            + "\r\n\n   \n"
        let drawings = try QuickDrawReader(data: Data(text.utf8)).readAll()
        #expect(drawings.count == 1)
        #expect(drawings.first?.word == "café 😀")
        #expect(drawings.first?.strokes == [QuickDrawStroke(x: [0, 255], y: [100, 20])])
        #expect(drawings.first?.countryCode == nil)
    }

    @Test func longLinesFailQuicklyOrAreSkipped() throws {
        let huge = Data(repeating: UInt8(ascii: "x"), count: 3 << 20) + Data("\n".utf8)
        let good = Data(#"{"word":"a","key_id":"k","recognized":true,"drawing":[[[1],[2]]]}"#.utf8)
        let strict = QuickDrawReader(data: huge + good, name: "long", options: .init(maximumLineBytes: 1 << 20))
        #expect(throws: QuickDrawError.malformed(file: "long", line: 1, problem: "the line is longer than 1048576 bytes")) {
            _ = try strict.next()
        }
        let lenient = QuickDrawReader(data: huge + good, name: "long", options: .init(skipMalformed: true, maximumLineBytes: 1 << 20))
        #expect(try lenient.readAll().count == 1)
        #expect(lenient.skipped == 1)
        #expect(lenient.linesRead == 2)
    }

    /// Lines that straddle the 1 MiB chunks of a file are put together again.
    @Test func streamsAcrossChunks() throws {
        let line = #"{"word":"a","key_id":"k","recognized":true,"drawing":[[[1,2,3,4,5,6,7,8,9,10],[10,9,8,7,6,5,4,3,2,1]]]}"#
        let count = 30_000
        let text = Array(repeating: line, count: count).joined(separator: "\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quickdraw-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(text.utf8).write(to: url)
        let reader = try QuickDrawReader(contentsOf: url)
        var read = 0
        while let drawing = try reader.next() {
            #expect(drawing.strokes.first?.points.count == 10)
            read += 1
        }
        #expect(read == count)
        #expect(reader.linesRead == count)
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: QuickDrawError.self) { try QuickDrawReader(contentsOf: URL(fileURLWithPath: "/nonexistent/x.ndjson")) }
    }

    @Test func rasterizerMatchesPycairo() throws {
        let expected = try Self.expected()
        let drawings = try QuickDrawReader(contentsOf: Self.url("drawings.ndjson")).readAll()
        for variant in expected.bitmaps {
            let rasterizer = try QuickDrawRasterizer(side: variant.side, lineWidth: variant.line_width, padding: variant.padding)
            let reference = try [UInt8](Data(contentsOf: Self.url(variant.file)))
            let area = variant.side * variant.side
            #expect(reference.count == drawings.count * area)
            var largest = 0
            for (index, drawing) in drawings.enumerated() {
                let bitmap = try rasterizer.render(drawing)
                let want = reference[(index * area)..<((index + 1) * area)]
                let difference = zip(bitmap, want).map { abs(Int($0) - Int($1)) }.max() ?? 0
                largest = max(largest, difference)
                #expect(want.contains { $0 > 0 }, "reference \(variant.file)[\(index)] is blank")
            }
            print("\(variant.file): largest difference from pycairo \(largest)")
            #expect(largest == 0)
            let batch = try rasterizer.batch(drawings)
            #expect(batch.pixels == reference)
            #expect(batch.shape == [drawings.count, variant.side, variant.side])
        }
    }

    @Test func defaultsAreTheDatasets() throws {
        let rasterizer = try QuickDrawRasterizer()
        #expect(rasterizer == QuickDrawRasterizer.dataset)
        #expect(rasterizer.side == 28 && rasterizer.lineWidth == 16 && rasterizer.padding == 16)
        #expect(throws: QuickDrawError.self) { try QuickDrawRasterizer(side: 0) }
        #expect(throws: QuickDrawError.self) { try QuickDrawRasterizer(lineWidth: -1) }
        #expect(throws: QuickDrawError.self) { try QuickDrawRasterizer(padding: .nan) }
        #expect(try rasterizer.render([QuickDrawStroke(points: [])]) == [UInt8](repeating: 0, count: 784))
    }

    @Test func batchLabelsFollowClasses() throws {
        let drawings = try QuickDrawReader(contentsOf: Self.url("drawings.ndjson")).readAll()
        let batch = try QuickDrawRasterizer.dataset.batch(drawings)
        #expect(batch.classes == ["dot", "line", "spiral", "square", "triangle"])
        #expect(batch.labels == [1, 1, 4, 4, 0, 0, 2, 3])
        let floats = batch.floatPixels()
        #expect(floats.count == 8 * 784)
        #expect(floats.max() == 1 && floats.min() == 0)
        let chosen = try QuickDrawRasterizer.dataset.batch(Array(drawings.prefix(2)), classes: ["triangle", "line"])
        #expect(chosen.labels == [1, 1])
        #expect(throws: QuickDrawError.unknownClass(word: "line", keyID: "1000000000000001")) {
            try QuickDrawRasterizer.dataset.batch(drawings, classes: ["dot"])
        }
    }
}
