import Foundation
import Hummingbird
import Synchronization

/// Counters and histograms of the server, rendered in Prometheus' text exposition format (version 0.0.4).
public final class ServerMetrics: Sendable {
    /// Upper bounds of the request latency buckets, in seconds.
    static let latencyBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    /// Upper bounds of the batch size buckets.
    static let batchBuckets: [Double] = [1, 2, 4, 8, 16, 32, 64, 128]

    struct Histogram {
        var bounds: [Double]
        var counts: [Int]
        var sum = 0.0
        var count = 0

        init(bounds: [Double]) {
            self.bounds = bounds
            counts = Array(repeating: 0, count: bounds.count)
        }

        mutating func observe(_ value: Double) {
            // Prometheus buckets are cumulative: a value counts in every bucket whose bound it does not exceed.
            for (index, bound) in bounds.enumerated() where value <= bound { counts[index] += 1 }
            sum += value
            count += 1
        }
    }

    struct RequestKey: Hashable, Comparable {
        var route: String
        var method: String
        var status: Int

        static func < (left: RequestKey, right: RequestKey) -> Bool {
            (left.route, left.method, left.status) < (right.route, right.method, right.status)
        }
    }

    struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
        var batchSizes = Histogram(bounds: ServerMetrics.batchBuckets)
        var queueDepth = 0
        var rejected = 0
    }

    private let state = Mutex(State())

    public init() {}

    func recordRequest(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(route: route, method: method, status: status), default: 0] += 1
            state.latency[route, default: Histogram(bounds: Self.latencyBuckets)].observe(seconds)
        }
    }

    func recordBatch(size: Int) { state.withLock { $0.batchSizes.observe(Double(size)) } }
    func setQueueDepth(_ depth: Int) { state.withLock { $0.queueDepth = depth } }
    func recordRejection() { state.withLock { $0.rejected += 1 } }

    /// The batches run so far and the images they held.
    public var batches: (count: Int, images: Int) {
        state.withLock { ($0.batchSizes.count, Int($0.batchSizes.sum)) }
    }

    /// Everything, in Prometheus' text format.
    public func render() -> String {
        let state = state.withLock { $0 }
        var lines = [
            "# HELP fovea_http_requests_total HTTP requests answered, by route, method and status.",
            "# TYPE fovea_http_requests_total counter",
        ]
        for (key, count) in state.requests.sorted(by: { $0.key < $1.key }) {
            lines.append(
                "fovea_http_requests_total{route=\"\(escaped(key.route))\",method=\"\(key.method)\",status=\"\(key.status)\"} \(count)")
        }
        lines += [
            "# HELP fovea_http_request_duration_seconds Time from the request to its response, by route.",
            "# TYPE fovea_http_request_duration_seconds histogram",
        ]
        for (route, histogram) in state.latency.sorted(by: { $0.key < $1.key }) {
            lines += render(histogram, name: "fovea_http_request_duration_seconds", labels: "route=\"\(escaped(route))\"")
        }
        lines += [
            "# HELP fovea_batch_size Images per forward pass of the model.",
            "# TYPE fovea_batch_size histogram",
        ]
        lines += render(state.batchSizes, name: "fovea_batch_size", labels: nil)
        lines += [
            "# HELP fovea_queue_depth Images waiting for the model.",
            "# TYPE fovea_queue_depth gauge",
            "fovea_queue_depth \(state.queueDepth)",
            "# HELP fovea_queue_rejections_total Requests answered 503 because the queue was full.",
            "# TYPE fovea_queue_rejections_total counter",
            "fovea_queue_rejections_total \(state.rejected)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ histogram: Histogram, name: String, labels: String?) -> [String] {
        let prefix = labels.map { "\($0)," } ?? ""
        let suffix = labels.map { "{\($0)}" } ?? ""
        var lines = zip(histogram.bounds, histogram.counts).map { bound, count in
            "\(name)_bucket{\(prefix)le=\"\(bound)\"} \(count)"
        }
        lines.append("\(name)_bucket{\(prefix)le=\"+Inf\"} \(histogram.count)")
        lines.append("\(name)_sum\(suffix) \(histogram.sum)")
        lines.append("\(name)_count\(suffix) \(histogram.count)")
        return lines
    }

    private func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// Counts every request by its route (the matched pattern, not the raw path, so that metrics stay bounded) and
/// status, and times it.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let status: HTTPResponse.Status
        defer {
            let elapsed = ContinuousClock.now - start
            let seconds = elapsed.timeInterval
            metrics.recordRequest(
                route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: status.code,
                seconds: seconds)
        }
        do {
            let response = try await next(request, context)
            status = response.status
            return response
        } catch let error as any HTTPResponseError {
            status = error.status
            throw error
        } catch {
            status = .internalServerError
            throw error
        }
    }
}
