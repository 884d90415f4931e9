/// Why an image could not be read, decoded or written. The description
/// always names the file (or the name given for bytes, `<memory>` by default).
public struct ImageError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public enum Problem: Sendable, Equatable {
        /// The file cannot be opened or is not a regular file.
        case unreadable(String)
        /// The data is empty or in no format any loader recognises.
        case notAnImage(String)
        /// The data ends before the image does.
        case truncated(String)
        /// The format is recognised but the data is damaged.
        case corrupt(String)
        /// The header declares (or a resize asks for) more pixels than allowed.
        case tooManyPixels(width: Int, height: Int, limit: Int)
        /// The encoded data is larger than allowed.
        case tooLarge(bytes: Int, limit: Int)
        /// The image is valid but has a layout, format or option this library
        /// cannot turn into the requested result.
        case unsupported(String)
        /// An option or argument is out of range.
        case invalidArgument(String)
        /// Encoding failed, or the encoded file could not be written.
        case unwritable(String)
    }

    /// The file path, or the name given for bytes in memory.
    public let source: String
    /// What went wrong.
    public let problem: Problem

    /// An error about `source`.
    public init(source: String, problem: Problem) {
        self.source = source
        self.problem = problem
    }

    /// "`source`: what went wrong (details)".
    public var description: String {
        "\(source): \(summary)"
    }

    private var summary: String {
        switch problem {
        case .unreadable(let reason):
            "cannot read the file (\(reason))"
        case .notAnImage(let reason):
            "not an image (\(reason))"
        case .truncated(let details):
            "truncated image data (\(details))"
        case .corrupt(let details):
            "corrupt image data (\(details))"
        case .tooManyPixels(let width, let height, let limit):
            "too many pixels: \(width) × \(height) is over the limit of \(limit)"
        case .tooLarge(let bytes, let limit):
            "too large: \(bytes) bytes is over the limit of \(limit)"
        case .unsupported(let details):
            "unsupported image (\(details))"
        case .invalidArgument(let details):
            "invalid argument (\(details))"
        case .unwritable(let details):
            "cannot write the image (\(details))"
        }
    }
}
