/// Problems with a dataset on disk; every case names the file or folder.
public enum DatasetError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case unreadable(String, String)
    case malformed(String, String)
    case empty(String, String)
    case mismatch(String)

    public var description: String {
        switch self {
        case .notFound(let path): "\(path): not found"
        case .unreadable(let path, let reason): "\(path): cannot be read: \(reason)"
        case .malformed(let path, let reason): "\(path): \(reason)"
        case .empty(let path, let reason): "\(path): \(reason)"
        case .mismatch(let reason): reason
        }
    }
}
