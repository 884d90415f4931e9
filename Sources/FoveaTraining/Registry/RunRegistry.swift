import Foundation
import GRDB

/// Every training run of a runs root in one SQLite database (`registry.sqlite` beside the run folders): the run's
/// settings, status and summary, its per-epoch metrics and the files it wrote.
///
/// ```swift
/// let registry = try RunRegistry(file: RunRegistry.defaultFile(root: URL(fileURLWithPath: "runs")))
/// for run in try registry.runs() { print(run.name, run.status, run.bestValidationAccuracy ?? .nan) }
/// ```
///
/// The database is in WAL mode, so a `fovea runs` can read while a training writes; each write is one short
/// transaction. Training reaches it through ``RunRecording``, which turns its errors into warnings.
public final class RunRegistry: Sendable {
    /// The database file's name inside a runs root.
    public static let fileName = "registry.sqlite"
    /// An environment variable naming the database file, overriding the one beside the run folders.
    public static let environmentVariable = "FOVEA_REGISTRY"

    public let file: URL
    private let database: DatabaseQueue

    /// Opens (creating when needed) the registry at `file` and brings its schema up to date.
    public init(file: URL) throws {
        self.file = file
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        database = try DatabaseQueue(path: file.path, configuration: configuration)
        try RegistryMigrations.migrator.migrate(database)
    }

    /// `$FOVEA_REGISTRY` when set, otherwise `registry.sqlite` in `root`.
    public static func defaultFile(root: URL) -> URL {
        if let path = ProcessInfo.processInfo.environment[environmentVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return root.appendingPathComponent(fileName)
    }

    /// The registry of the run folder `run`: the one of its parent folder.
    public static func defaultFile(forRun run: URL) -> URL {
        defaultFile(root: run.standardizedFileURL.deletingLastPathComponent())
    }

    /// The key of a run folder in the registry: its standardized absolute path.
    public static func runID(_ folder: URL) -> String {
        folder.standardizedFileURL.path
    }

    // MARK: Reading

    /// Every run, the most recently started first.
    public func runs() throws -> [RegisteredRun] {
        try database.read { db in
            try RegisteredRun.order(Column("startedAt").desc, Column("name")).fetchAll(db)
        }
    }

    /// The run named `reference`: a run folder's path, or its name when that is unambiguous.
    public func run(named reference: String) throws -> RegisteredRun {
        let byPath = try database.read { db in
            try RegisteredRun.fetchOne(db, key: RunRegistry.runID(URL(fileURLWithPath: reference)))
        }
        if let byPath { return byPath }
        let byName = try database.read { db in
            try RegisteredRun.filter(Column("name") == reference).fetchAll(db)
        }
        if byName.count == 1, let run = byName.first { return run }
        if byName.count > 1 {
            throw RunError("'\(reference)' names \(byName.count) runs: give one of their paths: "
                + byName.map(\.id).joined(separator: ", "))
        }
        let known = try runs().map(\.name)
        throw RunError("no run named '\(reference)' in \(file.path); "
            + (known.isEmpty ? "it holds no runs" : "known runs: \(known.joined(separator: ", "))")
            + " (`fovea runs --rescan` adds run folders trained without the registry)")
    }

    /// The run's epochs in order.
    public func epochs(of runID: String) throws -> [RegisteredEpoch] {
        try database.read { db in
            try RegisteredEpoch.filter(Column("runId") == runID).order(Column("epoch")).fetchAll(db)
        }
    }

    /// The run's files, by kind.
    public func artifacts(of runID: String) throws -> [RegisteredArtifact] {
        try database.read { db in
            try RegisteredArtifact.filter(Column("runId") == runID).order(Column("kind")).fetchAll(db)
        }
    }

    // MARK: Writing

    /// Stores `run` with its epochs and artifacts in one transaction, replacing whatever the registry held for it.
    public func replace(_ run: RegisteredRun, epochs: [EpochRecord], artifacts: [RegisteredArtifact]) throws {
        try database.write { db in
            _ = try RegisteredRun.deleteOne(db, key: run.id)
            try run.insert(db)
            for record in epochs { try RegisteredEpoch(runId: run.id, record: record).insert(db) }
            for artifact in artifacts { try artifact.insert(db) }
        }
    }

    /// Updates the run's row (which must exist) in one transaction.
    func update(_ runID: String, _ change: (inout RegisteredRun) -> Void) throws {
        try database.write { db in
            guard var run = try RegisteredRun.fetchOne(db, key: runID) else {
                throw RunError("\(runID) is not in the registry")
            }
            change(&run)
            try run.update(db)
        }
    }

    /// The run's row, or nil.
    func existingRun(_ runID: String) throws -> RegisteredRun? {
        try database.read { db in try RegisteredRun.fetchOne(db, key: runID) }
    }

    /// Adds (or replaces) one epoch of a registered run and refreshes its summary.
    func add(epoch record: EpochRecord, history: [EpochRecord], to runID: String) throws {
        try database.write { db in
            try RegisteredEpoch(runId: runID, record: record).upsert(db)
            guard var run = try RegisteredRun.fetchOne(db, key: runID) else { return }
            run.summarize(history)
            try run.update(db)
        }
    }

    /// Makes the run's epoch rows equal to `history` and its artifact rows equal to `artifacts`.
    func synchronize(_ runID: String, history: [EpochRecord], artifacts: [RegisteredArtifact]) throws {
        try database.write { db in
            _ = try RegisteredEpoch.filter(Column("runId") == runID).deleteAll(db)
            for record in history { try RegisteredEpoch(runId: runID, record: record).insert(db) }
            _ = try RegisteredArtifact.filter(Column("runId") == runID).deleteAll(db)
            for artifact in artifacts { try artifact.insert(db) }
        }
    }
}
