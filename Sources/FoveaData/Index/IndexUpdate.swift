import Foundation
import FoveaImage
import GRDB

/// What one ``DatasetIndex/update(progress:)`` did.
public struct IndexUpdate: Sendable, Equatable {
    /// Images in the index afterwards.
    public var images = 0
    /// Files read, hashed and decoded (new or changed).
    public var examined = 0
    /// Files whose size and modification time were those recorded: only stat'ed.
    public var unchanged = 0
    /// Rows dropped because their file is gone.
    public var removed = 0
    /// Files that are not images (neither an image extension nor image bytes), relative paths.
    public var otherFiles: [String] = []
    /// Folders that could not be listed, with the reason.
    public var unreadableFolders: [String] = []
}

/// A file found under the dataset folder, before it is examined.
private struct FoundFile: Sendable {
    let path: String
    let bytes: Int64
    let modified: Int64
    /// False for a dangling link, a file without permission or something that is not a regular file.
    let canBeRead: Bool
}

extension DatasetIndex {
    /// Brings the index up to date with the folder: adds new image files, examines changed ones again, drops
    /// vanished ones and recomputes labels and on-disk splits. Unchanged files are only stat'ed.
    /// - Parameter progress: called after each batch with (files examined so far, files to examine).
    /// - Throws: `DatasetError` when the folder cannot be listed; database errors.
    @discardableResult
    public func update(progress: ((Int, Int) -> Void)? = nil) throws -> IndexUpdate {
        var update = IndexUpdate()
        let found = try findFiles(&update)
        let layout = DatasetLayout(topFolders: try topFolders())
        let previous = try database.read { db in
            try Dictionary(IndexedImage.fetchAll(db).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let sameExaminer = try database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'examiner'") == Self.examinerVersion
        }

        var toExamine: [FoundFile] = []
        var relabeled: [IndexedImage] = []
        for file in found {
            guard sameExaminer, var row = previous[file.path], row.bytes == file.bytes, row.modified == file.modified
            else {
                toExamine.append(file)
                continue
            }
            update.unchanged += 1
            let before = row
            place(&row, layout: layout)
            if row != before { relabeled.append(row) }
        }
        let foundPaths = Set(found.map(\.path))
        let vanished = previous.keys.filter { !foundPaths.contains($0) }
        update.removed = vanished.count
        try database.write { db in
            for path in vanished { _ = try IndexedImage.deleteOne(db, key: path) }
            for row in relabeled { try row.update(db) }
        }

        for start in stride(from: 0, to: toExamine.count, by: Self.batchSize) {
            let batch = Array(toExamine[start..<min(start + Self.batchSize, toExamine.count)])
            let limits = limits
            let rows = concurrentMap(count: batch.count) { index in
                row(for: batch[index], previous: previous[batch[index].path], layout: layout, limits: limits)
            }
            try database.write { db in
                for row in rows { try row.save(db) }
            }
            update.examined += batch.count
            progress?(update.examined, toExamine.count)
        }
        // Only once every row is the current examination's, so that an interrupted update resumes it.
        try database.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO setting (key, value) VALUES ('examiner', ?)",
                arguments: [Self.examinerVersion])
        }
        update.images = found.count
        return update
    }

    /// The new row of a new or changed file.
    private func row(for file: FoundFile, previous: IndexedImage?, layout: DatasetLayout, limits: DecodeOptions.Limits)
        -> IndexedImage
    {
        let path = root.appendingPathComponent(file.path).path
        var examination = FileExamination()
        if file.canBeRead {
            examination = FileExamination.examine(path: path, bytes: file.bytes, limits: limits)
        } else {
            examination.error = .unreadable
            examination.errorMessage = unreadableReason(path)
        }
        var row = IndexedImage(
            path: file.path, bytes: file.bytes, modified: file.modified, sha256: examination.sha256,
            format: examination.format, width: examination.width, height: examination.height,
            bands: examination.bands, hasAlpha: examination.hasAlpha, isGray: examination.isGray,
            perceptualHashBits: examination.perceptualHash.map { Int64(bitPattern: $0) }, error: examination.error,
            errorMessage: examination.errorMessage,
            label: nil, split: previous?.splitFromFolder == false ? previous?.split : nil, splitFromFolder: false,
            problems: "")
        place(&row, layout: layout)
        return row
    }

    /// Sets the row's label and on-disk split from its path; keeps a split `fovea split` assigned.
    private func place(_ row: inout IndexedImage, layout: DatasetLayout) {
        let (label, part) = layout.place(of: row.path)
        row.label = label
        if let part {
            row.split = part
            row.splitFromFolder = true
        } else if row.splitFromFolder {
            row.split = nil
            row.splitFromFolder = false
        }
    }

    private func unreadableReason(_ path: String) -> String {
        if let status = FileStatus(path: path), !status.isRegularFile { return "not a regular file" }
        do {
            _ = try FileAccess.bytes(path: path, limit: 1)
            return "cannot be read"
        } catch {
            return error.reason
        }
    }

    /// The visible folders at the top of the dataset.
    private func topFolders() throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { name in
            !name.hasPrefix(".") && FileStatus(path: root.appendingPathComponent(name).path)?.isFolder == true
        }
    }

    /// Every visible file under the folder that is an image by its extension or its first bytes.
    private func findFiles(_ update: inout IndexUpdate) throws -> [FoundFile] {
        let folderErrors = FolderErrors()
        guard let walker = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles],
            errorHandler: { url, error in
                folderErrors.append("\(url.path): \(error.localizedDescription)")
                return true
            })
        else { throw DatasetError.unreadable(root.path, "the folder cannot be listed") }
        let prefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        var found: [FoundFile] = []
        for case let url as URL in walker {
            let absolute = url.path
            guard absolute.hasPrefix(prefix) else { continue }
            let relative = String(absolute.dropFirst(prefix.count))
            let promisedFormat = FormatSniffer.format(ofExtension: url.pathExtension)
            guard let status = FileStatus(path: absolute) else {
                // A dangling link or a file without permission: worth a row only if it claims to be an image.
                if promisedFormat != nil {
                    found.append(FoundFile(path: relative, bytes: -1, modified: -1, canBeRead: false))
                }
                continue
            }
            if status.isFolder { continue }
            guard status.isRegularFile else {
                // A FIFO or device would block or never end if opened.
                if promisedFormat != nil {
                    found.append(
                        FoundFile(path: relative, bytes: status.bytes, modified: status.modified, canBeRead: false))
                }
                continue
            }
            if promisedFormat == nil {
                let head = (try? FileAccess.bytes(path: absolute, limit: FormatSniffer.headLength)) ?? []
                guard FormatSniffer.format(of: head) != nil else {
                    update.otherFiles.append(relative)
                    continue
                }
            }
            found.append(FoundFile(path: relative, bytes: status.bytes, modified: status.modified, canBeRead: true))
        }
        update.unreadableFolders = folderErrors.messages
        return found.sorted { $0.path < $1.path }
    }
}

/// Messages the folder walker reports from its callback.
private final class FolderErrors: @unchecked Sendable {
    private(set) var messages: [String] = []

    func append(_ message: String) { messages.append(message) }
}
