internal import CTorch

/// An error raised inside libtorch, carrying its message (for operators: the call and its argument shapes).
public struct TorchError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// The calling thread's last libtorch error.
    static func last() -> TorchError {
        TorchError(String(cString: ct_last_error()))
    }
}

/// Throws the calling thread's libtorch error when a shim call reports failure.
@inline(__always)
func check(_ status: Int32) throws(TorchError) {
    if status != 0 { throw TorchError.last() }
}
