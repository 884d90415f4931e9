import ArgumentParser
import Foundation
import FoveaImage
import FoveaNN
import FoveaTensor
import FoveaTraining
@testable import fovea
import Testing

/// `fovea explain`, `fovea embed --layer` and `fovea search` on one tiny run trained through `fovea train`; one test
/// at a time, as several write the run's default gallery.
@Suite(.serialized) struct ExplainSearchCommandTests {
    /// Two classes of 16×16 images, 12 each: a 5×5 square at a different place in every image, light on dark
    /// ("dark") or dark on light ("light"); BaseNet trained on them for one epoch. ROOT/data holds the images,
    /// ROOT/run the run.
    static let trained: Result<URL, any Error> = Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-explain-\(UUID().uuidString)")
        for (name, background, square) in [("dark", UInt8(30), UInt8(220)), ("light", UInt8(220), UInt8(30))] {
            let folder = root.appendingPathComponent("data/\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<12 {
                var pixels = [UInt8](repeating: background, count: 16 * 16 * 3)
                let (top, left) = (index / 4 * 4, index % 4 * 3)
                for y in top..<top + 5 {
                    for x in left..<left + 5 { for channel in 0..<3 { pixels[(y * 16 + x) * 3 + channel] = square } }
                }
                try #require(Image(width: 16, height: 16, channels: 3, pixels: pixels))
                    .write(to: folder.appendingPathComponent("\(index).png"))
            }
        }
        try Train.parse([
            root.appendingPathComponent("data").path, "--arch", "basenet", "--size", "16", "--epochs", "1",
            "--batch-size", "8", "--out", root.appendingPathComponent("run").path, "--json",
        ]).run()
        return root
    }

    let root: URL
    let run: URL

    init() throws {
        root = try Self.trained.get()
        run = root.appendingPathComponent("run")
    }

    func image(_ name: String) -> String { root.appendingPathComponent("data/\(name)").path }

    func corruptFile() throws -> String {
        let corrupt = root.appendingPathComponent("corrupt.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A]).write(to: corrupt)
        return corrupt.path
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    // MARK: explain

    @Test func explainWritesOneOverlayPerImage() throws {
        let out = root.appendingPathComponent("explain-\(UUID().uuidString)")
        try Explain.parse([run.path, image("dark/5.png"), image("light/5.png"), "--out", out.path]).run()
        let explainer = try Explainer(run: RunFolder.open(run))
        for (file, name) in [("dark/5.png", "5-gradcam.png"), ("light/5.png", "5-2-gradcam.png")] {
            let written = try Image.decode(contentsOf: out.appendingPathComponent(name))
            #expect(written.width == 224 && written.height == 224 && written.channels == 3)
            // BaseNet's last map larger than 1×1 is the ReLU "4" (16 × 2 × 2); the max-pool after it is 1×1.
            let explanation = try explainer.explain(file: URL(fileURLWithPath: image(file)))
            #expect(explanation.layer == "4")
            #expect(written.pixels == explanation.overlay.pixels, "\(name) is not the library's overlay")
        }

        try Explain.parse([run.path, image("dark/1.png"), "--class", "light", "--layer", "3", "--out", out.path]).run()
        let forLight = try explainer.explain(file: URL(fileURLWithPath: image("dark/1.png")), classIndex: 1)
        #expect(forLight.explained == "light")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("1-gradcam.png").path))
    }

    @Test func explainReportsBadInput() throws {
        let out = root.appendingPathComponent("explain-\(UUID().uuidString)")
        let corrupt = try corruptFile()
        let exit = #expect(throws: ExitCode.self) {
            try Explain.parse([run.path, corrupt, image("dark/2.png"), "--out", out.path]).run()
        }
        #expect(exit == ExitCode(2))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2-gradcam.png").path))
        let explainer = try Explainer(run: RunFolder.open(run))
        #expect(message { _ = try explainer.explain(file: URL(fileURLWithPath: corrupt)) }.contains("corrupt.jpg"))
        #expect(message { try Explain.parse([run.path, image("dark/2.png"), "--class", "grey"]).run() }
            == "no class named 'grey'; the classes are: dark, light")
        #expect(message { try Explain.parse([run.path, image("dark/2.png"), "--layer", "conv1"]).run() }
            .contains("no layer named 'conv1'; the layers are: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"))
        #expect(throws: (any Error).self) { try Explain.parse([run.path]) }
    }

    // MARK: embed --layer

    @Test func embedTapsANamedLayer() throws {
        let file = root.appendingPathComponent("conv-\(UUID().uuidString).safetensors")
        try Embed.parse([run.path, "--split", "all", "--layer", "3", "--pool", "max", "--out", file.path]).run()
        let embeddings = try Embeddings.load(from: file)
        #expect(embeddings.layer == .named("3", pooling: .max))
        #expect(embeddings.features.shape == [24, 16])  // conv "3" has 16 channels
        #expect(embeddings.data == root.appendingPathComponent("data").path)

        // The saved row of one image is that layer's output computed directly, then its spatial maximum.
        let (model, configuration) = try RunFolder.open(run).loadModel()
        let sequential = try #require(model as? Sequential)
        let index = try #require(embeddings.sources.firstIndex { $0.hasSuffix("light/7.png") })
        let input = try configuration.modelInput(configuration.images(of: [URL(fileURLWithPath: embeddings.sources[index])]))
        let map = try withNoGrad { try (0...3).reduce(input) { try sequential[$1].forward($0) } }
        let direct = try map.max(dim: 3).values.max(dim: 2).values.flattened()
        #expect(try direct.allClose(embeddings.features[index], rtol: 1e-5, atol: 1e-6))

        #expect(message { try Embed.parse([run.path, "--layer", "conv9"]).run() }
            .contains("no layer named 'conv9'; the layers are: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"))
        #expect(throws: (any Error).self) { try Embed.parse([run.path, "--pool", "max"]) }
        #expect(throws: (any Error).self) { try Embed.parse([run.path, "--layer", "3", "--pool", "mean"]) }
    }

    // MARK: search

    @Test func searchFindsTheQueryItselfFirst() throws {
        // The gallery: every image's conv "3" features, flattened (64 values), in the run's default gallery file.
        try Embed.parse([run.path, "--split", "all", "--layer", "3", "--pool", "flatten"]).run()
        let queries = [image("dark/6.png"), image("light/9.png")]
        let command = try Search.parse([run.path] + queries + ["-k", "4", "--metric", "cosine"])
        let (results, gallery, failures) = try command.search()
        #expect(failures == 0 && gallery.count == 24 && gallery.dimension == 64)
        #expect(results.map(\.query) == queries)
        for (result, label) in zip(results, ["dark", "light"]) {
            // The query is in the gallery, embedded the same way: its own item comes first, at distance ~0.
            #expect(result.neighbors.first?.source == result.query)
            #expect(result.neighbors.first?.label == label)
            #expect((result.neighbors.first?.distance ?? 1) < 1e-5)
            #expect(result.neighbors.map(\.rank) == [1, 2, 3, 4])
            #expect(result.neighbors.map(\.distance) == result.neighbors.map(\.distance).sorted())
        }

        let page = root.appendingPathComponent("search-\(UUID().uuidString).html")
        try Search.parse([run.path, queries[0], "-k", "3", "--json", "--html", page.path]).run()
        let html = try String(contentsOf: page, encoding: .utf8)
        // The query and its three neighbours, all image files, each as an embedded PNG.
        #expect(html.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == 4)
        #expect(html.contains("<b>query</b><br>6.png") && !html.contains("no picture"))
    }

    @Test func searchReportsBadInput() throws {
        try Embed.parse([run.path, "--split", "all"]).run()  // the penultimate layer: 50 features
        let query = image("dark/3.png")
        let corrupt = try corruptFile()
        let (results, _, failures) = try Search.parse([run.path, corrupt, query, "-k", "2"]).search()
        #expect(failures == 1 && results.map(\.query) == [query])
        #expect(throws: ExitCode(2)) { try Search.parse([run.path, corrupt, query]).run() }
        let search = try ImageSearch(run: RunFolder.open(run), gallery: run.appendingPathComponent("embeddings.safetensors"))
        #expect(message { _ = try search.features(of: [URL(fileURLWithPath: corrupt)]) }.contains("corrupt.jpg"))

        #expect(message { _ = try Search.parse([run.path, query, "-k", "25"]).search() }.contains("k = 25, but the gallery"))
        func gallery(_ features: Tensor) throws -> String {
            let file = root.appendingPathComponent("gallery-\(UUID().uuidString).safetensors")
            let count = features.shape[0]
            try Embeddings(
                features: features, labels: Array(repeating: 0, count: count), classes: ["dark", "light"],
                sources: Array(repeating: "x", count: count)
            ).save(to: file)
            return file.path
        }
        let narrow = try gallery(Tensor.zeros([3, 7]))
        #expect(message { _ = try Search.parse([run.path, query, "-k", "1", "--gallery", narrow]).search() }
            == "the queries have 50 features but the gallery \(narrow) has 7: it was embedded by another model or layer")
        let empty = try gallery(Tensor.zeros([0, 50]))
        #expect(message { _ = try Search.parse([run.path, query, "--gallery", empty]).search() }
            == "\(empty): the gallery is empty")
        #expect(throws: (any Error).self) { try Search.parse([run.path, query, "-k", "0"]) }
        #expect(throws: (any Error).self) { try Search.parse([run.path, query, "--metric", "manhattan"]) }
    }

    @Test func searchTable() {
        let results = [
            SearchResult(query: "q.png", neighbors: [
                GalleryMatch(rank: 1, index: 4, distance: 0.5, label: "cat", source: "/g/cat/1.png"),
                GalleryMatch(rank: 2, index: 0, distance: 1.25, label: "dog", source: "t10k-images-idx3-ubyte#7"),
            ])
        ]
        #expect(Search.table(results) == """
            q.png
            rank  distance  label  source
            1     0.5000    cat    /g/cat/1.png
            2     1.2500    dog    t10k-images-idx3-ubyte#7
            """)
    }
}
