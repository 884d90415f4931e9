import Foundation
import FoveaData
import FoveaImage
import FoveaServer
import FoveaTraining
import Hummingbird
import HummingbirdTesting
import Testing

/// `fovea clean`'s routes, through the router, on a copy of the tiny run's data tree.
@Suite(.serialized) struct CleaningServerTests {
    /// A copy of TinyRun's data (dark/0…15.png, light/0…15.png) plus a PNG that is not an image, indexed and checked.
    final class Dataset: Sendable {
        let root: URL
        let quarantine: URL
        let index: DatasetIndex

        init() throws {
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-clean-\(UUID().uuidString)")
            root = base.appendingPathComponent("data")
            quarantine = base.appendingPathComponent("data-quarantine")
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: TinyRun.url.deletingLastPathComponent().appendingPathComponent("data"), to: root)
            try Data("not a picture".utf8).write(to: root.appendingPathComponent("light/broken.png"))
            index = try DatasetIndex(root: root)
            try index.update()
            try index.recordProblems(DatasetCheck.run(try index.images()).problemsByPath)
        }

        deinit { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

        func server(suspicions: [String: Suspicion] = [:]) -> CleaningServer {
            CleaningServer(cleaner: DatasetCleaner(index: index, suspicions: suspicions), quarantine: quarantine)
        }
    }

    struct ErrorReply: Decodable {
        var error: String
        var detail: String
    }

    func post(_ client: some TestClientProtocol, _ uri: String, json: String? = nil) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: [.contentType: "application/json"],
            body: json.map { ByteBuffer(string: $0) })
    }

    @Test func editUndoAndApplyThroughTheAPI() async throws {
        let dataset = try Dataset()
        let app = dataset.server().application(host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            let summary = try await client.execute(uri: "/api/summary", method: .get).decoded(CleaningSummary.self)
            #expect(summary.images == 33 && summary.classes.map(\.name) == ["dark", "light"])
            #expect(summary.problems.contains { $0.name == "not-an-image" && $0.count == 1 })

            let relabel = try await post(client, "/api/edits", json: #"{"path":"dark/3.png","action":"relabel","label":"light"}"#)
            #expect(relabel.status == .ok, "\(relabel.text)")
            #expect(try relabel.decoded(CleaningEdit.self).label == "light")
            let delete = try await post(client, "/api/edits", json: #"{"path":"light/broken.png","action":"delete"}"#)
            #expect(delete.status == .ok)
            let keep = try await post(client, "/api/edits", json: #"{"path":"light/2.png","action":"keep"}"#)
            #expect(keep.status == .ok)

            // The edits are in the index already: a second cleaner on the same file sees them.
            let pending = try DatasetCleaner(index: DatasetIndex(root: dataset.root)).pendingDecisions()
            #expect(pending.mapValues(\.action) == ["dark/3.png": .relabel, "light/broken.png": .delete, "light/2.png": .keep])

            let undo = try await post(client, "/api/undo").decoded(CleaningServer.UndoAnswer.self)
            #expect(undo.undone?.path == "light/2.png")
            let decided = try await client.execute(uri: "/api/items?decided=true", method: .get)
                .decoded(CleaningServer.ItemsAnswer.self)
            #expect(decided.items.map(\.path) == ["dark/3.png", "light/broken.png"])
            #expect(decided.items.map(\.decision) == [.relabel, .delete] && decided.items[0].newLabel == "light")

            let applied = try await post(client, "/api/apply").decoded(CleaningResult.self)
            #expect(applied.moves.map(\.path) == ["dark/3.png", "light/broken.png"])
            #expect(applied.moves[0].destination == "light/3.1.png")
            #expect(FileManager.default.fileExists(atPath: dataset.root.appendingPathComponent("light/3.1.png").path))
            #expect(FileManager.default.fileExists(atPath: dataset.quarantine.appendingPathComponent("light/broken.png").path))
            #expect(!FileManager.default.fileExists(atPath: dataset.root.appendingPathComponent("dark/3.png").path))
            let after = try await client.execute(uri: "/api/summary", method: .get).decoded(CleaningSummary.self)
            #expect(after.images == 32 && after.classes.map(\.count) == [15, 17] && after.pending.isEmpty)
        }
    }

    @Test func itemsFilterPageAndOrderByLoss() async throws {
        let dataset = try Dataset()
        let suspicions = [
            "dark/0.png": Suspicion(loss: 3, predicted: "light", probability: 0.95),
            "light/5.png": Suspicion(loss: 4, predicted: "dark", probability: 0.98),
        ]
        let app = dataset.server(suspicions: suspicions).application(host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            let dark = try await client.execute(uri: "/api/items?label=dark&limit=5&offset=10", method: .get)
                .decoded(CleaningServer.ItemsAnswer.self)
            #expect(dark.total == 16 && dark.items.count == 5 && dark.items.allSatisfy { $0.label == "dark" })
            let broken = try await client.execute(uri: "/api/items?problem=errors", method: .get)
                .decoded(CleaningServer.ItemsAnswer.self)
            #expect(broken.items.map(\.path) == ["light/broken.png"] && broken.items[0].problems.contains("not-an-image"))
            let byLoss = try await client.execute(uri: "/api/items?order=loss&limit=3", method: .get)
                .decoded(CleaningServer.ItemsAnswer.self)
            #expect(byLoss.items.prefix(2).map(\.path) == ["light/5.png", "dark/0.png"])
            #expect(byLoss.items[0].suspicion?.predicted == "dark")
        }
    }

    @Test func thumbnailsOnlyOfIndexedImages() async throws {
        let dataset = try Dataset()
        let app = dataset.server().application(host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            let thumbnail = try await client.execute(uri: "/api/thumbnail?path=dark/1.png&side=64", method: .get)
            #expect(thumbnail.status == .ok && thumbnail.headers[.contentType] == "image/jpeg")
            let image = try Image.decode(bytes: [UInt8](Data(thumbnail.body.readableBytesView)))
            // Fitted into 64 × 64: the 20 × 20 image is enlarged, so that small images are seen.
            #expect(image.width == 64 && image.height == 64)

            for hostile in ["../../etc/passwd", "/etc/passwd", "dark/../../../etc/passwd", "dark/missing.png"] {
                let escaped = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? hostile
                let answer = try await client.execute(uri: "/api/thumbnail?path=\(escaped)", method: .get)
                #expect(answer.status == .notFound, "\(hostile)")
                #expect(try answer.decoded(ErrorReply.self).detail.contains("not an image of the dataset index"))
            }
            let broken = try await client.execute(uri: "/api/thumbnail?path=light/broken.png", method: .get)
            #expect(broken.status == .unprocessableContent)
            #expect(try broken.decoded(ErrorReply.self).detail.hasPrefix("light/broken.png: "))
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok && page.text.contains("/api/edits") && !page.text.contains("http"))
        }
    }

    @Test func badRequestsAreJSONErrors() async throws {
        let dataset = try Dataset()
        let app = dataset.server().application(host: "127.0.0.1", port: 0)
        try await app.test(.router) { client in
            let cases: [(String, String?, HTTPResponse.Status)] = [
                ("/api/edits", "not json", .badRequest),
                ("/api/edits", #"{"path":"dark/1.png","action":"burn"}"#, .badRequest),
                ("/api/edits", #"{"path":"dark/nothing.png","action":"keep"}"#, .notFound),
                ("/api/edits", #"{"path":"dark/1.png","action":"relabel","label":"../x"}"#, .unprocessableContent),
                ("/api/edits", #"{"path":"dark/1.png","action":"relabel"}"#, .unprocessableContent),
            ]
            for (uri, body, status) in cases {
                let answer = try await post(client, uri, json: body)
                #expect(answer.status == status, "\(body ?? "")")
                #expect((try? answer.decoded(ErrorReply.self)) != nil, "\(answer.text)")
            }
            for uri in ["/api/items?order=size", "/api/items?limit=0", "/api/items?decided=maybe", "/api/thumbnail"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .badRequest, "\(uri)")
            }
            // Nothing of that was recorded.
            #expect(try DatasetCleaner(index: dataset.index).history().isEmpty)
        }
    }

    @Test func suspectedMislabelsAreTheLossOfTheLabelUnderThePredictor() throws {
        let dataset = try Dataset()
        let predictor = try Predictor(run: RunFolder.open(TinyRun.url))
        let paths = ["dark/0.png", "dark/7.png", "light/4.png", "light/broken.png"]
        // Label light/4 as dark, as a mislabel would be.
        let images = [("dark/0.png", "dark"), ("dark/7.png", "dark"), ("light/4.png", "dark"), ("light/broken.png", "light")]
            .map { (path: $0.0, label: $0.1) }
        let scores = try SuspectedMislabels.score(images, root: dataset.root, predictor: predictor, batchSize: 2)
        #expect(Set(scores.keys) == Set(paths.dropLast()))  // the file that does not decode is left out
        for (path, label) in images.dropLast() {
            // The reference: the predictor's own decoding and softmax.
            let labels = try predictor.predict(files: [dataset.root.appendingPathComponent(path)], k: 2)[0].labels
            let probability = try #require(labels.first { $0.label == label }).probability
            let score = try #require(scores[path])
            #expect(abs(score.loss - -log(probability)) < 1e-4, "\(path)")
            #expect(score.predicted == labels[0].label && abs(score.probability - labels[0].probability) < 1e-5)
        }
    }
}
