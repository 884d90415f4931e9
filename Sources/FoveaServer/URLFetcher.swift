import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches the image of a JSON `{"url": …}` request through the `AddressGuard`: the host of the URL and of every
/// redirect is resolved and checked before it is asked, redirects are followed by hand (at most 5), and the body
/// is cut off past `maxBytes`; the whole fetch ends within `timeout`.
///
/// The check and the connection resolve the name separately, so a name whose answer changes in between (DNS
/// rebinding) is not caught; IP literals and stable names are.
struct URLFetcher: Sendable {
    var addressGuard: AddressGuard
    var timeout: Duration
    var maxBytes: Int
    static let maxRedirects = 5

    /// The body of `text`, an http or https URL.
    /// - Throws: `APIError` 400 (bad or refused URL), 413 (too large), 502 (unreachable or not 2xx), 504 (timeout).
    func fetch(_ text: String) async throws -> [UInt8] {
        guard var url = URL(string: text) else { throw APIError.badRequest("'\(text)' is not a URL") }
        for _ in 0...Self.maxRedirects {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host,
                !host.isEmpty
            else {
                throw APIError.badRequest("only http and https URLs with a host are fetched, not '\(url.absoluteString)'")
            }
            try await addressGuard.check(host: host)
            switch try await fetchOnce(url) {
            case .body(let bytes):
                return bytes
            case .redirect(let location):
                guard let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                    throw APIError(.badGateway, "url unreachable", detail: "\(url) redirects to a bad URL '\(location)'")
                }
                url = next
            }
        }
        throw APIError(.badGateway, "url unreachable", detail: "more than \(Self.maxRedirects) redirects from \(text)")
    }

    enum Outcome: Sendable {
        case body([UInt8])
        case redirect(String)
    }

    private func fetchOnce(_ url: URL) async throws -> Outcome {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.timeInterval
        configuration.timeoutIntervalForResource = timeout.timeInterval
        let delegate = FetchDelegate(url: url, maxBytes: maxBytes)
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { continuation in
            delegate.start(session.dataTask(with: url), continuation: continuation)
        }
    }
}

/// One request's state: redirects are not followed (the fetcher checks their target first), bodies are capped.
private final class FetchDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct State {
        var continuation: CheckedContinuation<URLFetcher.Outcome, any Error>?
        var body: [UInt8] = []
        var failure: APIError?
        var redirect: String?
    }

    let url: URL
    let maxBytes: Int
    private let state = Mutex(State())

    init(url: URL, maxBytes: Int) {
        self.url = url
        self.maxBytes = maxBytes
    }

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<URLFetcher.Outcome, any Error>) {
        state.withLock { $0.continuation = continuation }
        task.resume()
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        let status = http?.statusCode ?? 0
        let problem: APIError?
        if (300..<400).contains(status), let location = http?.value(forHTTPHeaderField: "Location") {
            state.withLock { $0.redirect = location }
            problem = nil
        } else if !(200..<300).contains(status) {
            problem = APIError(.badGateway, "url unreachable", detail: "\(url) answered HTTP \(status)")
        } else if response.expectedContentLength > Int64(maxBytes) {
            problem = APIError.tooLarge("\(url) declares \(response.expectedContentLength) bytes, over the limit of \(maxBytes)")
        } else {
            problem = nil
        }
        state.withLock { $0.failure = problem }
        completionHandler(problem == nil ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = state.withLock { state in
            state.body += data
            if state.body.count > maxBytes, state.failure == nil {
                state.failure = APIError.tooLarge("\(url) sent more than the limit of \(maxBytes) bytes")
            }
            return state.failure != nil
        }
        if over { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, outcome): (CheckedContinuation<URLFetcher.Outcome, any Error>?, Result<URLFetcher.Outcome, any Error>) =
            state.withLock { state in
                defer { state.continuation = nil }
                if let failure = state.failure { return (state.continuation, .failure(failure)) }
                if let redirect = state.redirect { return (state.continuation, .success(.redirect(redirect))) }
                if let error = error as? URLError {
                    let apiError = error.code == .timedOut
                        ? APIError(.gatewayTimeout, "url timeout", detail: "\(url) did not answer in time")
                        : APIError(.badGateway, "url unreachable", detail: "\(url): \(error.localizedDescription)")
                    return (state.continuation, .failure(apiError))
                }
                if let error { return (state.continuation, .failure(error)) }
                return (state.continuation, .success(.body(state.body)))
            }
        continuation?.resume(with: outcome)
    }
}
