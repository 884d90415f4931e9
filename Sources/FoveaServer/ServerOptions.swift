import Foundation

/// How `fovea serve` guards itself and batches inference. The defaults suit a small CPU model on a laptop.
public struct ServerOptions: Sendable, Equatable {
    /// Largest request body accepted, in bytes (413 past it). Default 20 MiB.
    public var maxRequestBytes: Int
    /// Largest `width × height` an upload may declare, checked against the image header before any pixel is
    /// decoded, so that decompression bombs are refused at once (413). Default 40 megapixels.
    public var maxImagePixels: Int
    /// How long decoding one upload may take before the request is answered 422. Default 5 s.
    public var decodeTimeout: Duration
    /// Most images classified in one forward pass. Default 16.
    public var maxBatchSize: Int
    /// How long the first image of a batch waits for others to join it. Default 5 ms.
    public var maxBatchWait: Duration
    /// Most images waiting for the model; past it requests are answered 503 with `Retry-After`. Default 64.
    public var queueCapacity: Int
    /// How long fetching a JSON `{"url": …}` may take, redirects included, before the request is answered 504.
    /// Default 10 s.
    public var fetchTimeout: Duration
    /// Fetch URLs on loopback addresses (for tests against a local server); other private, link-local and
    /// metadata addresses are always refused. Default false.
    public var allowLoopback: Bool
    /// Most uploads decoded at once (each decode has its own thread). Default: the number of cores.
    public var decodeConcurrency: Int

    /// Options with the defaults above unless given.
    public init(
        maxRequestBytes: Int = 20 * 1024 * 1024, maxImagePixels: Int = 40_000_000, decodeTimeout: Duration = .seconds(5),
        maxBatchSize: Int = 16, maxBatchWait: Duration = .milliseconds(5), queueCapacity: Int = 64,
        fetchTimeout: Duration = .seconds(10), allowLoopback: Bool = false, decodeConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.maxRequestBytes = maxRequestBytes
        self.maxImagePixels = maxImagePixels
        self.decodeTimeout = decodeTimeout
        self.maxBatchSize = maxBatchSize
        self.maxBatchWait = maxBatchWait
        self.queueCapacity = queueCapacity
        self.fetchTimeout = fetchTimeout
        self.allowLoopback = allowLoopback
        self.decodeConcurrency = decodeConcurrency
    }

    /// The first option out of range, named as on the command line; nil when all are valid.
    public var problem: String? {
        if maxRequestBytes <= 0 { return "--max-request-bytes must be positive" }
        if maxImagePixels <= 0 { return "--max-image-pixels must be positive" }
        if decodeTimeout <= .zero { return "--decode-timeout must be positive" }
        if maxBatchSize <= 0 { return "--max-batch-size must be positive" }
        if maxBatchWait < .zero { return "--max-batch-wait must not be negative" }
        if queueCapacity <= 0 { return "--queue-capacity must be positive" }
        if fetchTimeout <= .zero { return "--fetch-timeout must be positive" }
        if decodeConcurrency <= 0 { return "decode concurrency must be positive" }
        return nil
    }
}
