import Foundation

/// Moves problem files out of a dataset into a quarantine folder, never deleting anything: each keeps its path
/// relative to the dataset folder (`data/cat/x.jpg` → `QUARANTINE/cat/x.jpg`; a name already taken there gets
/// `.1`, `.2`… before its extension), leaves the index for its quarantine record, and gets a line in
/// `QUARANTINE/quarantine.log` (time, from, to, problems; tab-separated).
public enum Quarantine {
    /// The log's name inside the quarantine folder.
    public static let logName = "quarantine.log"

    /// Moves `files` (paths relative to the index's folder, with the problems they are moved for) into `folder`.
    /// - Returns: what was moved, in order.
    /// - Throws: `DatasetError` naming the file that could not be moved; those moved before it stay recorded.
    @discardableResult
    public static func move(
        _ files: [(path: String, problems: [ImageProblem])], of index: DatasetIndex, to folder: URL
    ) throws -> [QuarantinedFile] {
        try move(files.map { ($0.path, $0.problems.map(\.rawValue).joined(separator: ",")) }, of: index, to: folder)
    }

    /// Moves `files` (paths with the reason they are moved for) into `folder`; `onMoved` hears of each move as
    /// soon as it is done.
    @discardableResult
    static func move(
        _ files: [(path: String, reason: String)], of index: DatasetIndex, to folder: URL,
        onMoved: (QuarantinedFile) throws -> Void = { _ in }
    ) throws -> [QuarantinedFile] {
        guard !files.isEmpty else { return [] }
        let folder = folder.standardizedFileURL
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw DatasetError.unreadable(folder.path, "cannot create the quarantine folder: \(error.localizedDescription)")
        }
        let log = folder.appendingPathComponent(logName)
        var moved: [QuarantinedFile] = []
        // Recorded however the loop ends, so that the index and the log always tell where files went.
        defer { try? index.recordQuarantine(moved) }
        let sha256 = try Dictionary(index.images().map { ($0.path, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        for (path, reason) in files {
            let source = index.root.appendingPathComponent(path)
            let destination = freeDestination(folder.appendingPathComponent(path))
            do {
                try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                try manager.moveItem(at: source, to: destination)
            } catch {
                throw DatasetError.unreadable(
                    source.path, "cannot be moved to \(destination.path): \(error.localizedDescription)")
            }
            let record = QuarantinedFile(
                path: path, destination: destination.path, reason: reason, sha256: sha256[path] ?? nil,
                movedAt: ISO8601DateFormatter().string(from: Date()))
            moved.append(record)
            try onMoved(record)
            try append(
                [record.movedAt, source.path, destination.path, record.reason].joined(separator: "\t") + "\n", to: log)
        }
        return moved
    }

    /// `url`, or the first of `name.1.ext`, `name.2.ext`… that does not exist.
    static func freeDestination(_ url: URL) -> URL {
        guard FileManager.default.fileExists(atPath: url.path) else { return url }
        let stem = url.deletingPathExtension().lastPathComponent
        let pathExtension = url.pathExtension
        var number = 1
        while true {
            let name = "\(stem).\(number)" + (pathExtension.isEmpty ? "" : ".\(pathExtension)")
            let candidate = url.deletingLastPathComponent().appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            number += 1
        }
    }

    static func append(_ line: String, to log: URL) throws {
        let exists = FileManager.default.fileExists(atPath: log.path)
        guard exists || FileManager.default.createFile(atPath: log.path, contents: nil),
            let handle = try? FileHandle(forWritingTo: log)
        else {
            throw DatasetError.unreadable(log.path, "cannot write the quarantine log")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(line.utf8))
    }
}
