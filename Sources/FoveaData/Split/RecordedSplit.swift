import Foundation
import GRDB

extension DatasetIndex {
    /// The parts `fovea split` recorded in the index file of the dataset folder `root`, by relative path; empty
    /// when there is no index file or no recorded split. Reads the file without creating or changing it.
    /// - Throws: ``DatasetIndexError`` when the file is damaged or not an index.
    public static func recordedSplit(of root: URL, file: URL? = nil) throws -> [String: DatasetPart] {
        let file = file ?? defaultFile(for: root.standardizedFileURL)
        guard FileManager.default.fileExists(atPath: file.path) else { return [:] }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let database = try DatabaseQueue(path: file.path, configuration: configuration)
            return try database.read { db in
                guard try Int32.fetchOne(db, sql: "PRAGMA application_id") == applicationID else {
                    throw DatasetIndexError.foreign(file: file.path)
                }
                let rows = try Row.fetchAll(
                    db, sql: "SELECT path, split FROM image WHERE split IS NOT NULL AND splitFromFolder = 0")
                var parts: [String: DatasetPart] = [:]
                for row in rows {
                    if let part = DatasetPart(rawValue: row["split"]) { parts[row["path"]] = part }
                }
                return parts
            }
        } catch let error as DatabaseError {
            throw DatasetIndexError.damaged(file: file.path, detail: error.message ?? "\(error.resultCode)")
        }
    }
}

extension ImageFolder {
    /// `all` (every image of the class folders under `root`) divided as `fovea split` recorded it in the dataset
    /// index; nil when nothing is recorded or the record does not cover every image (new files since), which
    /// `progress` is told. Without a recorded validation part, one is held out of train as `validationFraction`
    /// asks.
    static func recordedSplit(
        of all: LabeledImages, root: URL, validationFraction: Double, seed: UInt64, progress: ((String) -> Void)?
    ) throws -> DataSplits? {
        let recorded: [String: DatasetPart]
        do {
            recorded = try DatasetIndex.recordedSplit(of: root)
        } catch {
            progress?("ignoring the dataset index: \(error)")
            return nil
        }
        guard !recorded.isEmpty else { return nil }
        let prefix = root.standardizedFileURL.path + "/"
        var members: [DatasetPart: [Int]] = [:]
        var missing: [String] = []
        for (index, source) in all.sources.enumerated() {
            let path = URL(fileURLWithPath: source).standardizedFileURL.path
            let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
            guard let part = recorded[relative] else {
                missing.append(relative)
                continue
            }
            members[part, default: []].append(index)
        }
        guard missing.isEmpty, let trainMembers = members[.train] else {
            progress?("the split `fovea split` recorded does not cover \(missing.count) image(s), e.g. "
                + "\(missing.first ?? "-"); splitting with the seed instead (run `fovea split` again)")
            return nil
        }
        progress?("using the split recorded by `fovea split` in \(DatasetIndex.defaultFile(for: root).path)")
        func part(_ name: DatasetPart) throws -> LabeledImages? {
            guard let indices = members[name], !indices.isEmpty else { return nil }
            return try all.subset(indices)
        }
        var train = try all.subset(trainMembers)
        var validation = try part(.validation)
        if validation == nil, validationFraction > 0 {
            (train, validation) = try train.stratifiedSplit(validationFraction: validationFraction, seed: seed)
        }
        return DataSplits(train: train, validation: validation, test: try part(.test))
    }
}
