import Foundation

extension RunRegistry {
    /// What a rescan did.
    public struct RescanResult: Sendable {
        /// The runs added to the registry.
        public var added: [RegisteredRun]
        /// Folders with a `config.json` that could not be read as runs, with the reason.
        public var skipped: [(folder: String, reason: String)]
    }

    /// The folders directly under `root` with a `config.json` that the registry does not hold.
    public func unregisteredFolders(in root: URL) throws -> [URL] {
        let known = Set(try runs().map(\.id))
        let children = (try? FileManager.default.contentsOfDirectory(
            at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])) ?? []
        return children.filter { folder in
            FileManager.default.fileExists(atPath: RunFolder(folder).configFile.path) && !known.contains(RunRegistry.runID(folder))
        }.sorted { $0.path < $1.path }
    }

    /// Adds the run folders under `root` that the registry does not hold (trained before it, or copied in), from
    /// their `config.json`, `history.json` and `evaluation.json`. Such a run counts as finished when its history
    /// has every planned epoch and as stopped otherwise; it started when its `config.json` was written and ended
    /// when its `history.json` was, and its wall time is the sum of its epochs' seconds.
    public func rescan(root: URL) throws -> RescanResult {
        var result = RescanResult(added: [], skipped: [])
        for folder in try unregisteredFolders(in: root) {
            let run = RunFolder(folder)
            do {
                let configuration = try run.configuration()
                let history = try run.history()
                let startedAt = modificationDate(of: run.configFile) ?? Date()
                var row = RegisteredRun(
                    id: RunRegistry.runID(folder), name: folder.standardizedFileURL.lastPathComponent,
                    architecture: configuration.architecture, data: configuration.data,
                    datasetFingerprint: try? DatasetFingerprint.of(URL(fileURLWithPath: configuration.data)),
                    configuration: try configuration.sortedJSON(),
                    status: history.count >= configuration.plannedEpochs ? .finished : .stopped, startedAt: startedAt,
                    finishedAt: modificationDate(of: run.historyFile),
                    wallSeconds: history.isEmpty ? nil : history.map(\.seconds).reduce(0, +), epochs: 0,
                    plannedEpochs: configuration.plannedEpochs)
                row.summarize(history)
                let evaluation = run.savedEvaluation()
                row.testAccuracy = evaluation?.accuracy
                row.testLoss = evaluation?.loss
                try replace(row, epochs: history, artifacts: run.artifacts())
                result.added.append(row)
            } catch let error as RunError {
                result.skipped.append((folder.path, error.description))
            }
        }
        return result
    }

    private func modificationDate(of file: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file.path))?[.modificationDate] as? Date
    }
}
