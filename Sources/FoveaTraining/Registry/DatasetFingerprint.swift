import Foundation
import FoveaData

/// A cheap identity of a dataset on disk: files are listed, never read.
///
/// Every regular, non-hidden file under the data folder (recursively; for Fashion-MNIST that is its IDX files)
/// gives one line `relative/path<TAB>bytes<TAB>modification time in whole microseconds since 1970<LF>`; the lines,
/// sorted by path, are hashed with SHA-256. Adding, removing, resizing, renaming or touching a file changes the
/// fingerprint; changing a file's bytes in place while keeping its size and time does not.
public enum DatasetFingerprint {
    /// The fingerprint of the data at `path` (a folder or a single file), as 64 hexadecimal digits.
    public static func of(_ path: URL) throws -> String {
        let root = path.standardizedFileURL.resolvingSymlinksInPath()
        var lines: [String] = []
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isFolder) else {
            throw RunError("\(path.path): no such data to fingerprint")
        }
        if isFolder.boolValue {
            let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]
            guard let files = FileManager.default.enumerator(
                at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
            else { throw RunError("\(path.path): cannot be listed") }
            let prefixLength = root.path.count + 1
            for case let file as URL in files {
                let values = try file.resourceValues(forKeys: Set(keys))
                guard values.isRegularFile == true else { continue }
                let relative = String(file.path.dropFirst(prefixLength))
                lines.append(line(relative, values))
            }
        } else {
            let values = try root.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            lines.append(line(root.lastPathComponent, values))
        }
        return try SHA256.hexDigest(of: Array(lines.sorted().joined().utf8))
    }

    private static func line(_ name: String, _ values: URLResourceValues) -> String {
        let microseconds = Int64(((values.contentModificationDate?.timeIntervalSince1970 ?? 0) * 1_000_000).rounded())
        return "\(name)\t\(values.fileSize ?? 0)\t\(microseconds)\n"
    }
}
