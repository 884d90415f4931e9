import Foundation
import Hummingbird

/// An error answered as JSON `{"error": …, "detail": …}` with its HTTP status.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// A short, stable name of the problem ("not an image", "queue full"…).
    public var error: String
    /// What exactly was wrong, for a person.
    public var detail: String
    /// Extra response headers (`Retry-After`).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ error: String, detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = headers
    }

    struct Body: Codable {
        var error: String
        var detail: String
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(Body(error: error, detail: detail), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func badRequest(_ detail: String) -> APIError { APIError(.badRequest, "bad request", detail: detail) }
    static func tooLarge(_ detail: String) -> APIError { APIError(.contentTooLarge, "too large", detail: detail) }
    static func unsupportedType(_ detail: String) -> APIError {
        APIError(.unsupportedMediaType, "unsupported media type", detail: detail)
    }
}

/// Responses with a JSON body.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// Turns every error into `APIError` JSON, so that no failure leaks a stack of text or an empty body: framework
/// errors keep their status, anything else is a 500 whose detail is logged and not shown.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as any HTTPResponseError {
            let detail = error.status == .notFound
                ? "no route for \(request.method) \(request.uri.path); see /openapi.yaml"
                : "\(error.status.code) \(error.status.reasonPhrase) for \(request.method) \(request.uri.path)"
            throw APIError(error.status, error.status.reasonPhrase.lowercased(), detail: detail)
        } catch {
            context.logger.error("unexpected error on \(request.uri.path): \(error)")
            throw APIError(.internalServerError, "internal error", detail: "the server failed to answer; see its log")
        }
    }
}
