import Dispatch
import Foundation
import FoveaData
import FoveaImage
import Hummingbird
import Logging

/// `fovea clean`: a page over a dataset index to relabel, delete or keep images, and the JSON API behind it.
/// Every edit goes to the index at once (``DatasetCleaner``); files move only on `POST /api/apply`.
public final class CleaningServer: Sendable {
    public let cleaner: DatasetCleaner
    /// Where deleted images go on apply.
    public let quarantine: URL
    /// Largest `limit` of `GET /api/items`.
    static let maxPageSize = 1000

    public init(cleaner: DatasetCleaner, quarantine: URL) {
        self.cleaner = cleaner
        self.quarantine = quarantine
    }

    /// The routes, with JSON errors on all of them.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ErrorMiddleware())
        router.get("/") { _, _ in
            try ServerApplication.resource("clean", "html", contentType: "text/html; charset=utf-8")
        }
        router.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("/api/summary") { _, _ in try JSONResponse.make(try self.cleaner.summary()) }
        router.get("/api/items") { request, _ in try self.items(request) }
        router.get("/api/thumbnail") { request, _ in try await self.thumbnail(request) }
        router.post("/api/edits") { request, _ in try await self.edit(request) }
        router.post("/api/undo") { _, _ in try JSONResponse.make(UndoAnswer(undone: try self.cleaner.undo())) }
        router.post("/api/apply") { _, _ in try JSONResponse.make(try self.cleaner.apply(quarantine: self.quarantine)) }
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

    /// The answer of `GET /api/items`.
    public struct ItemsAnswer: Codable, Sendable {
        /// Images the filter selects, all pages together.
        public var total: Int
        public var offset: Int
        public var items: [CleaningItem]
    }

    /// The body of `POST /api/edits`.
    public struct EditRequest: Codable, Sendable {
        public var path: String
        public var action: CleaningAction
        public var label: String?
    }

    /// The answer of `POST /api/undo`: the edit taken back, or null when none was pending.
    public struct UndoAnswer: Codable, Sendable {
        public var undone: CleaningEdit?
    }

    func items(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        // An empty parameter (a page's "all" choice) is no parameter.
        let text = { (name: String) -> String? in
            query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        var filter = CleaningFilter(label: text("label"), problem: text("problem"))
        if let order = text("order") {
            guard let parsed = CleaningFilter.Order(rawValue: order) else {
                throw APIError.badRequest("order must be path or loss, not '\(order)'")
            }
            filter.order = parsed
        }
        if let decided = text("decided") {
            guard let value = Bool(decided) else { throw APIError.badRequest("decided must be true or false") }
            filter.decided = value
        }
        let offset = try Self.whole(text("offset"), name: "offset", default: 0, range: 0...Int.max)
        let limit = try Self.whole(text("limit"), name: "limit", default: 200, range: 1...Self.maxPageSize)
        let all = try cleaner.items(filter)
        let page = offset < all.count ? Array(all[offset..<min(all.count, offset + limit)]) : []
        return try JSONResponse.make(ItemsAnswer(total: all.count, offset: offset, items: page))
    }

    func edit(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 * 1024)
        let edit: EditRequest
        do {
            edit = try JSONDecoder().decode(EditRequest.self, from: Data(buffer: body))
        } catch {
            throw APIError.badRequest(
                "the body must be JSON {\"path\", \"action\": relabel|delete|keep, \"label\"}: \(error)")
        }
        do {
            return try JSONResponse.make(try cleaner.record(edit.action, path: edit.path, label: edit.label))
        } catch DatasetError.notFound(let detail) {
            throw APIError(.notFound, "no such image", detail: detail)
        } catch let error as DatasetError {
            throw APIError(.unprocessableContent, "invalid edit", detail: error.description)
        }
    }

    /// A JPEG of an indexed image fitting in `side` pixels (default 160). Only paths of the index are served.
    func thumbnail(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard let path = query["path"].map(String.init), !path.isEmpty else {
            throw APIError.badRequest("thumbnail needs ?path=")
        }
        let side = try Self.whole(query["side"].map(String.init), name: "side", default: 160, range: 16...1024)
        guard try cleaner.index.image(at: path) != nil else {
            throw APIError(.notFound, "no such image", detail: "\(path) is not an image of the dataset index")
        }
        let file = cleaner.index.root.appendingPathComponent(path)
        let limits = cleaner.index.limits
        let result: Result<[UInt8], any Error> = await withCheckedContinuation { continuation in
            // libvips blocks: off the cooperative threads.
            DispatchQueue.global().async {
                continuation.resume(
                    returning: Result {
                        let options = DecodeOptions(size: .fitInside(side), colorMode: .rgb, strict: false, limits: limits)
                        return try Image.decode(contentsOf: file, options: options).encodeJPEG(quality: 80)
                    })
            }
        }
        switch result {
        case .success(let bytes):
            return Response(
                status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "private, max-age=60"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        case .failure(let error):
            throw APIError(.unprocessableContent, "undecodable image", detail: "\(path): \(error)")
        }
    }

    static func whole(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("\(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }
}
