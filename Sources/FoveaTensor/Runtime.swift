internal import CTorch
import Foundation

/// Process-wide libtorch settings, applied once before the first tensor is made.
public enum Runtime {
    /// Set up once, lazily and thread-safely (Swift globals are initialised on first use):
    /// one compute thread per core unless `FOVEA_THREADS` says otherwise.
    static let ready: Void = {
        let requested = ProcessInfo.processInfo.environment["FOVEA_THREADS"].flatMap { Int32($0) } ?? 0
        _ = ct_init(requested)
    }()

    /// The number of threads libtorch uses for one operator.
    public static var threadCount: Int {
        get throws(TorchError) {
            _ = ready
            var count: Int32 = 0
            try check(ct_get_num_threads(&count))
            return Int(count)
        }
    }

    /// Sets the number of compute threads; never set more than there are cores.
    public static func setThreadCount(_ count: Int) throws(TorchError) {
        _ = ready
        try check(ct_set_num_threads(Int32(clamping: count)))
    }
}
