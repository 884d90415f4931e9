import Foundation
import ZIPFoundation

/// torch's zip checkpoint format (torch ≥ 1.6): `<folder>/data.pkl` holds the pickle and
/// `<folder>/data/<key>` each storage's raw little-endian bytes. The folder name varies.
enum ZipCheckpoint {
    static func load(_ url: URL) throws -> UnpickledCheckpoint {
        try ZipPreflight.check(url)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw WeightsFailure.malformed("not a readable zip archive (\(error))")
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entries[entry.path] == nil {
            entries[entry.path] = entry
        }
        let picklePaths = entries.keys.filter { path in
            path.hasSuffix("/data.pkl") && path.split(separator: "/", omittingEmptySubsequences: false).count == 2
        }
        guard picklePaths.count == 1, let picklePath = picklePaths.first else {
            throw WeightsFailure.malformed(
                "zip archive has \(picklePaths.count) <folder>/data.pkl entries instead of one; not a torch.save checkpoint")
        }
        let folder = String(picklePath.dropLast("/data.pkl".count))
        // torch ≥ 2.1 records the byte order; earlier versions only wrote little-endian files.
        if let byteOrder = entries[folder + "/byteorder"] {
            let text = String(decoding: try extract(byteOrder, from: archive), as: UTF8.self)
            guard text.trimmingCharacters(in: .whitespacesAndNewlines) == "little" else {
                throw WeightsFailure.unsupported("the checkpoint's byte order is \(JSONValue.quoted(text)), not little-endian")
            }
        }
        guard let pickleEntry = entries[picklePath] else {
            throw WeightsFailure.malformed("zip archive lost its entry \(picklePath)")
        }
        var unpickler = Unpickler(try extract(pickleEntry, from: archive))
        let root = try unpickler.load()
        return UnpickledCheckpoint(
            root: root, arena: unpickler.arena,
            storages: ZipStorages(archive: archive, folder: folder, entries: entries))
    }

    /// The entry's bytes, checked against its declared size (and `expectedSize`, when given) and its CRC.
    static func extract(_ entry: Entry, from archive: Archive, expectedSize: Int? = nil) throws -> [UInt8] {
        guard entry.type == .file else { throw WeightsFailure.malformed("zip entry \(entry.path) is not a file") }
        guard let declaredSize = Int(exactly: entry.uncompressedSize) else {
            throw WeightsFailure.malformed("zip entry \(entry.path) declares an impossible size")
        }
        if let expectedSize, declaredSize != expectedSize {
            throw WeightsFailure.malformed(
                "zip entry \(entry.path) holds \(declaredSize) bytes, but the pickle declares \(expectedSize)")
        }
        var bytes: [UInt8] = []
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry) { chunk in
                guard chunk.count <= declaredSize - bytes.count else {
                    throw WeightsFailure.malformed("zip entry \(entry.path) holds more than its declared \(declaredSize) bytes")
                }
                bytes.append(contentsOf: chunk)
            }
        } catch let failure as WeightsFailure {
            throw failure
        } catch {
            throw WeightsFailure.malformed("cannot extract zip entry \(entry.path) (\(error))")
        }
        guard bytes.count == declaredSize else {
            throw WeightsFailure.truncated("zip entry \(entry.path) holds \(bytes.count) of its \(declaredSize) bytes")
        }
        // A zero CRC means the writer skipped computing it (torch can be configured so).
        guard entry.checksum == 0 || checksum == entry.checksum else {
            throw WeightsFailure.malformed("zip entry \(entry.path) fails its CRC-32 check")
        }
        return bytes
    }
}

/// Storages read on demand from `<folder>/data/<key>`.
private struct ZipStorages: StorageSource {
    let archive: Archive
    let folder: String
    let entries: [String: Entry]

    func bytes(of storage: StorageReference) throws -> [UInt8] {
        let path = "\(folder)/data/\(storage.key)"
        guard let entry = entries[path] else {
            throw WeightsFailure.malformed("the pickle refers to storage \(storage.key), but the archive has no \(path)")
        }
        return try ZipCheckpoint.extract(entry, from: archive, expectedSize: try storage.byteCount())
    }
}
