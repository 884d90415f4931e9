/// Why a dataset index cannot be used; each case names the file.
public enum DatasetIndexError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file is not a SQLite database, or its pages are damaged.
    case damaged(file: String, detail: String)
    /// A SQLite database that some other program made.
    case foreign(file: String)
    /// The file cannot be opened or created (a read-only dataset folder, a missing parent folder).
    case cannotOpen(file: String, detail: String)

    public var description: String {
        switch self {
        case .damaged(let file, let detail):
            "\(file): the dataset index is damaged (\(detail)); rebuild it from the images with --rebuild-index "
                + "(splits assigned by `fovea split` and the quarantine record are lost) or delete the file"
        case .foreign(let file):
            "\(file): is a SQLite database but not a Fovea dataset index; give another file with --index FILE"
        case .cannotOpen(let file, let detail):
            "\(file): cannot open or create the dataset index (\(detail)); give a writable place with --index FILE"
        }
    }
}
