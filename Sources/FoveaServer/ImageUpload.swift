import Foundation
import Hummingbird
import MultipartKit

/// The encoded image bytes of a `POST /v1/predict` body: a raw image (`image/*` or `application/octet-stream`),
/// a `multipart/form-data` form with an `image` field, or JSON `{"base64": …}` or `{"url": …}`.
enum ImageUpload {
    /// The encoded image of `request`, reading at most `maxBytes` of its body.
    /// - Throws: `APIError` 400 (malformed body), 413 (too large) or 415 (unsupported content type).
    static func bytes(of request: Request, maxBytes: Int, fetcher: URLFetcher) async throws -> [UInt8] {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxBytes {
            throw APIError.tooLarge("the body declares \(declared) bytes, over the limit of \(maxBytes)")
        }
        let contentType = request.headers[.contentType] ?? ""
        let mediaType = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let accepted = mediaType.hasPrefix("image/") || mediaType == "application/octet-stream"
            || mediaType == "multipart/form-data" || mediaType == "application/json"
        guard accepted else {
            throw APIError.unsupportedType(
                "Content-Type '\(contentType)' is not accepted: send image/*, multipart/form-data or application/json")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.tooLarge("the body is over the limit of \(maxBytes) bytes")
        }
        let bytes = Array(body.readableBytesView)
        guard !bytes.isEmpty else { throw APIError.badRequest("the body is empty: send an image") }
        switch mediaType {
        case "multipart/form-data": return try imageField(of: bytes, contentType: contentType)
        case "application/json": return try await jsonImage(of: bytes, fetcher: fetcher)
        default: return bytes
        }
    }

    /// The `image` field of a multipart form.
    static func imageField(of body: [UInt8], contentType: String) throws -> [UInt8] {
        guard let boundary = parameter("boundary", of: contentType), !boundary.isEmpty else {
            throw APIError.badRequest("multipart/form-data without a boundary parameter")
        }
        let parser = MultipartParser(boundary: boundary)
        var headers: [String: String] = [:]
        var part: [UInt8] = []
        var image: [UInt8]?
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { buffer in part += buffer.readableBytesView }
        parser.onPartComplete = {
            if image == nil, let disposition = headers["content-disposition"], parameter("name", of: disposition) == "image" {
                image = part
            }
            headers = [:]
            part = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw APIError.badRequest("malformed multipart/form-data body")
        }
        guard let image else {
            throw APIError.badRequest("the multipart form has no complete field named 'image'")
        }
        return image
    }

    struct JSONBody: Decodable {
        var base64: String?
        var url: String?
    }

    /// The image of a JSON body: `{"base64": …}` (a data URL's `data:…;base64,` prefix is allowed) or
    /// `{"url": …}`, fetched through `fetcher`.
    static func jsonImage(of body: [UInt8], fetcher: URLFetcher) async throws -> [UInt8] {
        let json: JSONBody
        do {
            json = try JSONDecoder().decode(JSONBody.self, from: Data(body))
        } catch {
            throw APIError.badRequest("the body is not a JSON object with a string field 'base64' or 'url'")
        }
        if let url = json.url, json.base64 == nil { return try await fetcher.fetch(url) }
        guard var text = json.base64 else {
            throw APIError.badRequest("the JSON body has no field 'base64' or 'url'")
        }
        if text.hasPrefix("data:"), let comma = text.firstIndex(of: ",") {
            text = String(text[text.index(after: comma)...])
        }
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw APIError.badRequest("the field 'base64' is not base64-encoded data")
        }
        return Array(data)
    }

    /// The value of `name=value` (quoted or not) in a header such as Content-Type or Content-Disposition.
    static func parameter(_ name: String, of header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            return pair[1].count >= 2 && pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"")
                ? String(pair[1].dropFirst().dropLast()) : pair[1]
        }
        return nil
    }
}
