import Foundation
import FoveaImage
import FoveaTensor
import FoveaTraining
import Testing

@Suite struct GallerySearchTests {
    /// Five 2-D items: (0, 0) a, (3, 4) b, (1, 0) a, (0, −2) b, (1, 0) b.
    static func gallery() throws -> Gallery {
        let features = try Tensor([0, 0, 3, 4, 1, 0, 0, -2, 1, 0] as [Float], shape: [5, 2])
        return try Gallery(
            Embeddings(
                features: features, labels: [0, 1, 0, 1, 1], classes: ["a", "b"], sources: ["g0", "g1", "g2", "g3", "g4"]),
            name: "hand.safetensors")
    }

    @Test func handComputedNeighbours() throws {
        let gallery = try Self.gallery()
        // L2 from (1, 1): g2 and g4 at 1 (the lower index first), g0 at √2, g3 at √10, g1 at √13.
        let l2 = try gallery.nearest(to: Tensor([1, 1] as [Float], shape: [1, 2]), k: 3, metric: .euclidean)[0]
        #expect(l2.map(\.index) == [2, 4, 0] && l2.map(\.rank) == [1, 2, 3])
        #expect(l2.map(\.label) == ["a", "b", "a"] && l2.map(\.source) == ["g2", "g4", "g0"])
        for (match, expected) in zip(l2, [1, 1, 2.0.squareRoot()]) { #expect(abs(match.distance - expected) < 1e-6) }

        // Cosine from (0, 1): g1 at 1 − 4/5 = 0.2; g0 (a zero vector, at 1 from everything), g2 and g4 at 1;
        // g3, pointing the other way, at 2.
        let cosine = try gallery.nearest(to: Tensor([0, 1] as [Float], shape: [1, 2]), k: 5, metric: .cosine)[0]
        #expect(cosine.map(\.index) == [1, 0, 2, 4, 3])
        for (match, expected) in zip(cosine, [0.2, 1, 1, 1, 2]) { #expect(abs(match.distance - expected) < 1e-6) }
    }

    @Test func agreesWithBruteForce() throws {
        let (galleryFeatures, queries) = try withSeed(11) {
            (try Tensor.randomNormal([40, 6]), try Tensor.randomNormal([4, 6]))
        }
        let gallery = try Gallery(
            Embeddings(features: galleryFeatures, labels: Array(repeating: 0, count: 40), classes: ["x"], sources: []),
            name: "random")
        let rows = try galleryFeatures.toArray(Float.self).map(Double.init)
        let queryRows = try queries.toArray(Float.self).map(Double.init)
        let found = try gallery.nearest(to: queries, k: 7, metric: .euclidean)
        for query in 0..<4 {
            // Every distance in float64 by the definition, sorted.
            let distances: [Double] = (0..<40).map { item in
                var sum = 0.0
                for dimension in 0..<6 {
                    let difference = queryRows[query * 6 + dimension] - rows[item * 6 + dimension]
                    sum += difference * difference
                }
                return sum.squareRoot()
            }
            let expected = distances.indices.sorted { distances[$0] < distances[$1] }.prefix(7)
            #expect(found[query].map(\.index) == Array(expected))
            for match in found[query] { #expect(abs(match.distance - distances[match.index]) < 1e-4) }
            #expect(found[query].map(\.source) == found[query].map { "#\($0.index)" })
        }
    }

    @Test func thumbnailsOfFilesAndDatasetItems() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-thumbs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // An IDX file of two 2×3 images (magic 0x00000803, then the sizes 2, 2, 3 big-endian), then a PNG file.
        let items: [UInt8] = [1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60]
        try Data([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + items).write(to: folder.appendingPathComponent("items"))
        let photo = folder.appendingPathComponent("photo.png")
        try #require(Image(width: 4, height: 2, channels: 3, pixels: Array(repeating: 90, count: 24))).write(to: photo)

        let thumbnails = Thumbnails(side: 2, dataFolder: folder)
        func decoded(_ source: String) throws -> Image? {
            guard let uri = thumbnails.dataURI(for: source) else { return nil }
            let prefix = "data:image/png;base64,"
            #expect(uri.hasPrefix(prefix))
            let bytes = try #require(Data(base64Encoded: String(uri.dropFirst(prefix.count))))
            return try Image.decode(bytes: bytes, options: DecodeOptions(colorMode: .rgbOrGray))
        }
        let second = try #require(try decoded("items#1"))
        #expect(second.width == 3 && second.height == 2 && second.pixels == [10, 20, 30, 40, 50, 60])
        let shrunk = try #require(try decoded(photo.path))  // the longer side fitted to 2
        #expect(shrunk.width == 2 && shrunk.height == 1)
        #expect(try decoded("items#2") == nil && decoded("other#0") == nil && decoded("/no/such.png") == nil)
        #expect(Thumbnails(dataFolder: nil).dataURI(for: "items#0") == nil)
    }

    @Test func pageEscapesWhatItShows() throws {
        let results = [SearchResult(query: "/q/<b>.png", neighbors: [
            GalleryMatch(rank: 1, index: 2, distance: 0.25, label: "a&b", source: "g2"),
        ])]
        let page = SearchPage.html(
            results, gallery: try Self.gallery(), metric: "l2", thumbnails: Thumbnails(dataFolder: nil))
        #expect(page.contains("<b>query</b><br>&lt;b&gt;.png") && page.contains("#1 <b>a&amp;b</b><br>0.2500"))
        #expect(page.contains("5 items of 2 features from the penultimate layer; l2 distance"))
        #expect(page.components(separatedBy: "no picture").count - 1 == 2)
    }

    @Test func badRequestsNameTheGallery() throws {
        let gallery = try Self.gallery()
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch { return "\(error)" }
            return "no error"
        }
        let wide = message { _ = try gallery.nearest(to: Tensor.zeros([1, 3]), k: 1, metric: .euclidean) }
        #expect(wide.contains("the queries have 3 features but the gallery hand.safetensors has 2"))
        let many = message { _ = try gallery.nearest(to: Tensor.zeros([1, 2]), k: 6, metric: .euclidean) }
        #expect(many.contains("k = 6, but the gallery hand.safetensors holds 5 items"))
        let empty = message {
            _ = try Gallery(
                Embeddings(features: Tensor.zeros([0, 2]), labels: [], classes: ["a"], sources: []),
                name: "empty.safetensors")
        }
        #expect(empty == "empty.safetensors: the gallery is empty")
        let missing = message { _ = try Gallery.load(from: URL(fileURLWithPath: "/nonexistent/embeddings.safetensors")) }
        #expect(missing.contains("/nonexistent/embeddings.safetensors: no such gallery"))
    }
}
