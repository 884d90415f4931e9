import Foundation
import FoveaImage
import GRDB

/// One SQLite file per dataset that remembers every image file under a folder-per-class tree: its path, size,
/// modification time, SHA-256, format, size in pixels, channels, label, split, perceptual hash and the problems
/// `fovea check` found (``IndexedImage``).
///
/// ```swift
/// let index = try DatasetIndex(root: URL(fileURLWithPath: "data"))
/// let update = try index.update()        // reads only new and changed files
/// for image in try index.images() where image.error != nil { print(image.path, image.errorMessage ?? "") }
/// ```
///
/// It lives in the dataset folder as `.fovea-index.sqlite` (hidden, so loaders skip it) unless another file is
/// given. Updating it is incremental: a file whose size and modification time are those recorded is only
/// stat'ed; new and changed files are read, hashed and decoded on every core.
public final class DatasetIndex: Sendable {
    /// The index file's name inside the dataset folder.
    public static let defaultFileName = ".fovea-index.sqlite"
    /// Changes whenever what `FileExamination` records changes, so that older rows are examined again.
    static let examinerVersion = "1"
    /// SQLite's application id of a Fovea dataset index ("FVIX"), which tells it from other databases.
    static let applicationID: Int32 = 0x4656_4958
    /// Files examined per transaction: an interrupted update keeps what it finished.
    static let batchSize = 256

    /// The dataset folder (standardized).
    public let root: URL
    /// The index file.
    public let file: URL
    /// Limits files are decoded under.
    public let limits: DecodeOptions.Limits
    let database: DatabaseQueue

    /// `root/.fovea-index.sqlite`.
    public static func defaultFile(for root: URL) -> URL {
        root.appendingPathComponent(defaultFileName)
    }

    /// Opens (creating when needed) the index of the dataset folder `root`.
    /// - Parameters:
    ///   - file: where the index is; default ``defaultFile(for:)``.
    ///   - rebuild: start from an empty index, replacing the file (a damaged one, say).
    ///   - limits: the decoding limits files are examined under.
    /// - Throws: `DatasetError` when `root` is not a readable folder; ``DatasetIndexError`` when the file is
    ///   damaged, another program's or cannot be created.
    public init(root: URL, file: URL? = nil, rebuild: Bool = false, limits: DecodeOptions.Limits = .init()) throws {
        let root = root.standardizedFileURL
        try Self.checkFolder(root)
        let file = (file ?? Self.defaultFile(for: root)).standardizedFileURL
        self.root = root
        self.file = file
        self.limits = limits
        if rebuild {
            // Only an index (damaged or not) is replaced, never another program's database.
            if case .foreign? = Self.openingError(file) {
                throw DatasetIndexError.foreign(file: file.path)
            }
            for suffix in ["", "-journal", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: file.path + suffix)
            }
        }
        database = try Self.open(file)
    }

    private static func checkFolder(_ root: URL) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else {
            throw DatasetError.notFound(root.path)
        }
        guard isFolder.boolValue else {
            throw DatasetError.malformed(root.path, "is a file; give a folder of class folders")
        }
        guard FileManager.default.isReadableFile(atPath: root.path),
            (try? FileManager.default.contentsOfDirectory(atPath: root.path)) != nil
        else { throw DatasetError.unreadable(root.path, "the folder cannot be listed (permissions?)") }
    }

    private static func open(_ file: URL) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: file.path, configuration: configuration)
        } catch let error as DatabaseError where isDamage(error) {
            throw DatasetIndexError.damaged(file: file.path, detail: error.message ?? "\(error.resultCode)")
        } catch {
            throw DatasetIndexError.cannotOpen(file: file.path, detail: (error as? DatabaseError)?.message ?? "\(error)")
        }
        do {
            try database.write { db in
                let identifier = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if identifier == 0 {
                    let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                    guard tables == 0 else { throw DatasetIndexError.foreign(file: file.path) }
                    try db.execute(sql: "PRAGMA application_id = \(applicationID)")
                } else if identifier != applicationID {
                    throw DatasetIndexError.foreign(file: file.path)
                }
                let check = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no answer"
                guard check == "ok" else { throw DatasetIndexError.damaged(file: file.path, detail: check) }
            }
            try IndexMigrations.migrator.migrate(database)
        } catch let error as DatabaseError where isDamage(error) {
            throw DatasetIndexError.damaged(file: file.path, detail: error.message ?? "\(error.resultCode)")
        } catch let error as DatabaseError {
            throw DatasetIndexError.cannotOpen(file: file.path, detail: error.message ?? "\(error.resultCode)")
        }
        return database
    }

    /// The error opening `file` gives, if any.
    private static func openingError(_ file: URL) -> DatasetIndexError? {
        do {
            _ = try open(file)
            return nil
        } catch {
            return error as? DatasetIndexError
        }
    }

    private static func isDamage(_ error: DatabaseError) -> Bool {
        [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode)
    }

    // MARK: Reading

    /// Every indexed image, by path.
    public func images() throws -> [IndexedImage] {
        try database.read { db in try IndexedImage.order(Column("path")).fetchAll(db) }
    }

    /// The indexed image at `path` (relative, "/"-separated), or nil.
    public func image(at path: String) throws -> IndexedImage? {
        try database.read { db in try IndexedImage.fetchOne(db, key: path) }
    }

    /// Every file moved out by a quarantine, oldest first.
    public func quarantined() throws -> [QuarantinedFile] {
        try database.read { db in try QuarantinedFile.order(Column("id")).fetchAll(db) }
    }

    // MARK: Writing

    /// Stores what a check found: `problems[path]` for each image, nothing for the others.
    public func recordProblems(_ problems: [String: [ImageProblem]]) throws {
        try database.write { db in
            try db.execute(sql: "UPDATE image SET problems = ''")
            for (path, found) in problems where !found.isEmpty {
                try db.execute(
                    sql: "UPDATE image SET problems = ? WHERE path = ?",
                    arguments: [found.map(\.rawValue).joined(separator: ","), path])
            }
        }
    }

    /// Stores a split made by `fovea split`: `assignments[path]` for each image, no part for the others.
    /// - Throws: `DatasetError` when the tree is split into folders already (they decide the parts).
    public func assignSplits(_ assignments: [String: DatasetPart]) throws {
        try database.write { db in
            guard try IndexedImage.filter(Column("splitFromFolder") == true).fetchCount(db) == 0 else {
                throw DatasetError.malformed(root.path, "is already split into train/val/test folders")
            }
            try db.execute(sql: "UPDATE image SET split = NULL")
            for (path, part) in assignments {
                try db.execute(sql: "UPDATE image SET split = ? WHERE path = ?", arguments: [part.rawValue, path])
            }
        }
    }

    /// Records files moved out of the dataset: each leaves the images and joins the quarantine record.
    public func recordQuarantine(_ files: [QuarantinedFile]) throws {
        try database.write { db in
            for moved in files {
                _ = try IndexedImage.deleteOne(db, key: moved.path)
                try moved.insert(db)
            }
        }
    }
}
