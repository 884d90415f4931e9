import Foundation
import GRDB

/// Relabelling and deleting images of an indexed dataset by hand, without ever losing an edit: each edit is
/// written to the index (``CleaningEdit``) at once and survives a restart; ``undo()`` takes back the latest; files
/// move only when ``apply(quarantine:)`` runs.
///
/// ```swift
/// let cleaner = DatasetCleaner(index: try DatasetIndex(root: URL(fileURLWithPath: "data")))
/// try cleaner.record(.relabel, path: "cat/0042.jpg", label: "dog")
/// try cleaner.record(.delete, path: "cat/0043.jpg")
/// try cleaner.undo()                                    // cat/0043.jpg stays
/// let result = try cleaner.apply(quarantine: URL(fileURLWithPath: "data/.fovea-quarantine"))
/// ```
public final class DatasetCleaner: Sendable {
    public let index: DatasetIndex
    /// What a model said of each image (by path), for the "suspected mislabels" order; empty without a run.
    public let suspicions: [String: Suspicion]

    public init(index: DatasetIndex, suspicions: [String: Suspicion] = [:]) {
        self.index = index
        self.suspicions = suspicions
    }

    // MARK: Edits

    /// Records a decision about the image at `path`.
    /// - Parameters:
    ///   - label: the new class, for `relabel` only: a folder name (no "/", not starting with ".").
    /// - Returns: the stored edit, with its id.
    /// - Throws: `DatasetError` when `path` is not an image of the index or the label is not a usable folder name.
    @discardableResult
    public func record(_ action: CleaningAction, path: String, label: String? = nil) throws -> CleaningEdit {
        let label = action == .relabel ? try Self.checkedLabel(label, path: path) : nil
        return try index.database.write { db in
            guard try IndexedImage.fetchOne(db, key: path) != nil else {
                throw DatasetError.notFound("\(path) (not an image of the dataset index \(index.file.path))")
            }
            var edit = CleaningEdit(
                id: nil, path: path, action: action, label: label, madeAt: Self.now(), undone: false, appliedAt: nil,
                outcome: nil)
            try edit.insert(db)
            return edit
        }
    }

    /// Takes back the latest pending edit, if any, and returns it.
    @discardableResult
    public func undo() throws -> CleaningEdit? {
        try index.database.write { db in
            guard
                var edit = try CleaningEdit.filter(Column("undone") == false && Column("appliedAt") == nil)
                    .order(Column("id").desc).fetchOne(db)
            else { return nil }
            edit.undone = true
            try edit.update(db)
            return edit
        }
    }

    /// The decision for each image that has one: its latest pending edit.
    public func pendingDecisions() throws -> [String: CleaningEdit] {
        let edits = try index.database.read { db in
            try CleaningEdit.filter(Column("undone") == false && Column("appliedAt") == nil).order(Column("id")).fetchAll(db)
        }
        return Dictionary(edits.map { ($0.path, $0) }, uniquingKeysWith: { _, later in later })
    }

    /// Every edit ever made, oldest first (undone and applied ones included).
    public func history() throws -> [CleaningEdit] {
        try index.database.read { db in try CleaningEdit.order(Column("id")).fetchAll(db) }
    }

    // MARK: Listing

    /// The images `filter` selects, in its order.
    public func items(_ filter: CleaningFilter = CleaningFilter()) throws -> [CleaningItem] {
        let decisions = try pendingDecisions()
        var items = try index.images().compactMap { image -> CleaningItem? in
            let item = CleaningItem(image, decision: decisions[image.path], suspicion: suspicions[image.path])
            return filter.admits(item) ? item : nil
        }
        if filter.order == .loss {
            // Highest loss first; images the model did not see come last, by path.
            items.sort { ($0.suspicion?.loss ?? -1, $1.path) > ($1.suspicion?.loss ?? -1, $0.path) }
        }
        return items
    }

    /// Counts for the page's filters.
    public func summary() throws -> CleaningSummary {
        let images = try index.images()
        let decisions = try pendingDecisions()
        var classes: [String: Int] = [:]
        var problems: [String: Int] = [:]
        for image in images {
            if let label = image.label { classes[label, default: 0] += 1 }
            for problem in image.problemList { problems[problem.rawValue, default: 0] += 1 }
        }
        var pending: [String: Int] = [:]
        for edit in decisions.values { pending[edit.action.rawValue, default: 0] += 1 }
        return CleaningSummary(
            root: index.root.path, images: images.count,
            classes: classes.sorted { $0.key < $1.key }.map { CleaningSummary.Count(name: $0.key, count: $0.value) },
            problems: ImageProblem.allCases.compactMap { problem in
                problems[problem.rawValue].map { CleaningSummary.Count(name: problem.rawValue, count: $0) }
            },
            pending: pending, hasSuspicions: !suspicions.isEmpty)
    }

    // MARK: Helpers

    /// `label` trimmed, when it can name a class folder.
    static func checkedLabel(_ label: String?, path: String) throws -> String {
        let label = (label ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty else { throw DatasetError.malformed(path, "relabel needs a new label") }
        guard !label.contains("/"), !label.contains("\u{0}"), !label.hasPrefix("."), label.utf8.count <= 255 else {
            throw DatasetError.malformed(
                path, "'\(label)' cannot name a class folder (no '/', not starting with '.', at most 255 bytes)")
        }
        guard DatasetPart(folderName: label) == nil else {
            throw DatasetError.malformed(path, "'\(label)' is the name of a split folder, not a class")
        }
        return label
    }

    static func now() -> String { ISO8601DateFormatter().string(from: Date()) }
}

/// What a trained model said of an image: the loss of its current label, and the class it prefers.
public struct Suspicion: Codable, Sendable, Equatable {
    /// Cross-entropy of the image's label (−log p); high for likely mislabels.
    public var loss: Double
    public var predicted: String
    /// The probability of `predicted`.
    public var probability: Double

    public init(loss: Double, predicted: String, probability: Double) {
        self.loss = loss
        self.predicted = predicted
        self.probability = probability
    }
}

/// Which images the cleaner lists, and in what order.
public struct CleaningFilter: Sendable, Equatable {
    public enum Order: String, Sendable, CaseIterable {
        case path
        /// Highest loss first: the suspected mislabels.
        case loss
    }

    /// Only this class.
    public var label: String?
    /// Only images with this problem code (``ImageProblem``), `errors` (any that cannot be decoded), or `any`.
    public var problem: String?
    /// Only images with (true) or without (false) a pending decision.
    public var decided: Bool?
    public var order: Order

    public init(label: String? = nil, problem: String? = nil, decided: Bool? = nil, order: Order = .path) {
        self.label = label
        self.problem = problem
        self.decided = decided
        self.order = order
    }

    func admits(_ item: CleaningItem) -> Bool {
        if let label, item.label != label { return false }
        if let decided, (item.decision != nil) != decided { return false }
        switch problem {
        case nil: return true
        case "any": return !item.problems.isEmpty
        case "errors": return item.problems.contains { ImageProblem(rawValue: $0)?.isError == true }
        case let code?: return item.problems.contains(code)
        }
    }
}

/// One image as the cleaning page shows it.
public struct CleaningItem: Codable, Sendable, Equatable {
    public var path: String
    public var label: String?
    public var split: DatasetPart?
    public var width: Int?
    public var height: Int?
    public var bytes: Int64
    /// Problem codes from the last check.
    public var problems: [String]
    /// The pending decision, if any.
    public var decision: CleaningAction?
    /// The new label of a pending relabel.
    public var newLabel: String?
    public var suspicion: Suspicion?

    init(_ image: IndexedImage, decision: CleaningEdit?, suspicion: Suspicion?) {
        path = image.path
        label = image.label
        split = image.split
        width = image.width
        height = image.height
        bytes = image.bytes
        problems = image.problemList.map(\.rawValue)
        self.decision = decision?.action
        newLabel = decision?.label
        self.suspicion = suspicion
    }
}

/// Totals for the cleaning page.
public struct CleaningSummary: Codable, Sendable, Equatable {
    public struct Count: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int
    }

    public var root: String
    public var images: Int
    /// Images per class, by name.
    public var classes: [Count]
    /// Images per problem code, in ``ImageProblem`` order.
    public var problems: [Count]
    /// Pending decisions per action.
    public var pending: [String: Int]
    public var hasSuspicions: Bool
}
