import GRDB

/// Where a registered run stands.
public enum RunStatus: String, Codable, Sendable, DatabaseValueConvertible {
    /// Training now, or killed without a chance to say so.
    case running
    /// Trained every planned epoch.
    case finished
    /// Ended before its last epoch by early stopping (or, for a run folder added by a rescan, ended early for a
    /// reason its files do not tell).
    case stopped
    /// The loss stopped being finite.
    case diverged
    /// Stopped from outside (Ctrl-C); resumable from its checkpoint.
    case interrupted
    /// Ended by an error.
    case failed
}
