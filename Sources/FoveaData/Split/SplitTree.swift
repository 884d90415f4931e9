import Foundation

/// Writes a split as a folder tree that `ImageFolder` (and torchvision's `ImageFolder`) reads:
/// `OUT/train/<class>/…`, `OUT/val/<class>/…`, `OUT/test/<class>/…`, each file keeping its path below its class
/// folder.
public enum SplitTree {
    /// How files get into the tree.
    public enum Mode: String, Sendable, CaseIterable {
        /// Independent copies.
        case copy
        /// Hard links: no extra space; `OUT` must be on the dataset's file system.
        case hardlink
        /// Symbolic links to the absolute paths of the originals.
        case symlink
    }

    /// Writes the tree of `plan` for the dataset folder `root` into `folder`, which must not exist or be empty.
    /// - Returns: how many files were written.
    /// - Throws: `DatasetError` naming the folder or the file at fault.
    @discardableResult
    public static func write(_ plan: SplitPlan, root: URL, to folder: URL, mode: Mode) throws -> Int {
        let manager = FileManager.default
        let root = root.standardizedFileURL
        let folder = folder.standardizedFileURL
        if folder.path.hasPrefix(root.path + "/") || folder.path == root.path {
            let inside = String(folder.path.dropFirst(root.path.count + 1))
            guard inside.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else {
                throw DatasetError.malformed(folder.path, "is inside the dataset it splits; write the tree elsewhere")
            }
        }
        if let existing = try? manager.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw DatasetError.malformed(folder.path, "already exists and is not empty")
        }
        var written = 0
        for (path, part) in plan.assignments.sorted(by: { $0.key < $1.key }) {
            let source = root.appendingPathComponent(path)
            let destination = folder.appendingPathComponent(part.rawValue).appendingPathComponent(path)
            do {
                try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                switch mode {
                case .copy: try manager.copyItem(at: source, to: destination)
                case .hardlink: try manager.linkItem(at: source, to: destination)
                case .symlink: try manager.createSymbolicLink(at: destination, withDestinationURL: source)
                }
            } catch {
                throw DatasetError.unreadable(
                    destination.path, "cannot \(mode.rawValue) \(source.path) there: \(error.localizedDescription)")
            }
            written += 1
        }
        return written
    }
}
