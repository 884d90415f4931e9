import GRDB

/// What a person decided about one image in `fovea clean`.
public enum CleaningAction: String, Codable, Sendable, CaseIterable {
    /// Move it to another class folder.
    case relabel
    /// Move it out of the dataset, into the quarantine folder (never deleted from disk).
    case delete
    /// Looked at and fine as it is: it leaves the "to review" lists.
    case keep
}

/// One edit, written to the dataset index the moment it is made, so that no restart loses it. The decision for
/// an image is its latest edit that is neither undone nor applied; undone edits stay as history.
public struct CleaningEdit: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "edit"

    /// Order of the edits (SQLite's row id); nil before it is stored.
    public var id: Int64?
    /// The image, relative to the dataset folder, "/"-separated.
    public var path: String
    public var action: CleaningAction
    /// The new class of a `relabel`.
    public var label: String?
    /// When, ISO 8601.
    public var madeAt: String
    public var undone: Bool
    /// When `apply` carried it out, ISO 8601; nil while pending.
    public var appliedAt: String?
    /// What `apply` did: where the file went, or why nothing was moved.
    public var outcome: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Whether it still decides its image's fate.
    public var isPending: Bool { !undone && appliedAt == nil }
}
