import Foundation
import ZIPFoundation

/// An `.npz` file: a zip archive (stored or deflated) of `.npy` members, as `np.savez` and `np.savez_compressed`
/// write them. Members are named without their `.npy` suffix, as NumPy names them (`x_train`).
///
/// Not `Sendable`: ZIPFoundation reads every entry through the archive's one file position. Open one per task;
/// the arrays it returns are `Sendable`.
public struct NumPyArchive {
    private let archive: Archive
    /// The archive's path (or the name given to in-memory data), for messages.
    public let name: String

    /// Opens the archive at `url`.
    public init(contentsOf url: URL) throws(NumPyError) {
        name = url.path
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw .unreadable(file: url.path, reason: "no readable file there")
        }
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw .corruptArchive(file: url.path, reason: "\(error)")
        }
    }

    /// Reads an archive held in memory; `name` stands for it in messages.
    public init(data: Data, name: String = "<memory>") throws(NumPyError) {
        self.name = name
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .corruptArchive(file: name, reason: "\(error)")
        }
    }

    /// The members' names, without `.npy`, in archive order.
    public var memberNames: [String] {
        archive.compactMap { entry in
            entry.type == .file && entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : nil
        }
    }

    /// The member `member` (`x_train`; `x_train.npy` works too).
    public func array(named member: String) throws(NumPyError) -> NumPyArray {
        let path = member.hasSuffix(".npy") ? member : member + ".npy"
        guard let entry = archive[path], entry.type == .file else {
            throw .missingMember(archive: name, member: member, available: memberNames)
        }
        let source = "\(name)[\(path)]"
        var data = Data()
        do {
            // The CRC is checked, so a damaged deflate stream is an error here rather than odd values later.
            _ = try archive.extract(entry) { data.append($0) }
        } catch {
            throw .corruptArchive(file: source, reason: "\(error)")
        }
        return try NumPyArray(data: data, name: source)
    }
}
