import Foundation
import GRDB

/// What ``DatasetCleaner/apply(quarantine:)`` did.
public struct CleaningResult: Codable, Sendable, Equatable {
    public struct Move: Codable, Sendable, Equatable {
        public var action: CleaningAction
        /// Where the file was, relative to the dataset folder.
        public var path: String
        /// Where it is now: relative to the dataset folder for a relabel, absolute in the quarantine for a delete.
        public var destination: String
    }

    public var moves: [Move]
    /// Decisions carried out without moving anything (kept images, relabels to the label they had).
    public var unchanged: Int
    /// Decisions that could not be carried out, each with its reason (the file was gone, say).
    public var skipped: [String]
    /// The log of every move, `QUARANTINE/clean.log`.
    public var log: String
}

extension DatasetCleaner {
    /// The log's name inside the quarantine folder.
    public static let logName = "clean.log"

    /// Carries out every pending decision, oldest first: a relabelled image moves to its new class folder (in the
    /// same split folder of a split tree; a name already taken gets `.1`, `.2`…), a deleted one into `quarantine`
    /// under its relative path (``Quarantine``), a kept one stays. The index follows each move at once and every
    /// move gets a line in `quarantine/clean.log` (time, action, from, to; tab-separated).
    /// - Throws: `DatasetError` naming the file that could not be moved; the decisions carried out before it stay
    ///   done, the others pending.
    public func apply(quarantine: URL) throws -> CleaningResult {
        let quarantine = quarantine.standardizedFileURL
        let log = quarantine.appendingPathComponent(Self.logName)
        let decisions = try pendingDecisions().values.sorted { ($0.id ?? 0) < ($1.id ?? 0) }
        let images = Dictionary(try index.images().map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let isSplitOnDisk = images.values.contains { $0.splitFromFolder }
        var result = CleaningResult(moves: [], unchanged: 0, skipped: [], log: log.path)
        guard !decisions.isEmpty else { return result }
        try createFolder(quarantine)

        var deletions: [CleaningEdit] = []
        for edit in decisions {
            guard let image = images[edit.path] else {
                try finish(edit, outcome: "not in the index any more")
                result.skipped.append("\(edit.path): not in the index any more")
                continue
            }
            guard FileManager.default.fileExists(atPath: index.root.appendingPathComponent(edit.path).path) else {
                try finish(edit, outcome: "the file was gone")
                result.skipped.append("\(edit.path): the file was gone")
                continue
            }
            switch edit.action {
            case .keep:
                try finish(edit, outcome: "kept")
                result.unchanged += 1
            case .delete:
                deletions.append(edit)
            case .relabel:
                let target = Self.relabeledPath(image.path, to: edit.label ?? "", isSplitOnDisk: isSplitOnDisk)
                if target == image.path {
                    try finish(edit, outcome: "already labelled \(edit.label ?? "")")
                    result.unchanged += 1
                    continue
                }
                let destination = try relabel(image, edit: edit, to: target, log: log)
                result.moves.append(.init(action: .relabel, path: image.path, destination: destination))
            }
        }

        let editsByPath = Dictionary(deletions.map { ($0.path, $0) }, uniquingKeysWith: { _, later in later })
        try Quarantine.move(
            deletions.map { ($0.path, "deleted in fovea clean") }, of: index, to: quarantine,
            onMoved: { moved in
                guard let edit = editsByPath[moved.path] else { return }
                try finish(edit, outcome: "moved to \(moved.destination)")
                try Quarantine.append(
                    [moved.movedAt, "delete", index.root.appendingPathComponent(moved.path).path, moved.destination]
                        .joined(separator: "\t") + "\n", to: log)
                result.moves.append(.init(action: .delete, path: moved.path, destination: moved.destination))
            })
        return result
    }

    /// Moves `image` to `target` (or the first free name beside it) and updates the index and the edit.
    /// - Returns: the path it now has, relative to the dataset folder.
    private func relabel(_ image: IndexedImage, edit: CleaningEdit, to target: String, log: URL) throws -> String {
        let source = index.root.appendingPathComponent(image.path)
        let destination = Quarantine.freeDestination(index.root.appendingPathComponent(target))
        let newPath = String(destination.path.dropFirst(index.root.path.count + 1))
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.moveItem(at: source, to: destination)
        } catch {
            throw DatasetError.unreadable(source.path, "cannot be moved to \(destination.path): \(error.localizedDescription)")
        }
        do {
            try index.database.write { db in
                _ = try IndexedImage.deleteOne(db, key: image.path)
                var moved = image
                moved.path = newPath
                moved.label = edit.label
                try moved.insert(db, onConflict: .replace)
                try Self.markApplied(edit, outcome: "moved to \(newPath)", in: db)
            }
        } catch {
            // Put the file back, so that the index and the disk keep telling the same story.
            try? manager.moveItem(at: destination, to: source)
            throw error
        }
        try Quarantine.append(
            [Self.now(), "relabel", source.path, destination.path].joined(separator: "\t") + "\n", to: log)
        return newPath
    }

    private func finish(_ edit: CleaningEdit, outcome: String) throws {
        try index.database.write { db in try Self.markApplied(edit, outcome: outcome, in: db) }
    }

    private static func markApplied(_ edit: CleaningEdit, outcome: String, in db: Database) throws {
        var done = edit
        done.appliedAt = now()
        done.outcome = outcome
        try done.update(db)
    }

    private func createFolder(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DatasetError.unreadable(folder.path, "cannot create the quarantine folder: \(error.localizedDescription)")
        }
    }

    /// The path of `path` in class folder `label`: its class component replaced (the first, or the second in a
    /// split tree), or one added when it had none.
    static func relabeledPath(_ path: String, to label: String, isSplitOnDisk: Bool) -> String {
        var components = path.split(separator: "/").map(String.init)
        let classPosition = isSplitOnDisk && components.first.flatMap(DatasetPart.init(folderName:)) != nil ? 1 : 0
        if components.count >= classPosition + 2 {
            components[classPosition] = label
        } else {
            components.insert(label, at: classPosition)
        }
        return components.joined(separator: "/")
    }
}
