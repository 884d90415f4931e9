/// Problems reading or rendering Quick Draw drawings; each names the file (and line) it is about.
public enum QuickDrawError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// A line of the file is not a well-formed drawing (1-based line number).
    case malformed(file: String, line: Int, problem: String)
    /// Rasterizer parameters outside what makes a picture.
    case invalidParameters(String)
    /// cairo could not make or draw the bitmap.
    case cairo(String)
    /// A drawing's class is not among the classes a batch was asked for.
    case unknownClass(word: String, keyID: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot be read: \(reason)"
        case .malformed(let file, let line, let problem): "\(file):\(line): \(problem)"
        case .invalidParameters(let problem): "Quick Draw rasterizer: \(problem)"
        case .cairo(let problem): "Quick Draw rasterizer: cairo: \(problem)"
        case .unknownClass(let word, let keyID): "drawing \(keyID): class \"\(word)\" is not among the batch's classes"
        }
    }
}
