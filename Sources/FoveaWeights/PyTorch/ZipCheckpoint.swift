import Foundation

/// torch's zip checkpoint format (torch ≥ 1.6): `<folder>/data.pkl` holds the pickle and
/// `<folder>/data/<key>` each storage's raw little-endian bytes. The folder name varies.
enum ZipCheckpoint {
    static func load(_ url: URL) throws -> UnpickledCheckpoint {
        let archive = try ZipArchive(url)
        let pickleNames = archive.entries.keys.filter { name in
            name.hasSuffix("/data.pkl") && name.split(separator: "/", omittingEmptySubsequences: false).count == 2
        }
        guard pickleNames.count == 1, let pickleName = pickleNames.first, let pickleEntry = archive.entries[pickleName] else {
            throw WeightsFailure.malformed(
                "the zip archive has \(pickleNames.count) <folder>/data.pkl entries instead of one; not a torch.save checkpoint")
        }
        let folder = String(pickleName.dropLast("/data.pkl".count))
        // torch ≥ 2.1 records the byte order; earlier versions only wrote little-endian files.
        if let byteOrder = archive.entries[folder + "/byteorder"] {
            let text = String(decoding: try archive.contents(of: byteOrder), as: UTF8.self)
            guard text.trimmingCharacters(in: .whitespacesAndNewlines) == "little" else {
                throw WeightsFailure.unsupported("the checkpoint's byte order is \(JSONValue.quoted(text)), not little-endian")
            }
        }
        var unpickler = Unpickler(try archive.contents(of: pickleEntry))
        let root = try unpickler.load()
        return UnpickledCheckpoint(root: root, arena: unpickler.arena, storages: ZipStorages(archive: archive, folder: folder))
    }
}

/// Storages read on demand from `<folder>/data/<key>`.
private struct ZipStorages: StorageSource {
    let archive: ZipArchive
    let folder: String

    func bytes(of storage: StorageReference) throws -> [UInt8] {
        let name = "\(folder)/data/\(storage.key)"
        guard let entry = archive.entries[name] else {
            throw WeightsFailure.malformed("the pickle refers to storage \(storage.key), but the archive has no \(name)")
        }
        return try archive.contents(of: entry, expectedSize: try storage.byteCount())
    }
}
