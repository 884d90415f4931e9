import Foundation

/// A request to stop training after the current step, safe to raise from another thread (a signal handler's
/// queue). The learner checks it before each batch; a stopped run keeps a checkpoint it can resume from.
public final class Interruption: @unchecked Sendable {
    private let lock = NSLock()
    private var pendingReason: String?

    public init() {}

    /// Asks the learner to stop; the first reason given is kept.
    public func request(reason: String) {
        lock.lock()
        defer { lock.unlock() }
        if pendingReason == nil { pendingReason = reason }
    }

    /// Why a stop was requested, or nil.
    public var reason: String? {
        lock.lock()
        defer { lock.unlock() }
        return pendingReason
    }
}
