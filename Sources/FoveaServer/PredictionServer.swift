import Foundation
import FoveaTraining
import Hummingbird
import Logging

/// A trained run served over HTTP: the JSON API, the page at `/`, health, metrics and the OpenAPI document.
public final class PredictionServer: Sendable {
    /// The run's name, as answers name the model.
    public let name: String
    public let configuration: RunConfiguration
    public let options: ServerOptions
    public let metrics = ServerMetrics()
    /// The run's test evaluation, if it has one.
    let evaluation: Evaluation?
    let batcher: InferenceBatcher
    let decoder: UploadDecoder
    let fetcher: URLFetcher

    /// Loads the run's model.
    /// - Throws: `ServerError` naming the first option out of range; `RunError` when the folder is not a run.
    public init(run: URL, options: ServerOptions = ServerOptions()) throws {
        if let problem = options.problem { throw ServerError(problem) }
        let folder = try RunFolder.open(run)
        let predictor = try Predictor(run: folder)
        name = run.standardizedFileURL.lastPathComponent
        configuration = predictor.configuration
        self.options = options
        evaluation = try? folder.evaluation()
        batcher = InferenceBatcher(runner: ModelRunner(predictor: predictor), options: options, metrics: metrics)
        decoder = UploadDecoder(configuration: configuration, options: options)
        fetcher = URLFetcher(
            addressGuard: AddressGuard(allowLoopback: options.allowLoopback), timeout: options.fetchTimeout,
            maxBytes: options.maxRequestBytes)
    }

    /// The routes, with JSON errors and request metrics on all of them.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        router.get("/") { _, _ in try ServerApplication.resource("index", "html", contentType: "text/html; charset=utf-8") }
        router.get("/openapi.yaml") { _, _ in try ServerApplication.resource("openapi", "yaml", contentType: "application/yaml") }
        router.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: self.metrics.render())))
        }
        router.get("/v1/model") { _, _ in try JSONResponse.make(self.modelDescription) }
        router.post("/v1/predict") { request, _ in try await self.predict(request) }
        return router
    }

    /// An application listening on `host:port` (0: any free port); `onRunning` gets the bound port.
    public func application(
        host: String, port: Int, logger: Logger? = nil, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        ServerApplication.make(router: router(), host: host, port: port, logger: logger, onRunning: onRunning)
    }

    /// Listens on `host:port` until SIGTERM or SIGINT, then answers the requests in flight and returns.
    public func serve(host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        try await application(host: host, port: port, onRunning: onRunning).runService()
    }

    /// The answer of `POST /v1/predict`.
    public struct Answer: Codable, Sendable {
        public var labels: [Predictor.Label]
        public var model: String
    }

    func predict(_ request: Request) async throws -> Response {
        let k = try topK(request)
        let encoded = try await ImageUpload.bytes(of: request, maxBytes: options.maxRequestBytes, fetcher: fetcher)
        let pixels = try await decoder.pixels(of: encoded)
        let probabilities = try await batcher.classify(pixels)
        let top = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }.prefix(k)
        let labels = top.map { Predictor.Label(label: configuration.classes[$0], probability: Double(probabilities[$0])) }
        return try JSONResponse.make(Answer(labels: labels, model: name))
    }

    private func topK(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["k"] else { return Swift.min(5, configuration.classes.count) }
        guard let k = Int(String(text)), k > 0 else {
            throw APIError.badRequest("k must be a positive whole number, not '\(text)'")
        }
        return Swift.min(k, configuration.classes.count)
    }

    /// The answer of `GET /v1/model`.
    public struct ModelDescription: Codable, Sendable {
        public var name: String
        public var architecture: String
        public var classes: [String]
        public var input: Input
        /// The run's test metrics; nil when it was never evaluated.
        public var metrics: Metrics?

        public struct Input: Codable, Sendable {
            public var channels: Int
            public var height: Int
            public var width: Int
        }

        public struct Metrics: Codable, Sendable {
            public var count: Int
            public var loss: Double
            public var accuracy: Double
        }
    }

    var modelDescription: ModelDescription {
        ModelDescription(
            name: name, architecture: configuration.architecture, classes: configuration.classes,
            input: .init(
                channels: configuration.input.channels, height: configuration.input.height, width: configuration.input.width),
            metrics: evaluation.map { .init(count: $0.count, loss: $0.loss, accuracy: $0.accuracy) })
    }
}

/// A problem setting the server up.
public struct ServerError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
