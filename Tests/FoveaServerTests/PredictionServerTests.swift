import Foundation
import FoveaServer
import FoveaTraining
import Hummingbird
import HummingbirdTesting
import Testing

/// The routes of `fovea serve`, through the router, on a run trained in the test.
@Suite(.serialized) struct PredictionServerTests {
    func application(_ options: ServerOptions = ServerOptions()) throws -> (some ApplicationProtocol, PredictionServer) {
        let server = try PredictionServer(run: TinyRun.url, options: options)
        return (server.application(host: "127.0.0.1", port: 0), server)
    }

    /// What `Predictor` (its own decoding from the file, its own top-k) says of `file`: the independent reference.
    func reference(_ file: URL, k: Int = 2) throws -> [Predictor.Label] {
        try Predictor(run: RunFolder.open(TinyRun.url)).predict(files: [file], k: k)[0].labels
    }

    @Test func rawMultipartAndBase64BodiesGiveThePredictorsAnswer() async throws {
        let file = try TinyRun.image("light", 3)
        let png = try Data(contentsOf: file)
        let expected = try reference(file)
        let boundary = "fovea-test-boundary"
        var form = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n".utf8)
        form += Data(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"3.png\"\r\nContent-Type: image/png\r\n\r\n"
                .utf8)
        form += png + Data("\r\n--\(boundary)--\r\n".utf8)
        let json = try JSONEncoder().encode(["base64": png.base64EncodedString()])
        let bodies: [(String, Data)] = [
            ("image/png", png), ("multipart/form-data; boundary=\"\(boundary)\"", form), ("application/json", json),
        ]
        let (app, _) = try application()
        try await app.test(.router) { client in
            for (contentType, body) in bodies {
                let response = try await client.execute(
                    uri: "/v1/predict?k=2", method: .post, headers: [.contentType: contentType], body: ByteBuffer(bytes: body))
                #expect(response.status == .ok, "\(contentType): \(response.text)")
                let reply = try response.decoded(PredictReply.self)
                expectSameLabels(reply.labels, expected)
                #expect(reply.model == "run")
            }
            // k larger than the two classes gives both; the probabilities of a softmax add up to 1.
            let all = try await client.execute(
                uri: "/v1/predict?k=9", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: png))
            let labels = try #require(try all.decoded(PredictReply.self).labels)
            #expect(labels.count == 2 && abs(labels.map(\.probability).reduce(0, +) - 1) < 1e-5)
        }
    }

    @Test func modelHealthMetricsAndOpenAPIRoutes() async throws {
        let (app, _) = try application()
        let evaluation = try RunFolder.open(TinyRun.url).evaluation()
        try await app.test(.router) { client in
            let model = try await client.execute(uri: "/v1/model", method: .get)
            let description = try model.decoded(PredictionServer.ModelDescription.self)
            #expect(description.classes == ["dark", "light"] && description.architecture == "basenet")
            #expect((description.input.channels, description.input.height, description.input.width) == (3, 16, 16))
            #expect(description.metrics?.accuracy == evaluation.accuracy && description.metrics?.count == evaluation.count)

            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok && health.text == #"{"status":"ok"}"#)

            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("/v1/predict") && !page.text.contains("http"))

            // The document lists exactly the served paths, and each of them answers.
            let document = try await client.execute(uri: "/openapi.yaml", method: .get).text
            let paths = document.split(separator: "\n").filter { $0.hasPrefix("  /") }.map { $0.dropFirst(2).dropLast() }
            #expect(Set(paths.map(String.init)) == ["/", "/v1/predict", "/v1/model", "/healthz", "/metrics", "/openapi.yaml"])
            for path in paths where path != "/v1/predict" {
                #expect(try await client.execute(uri: String(path), method: .get).status == .ok, "\(path)")
            }
            let missing = try await client.execute(uri: "/nothing", method: .get)
            let missingReply = try missing.decoded(PredictReply.self)
            #expect(missing.status == .notFound && missingReply.error != nil)

            // Every GET above is counted by its route and status.
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains(#"fovea_http_requests_total{route="/healthz",method="GET",status="200"} 2"#))
            #expect(metrics.contains(#"fovea_http_requests_total{route="NotFound",method="GET",status="404"} 1"#))
            #expect(metrics.contains(#"fovea_http_request_duration_seconds_count{route="/v1/model"} 2"#))
            #expect(metrics.contains("fovea_queue_depth 0"))
        }
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var contentType: String
        var body: @Sendable () throws -> Data
        var status: HTTPResponse.Status
        var uri = "/v1/predict"
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "empty body", contentType: "image/png", body: { Data() }, status: .badRequest),
        BadInput(name: "truncated PNG", contentType: "image/png", body: { try imageFixture("truncated-half.png") }, status: .unprocessableContent),
        BadInput(name: "truncated JPEG", contentType: "image/jpeg", body: { try imageFixture("truncated-half.jpg") }, status: .unprocessableContent),
        BadInput(name: "text bytes", contentType: "image/png", body: { try imageFixture("not-an-image.txt") }, status: .unsupportedMediaType),
        // 60000 × 60000 declared in a 254-byte PNG: refused from its header.
        BadInput(name: "decompression bomb", contentType: "image/png", body: { try imageFixture("huge-declared.png") }, status: .contentTooLarge),
        BadInput(name: "text content type", contentType: "text/plain", body: { Data("hello".utf8) }, status: .unsupportedMediaType),
        BadInput(name: "multipart without boundary", contentType: "multipart/form-data", body: { Data("x".utf8) }, status: .badRequest),
        BadInput(
            name: "multipart cut short", contentType: "multipart/form-data; boundary=b",
            body: { Data("--b\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nabc".utf8) }, status: .badRequest),
        BadInput(
            name: "multipart with a broken header", contentType: "multipart/form-data; boundary=b",
            body: { Data("--b\r\nContent-Disposition form-data\r\n\r\nabc\r\n--b--\r\n".utf8) }, status: .badRequest),
        BadInput(name: "malformed JSON", contentType: "application/json", body: { Data("{\"base64\":".utf8) }, status: .badRequest),
        BadInput(name: "bad base64", contentType: "application/json", body: { Data(#"{"base64":"***"}"#.utf8) }, status: .badRequest),
        // 21 MiB: over the default 20 MiB request limit.
        BadInput(name: "oversized body", contentType: "image/png", body: { Data(count: 21 * 1024 * 1024) }, status: .contentTooLarge),
        BadInput(name: "zero k", contentType: "image/png", body: { try imageFixture("photo.png") }, status: .badRequest, uri: "/v1/predict?k=0"),
    ]

    @Test(arguments: badInputs) func badInputIsAnsweredAndTheServerGoesOn(_ input: BadInput) async throws {
        let (app, _) = try application()
        let good = try Data(contentsOf: TinyRun.image("dark", 0))
        let body = try input.body()
        try await app.test(.router) { client in
            let started = ContinuousClock.now
            let response = try await client.execute(
                uri: input.uri, method: .post, headers: [.contentType: input.contentType], body: ByteBuffer(bytes: body))
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(response.status == input.status, "\(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let reply = try response.decoded(PredictReply.self)
            #expect(reply.error?.isEmpty == false && reply.detail?.isEmpty == false)
            let after = try await client.execute(
                uri: "/v1/predict", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: good))
            #expect(after.status == .ok)
        }
    }

    /// A decode timeout of 1 ns: no decode (hundreds of microseconds at least) ends first. With one decode slot,
    /// the second request is answered too, so a timed-out decode gives its slot back when libvips returns.
    @Test func aSlowDecodeIsAnswered422AndFreesItsSlot() async throws {
        let (app, _) = try application(ServerOptions(decodeTimeout: .nanoseconds(1), decodeConcurrency: 1))
        let body = try imageFixture("large.jpg")
        try await app.test(.router) { client in
            for _ in 0..<2 {
                let response = try await client.execute(
                    uri: "/v1/predict", method: .post, headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: body))
                #expect(response.status == .unprocessableContent)
                #expect(try response.decoded(PredictReply.self).error == "decode timeout")
            }
        }
    }

    @Test func concurrentRequestsShareBatchesAndGetTheirOwnAnswers() async throws {
        let files = try (0..<4).flatMap { index in [try TinyRun.image("dark", index), try TinyRun.image("light", index)] }
        let expected = try files.map { try reference($0) }
        // A wait long enough for all eight requests to join the first batch on a loaded machine.
        let (app, server) = try application(ServerOptions(maxBatchSize: 8, maxBatchWait: .milliseconds(400)))
        let bodies = try files.map { try Data(contentsOf: $0) }
        let replies = try await app.test(.router) { client in
            try await withThrowingTaskGroup(of: (Int, PredictReply).self) { group in
                for (index, body) in bodies.enumerated() {
                    group.addTask {
                        let response = try await client.execute(
                            uri: "/v1/predict?k=2", method: .post, headers: [.contentType: "image/png"],
                            body: ByteBuffer(bytes: body))
                        return (index, try response.decoded(PredictReply.self))
                    }
                }
                return try await group.reduce(into: [Int: PredictReply]()) { $0[$1.0] = $1.1 }
            }
        }
        for (index, labels) in expected.enumerated() { expectSameLabels(replies[index]?.labels, labels) }
        let batches = server.metrics.batches
        #expect(batches.images == 8 && batches.count < 8)
    }

    @Test func aFullQueueIsAnswered503WithRetryAfter() async throws {
        // Two places, and a batch that waits 1.5 s for a third image: the third request finds the queue full.
        let options = ServerOptions(maxBatchSize: 16, maxBatchWait: .milliseconds(1500), queueCapacity: 2)
        let (app, server) = try application(options)
        let body = try Data(contentsOf: TinyRun.image("dark", 1))
        let statuses = try await app.test(.router) { client in
            try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        let response = try await client.execute(
                            uri: "/v1/predict", method: .post, headers: [.contentType: "image/png"], body: ByteBuffer(bytes: body))
                        return (response.status, response.headers[.retryAfter])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(statuses.filter { $0.0 == .ok }.count == 2)
        #expect(statuses.filter { $0.0 == .serviceUnavailable && $0.1 == "1" }.count == 1)
        #expect(server.metrics.render().contains("fovea_queue_rejections_total 1"))
    }
}
