import Dispatch
import Foundation
import FoveaTensor
import FoveaTraining

/// The run's model on one serial queue of its own: one forward pass at a time, each using libtorch's intra-op
/// threads (one per core at most), so the server never runs more inference threads than cores and the
/// cooperative thread pool is never blocked by a forward pass.
final class ModelRunner: @unchecked Sendable {
    // Only touched on `queue`.
    private let predictor: Predictor
    private let queue = DispatchQueue(label: "fovea.inference")
    let configuration: RunConfiguration

    init(predictor: Predictor) {
        self.predictor = predictor
        configuration = predictor.configuration
    }

    /// Class probabilities of each image (CHW uint8 bytes at the run's input size), in one forward pass.
    func classify(_ images: [[UInt8]]) async throws -> [[Float]] {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                continuation.resume(
                    with: Result {
                        let input = configuration.input
                        let batch = try Tensor(
                            bytes: images.flatMap { $0 }, dtype: .uint8,
                            shape: [images.count, input.channels, input.height, input.width])
                        let flat = try self.predictor.classify(batch).toArray(Float.self)
                        let classes = configuration.classes.count
                        return (0..<images.count).map { Array(flat[($0 * classes)..<(($0 + 1) * classes)]) }
                    })
            }
        }
    }
}

/// Gathers concurrent requests into batches for the model: a batch starts when `maxBatchSize` images wait or the
/// oldest has waited `maxBatchWait`, one batch at a time. At most `queueCapacity` images wait; more are refused
/// with `APIError` 503 at once, so that a flood of requests is answered instead of piling up.
public actor InferenceBatcher {
    private struct Job {
        var pixels: [UInt8]
        var arrival: ContinuousClock.Instant
        var continuation: CheckedContinuation<[Float], any Error>
    }

    private let runner: ModelRunner
    private let options: ServerOptions
    private let metrics: ServerMetrics
    private var waiting: [Job] = []
    private var isRunning = false
    private var deadline: Task<Void, Never>?

    init(runner: ModelRunner, options: ServerOptions, metrics: ServerMetrics) {
        self.runner = runner
        self.options = options
        self.metrics = metrics
    }

    /// The class probabilities of one image (CHW uint8 bytes at the run's input size).
    /// - Throws: `APIError` 503 when the queue is full; the model's error if the forward pass fails.
    public func classify(_ pixels: [UInt8]) async throws -> [Float] {
        guard waiting.count < options.queueCapacity else {
            metrics.recordRejection()
            throw APIError(
                .serviceUnavailable, "queue full",
                detail: "\(options.queueCapacity) images are already waiting for the model; retry shortly",
                headers: [.retryAfter: "1"])
        }
        return try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(pixels: pixels, arrival: .now, continuation: continuation))
            metrics.setQueueDepth(waiting.count)
            startBatchIfReady()
        }
    }

    private func startBatchIfReady() {
        guard !isRunning, let oldest = waiting.first else { return }
        let waited = ContinuousClock.now - oldest.arrival
        guard waiting.count >= options.maxBatchSize || waited >= options.maxBatchWait else {
            if deadline == nil {
                let remaining = options.maxBatchWait - waited
                deadline = Task {
                    try? await Task.sleep(for: remaining)
                    self.deadlinePassed()
                }
            }
            return
        }
        deadline?.cancel()
        deadline = nil
        let batch = Array(waiting.prefix(options.maxBatchSize))
        waiting.removeFirst(batch.count)
        metrics.setQueueDepth(waiting.count)
        metrics.recordBatch(size: batch.count)
        isRunning = true
        Task {
            do {
                finish(batch, with: .success(try await runner.classify(batch.map(\.pixels))))
            } catch {
                finish(batch, with: .failure(error))
            }
        }
    }

    private func deadlinePassed() {
        deadline = nil
        startBatchIfReady()
    }

    private func finish(_ batch: [Job], with outcome: Result<[[Float]], any Error>) {
        switch outcome {
        case .success(let probabilities):
            for (job, row) in zip(batch, probabilities) { job.continuation.resume(returning: row) }
        case .failure(let error):
            for job in batch { job.continuation.resume(throwing: error) }
        }
        isRunning = false
        startBatchIfReady()
    }
}
