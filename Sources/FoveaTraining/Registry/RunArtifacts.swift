import Foundation

extension RunFolder {
    /// The files of the run that exist now, by the kind the registry files them under, with their sizes.
    func artifacts() -> [RegisteredArtifact] {
        let files: [(kind: String, file: URL)] = [
            ("weights", weightsFile), ("best", bestWeightsFile), ("checkpoint", checkpointFile), ("config", configFile),
            ("classes", classesFile), ("history", historyFile), ("history-csv", csvLogFile),
            ("history-jsonl", jsonLinesLogFile), ("settings", settingsFile), ("evaluation", evaluationFile),
        ]
        return files.compactMap { kind, file in
            guard let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? Int else {
                return nil
            }
            return RegisteredArtifact(runId: RunRegistry.runID(url), kind: kind, path: file.path, bytes: bytes)
        }
    }

    /// The run's `evaluation.json`, when it has a readable one.
    func savedEvaluation() -> Evaluation? {
        guard let data = try? Data(contentsOf: evaluationFile) else { return nil }
        return try? JSONDecoder().decode(Evaluation.self, from: data)
    }
}

extension RunConfiguration {
    /// Epochs a run of this configuration trains when nothing stops it: the frozen ones of fine-tuning included.
    var plannedEpochs: Int { epochs + (frozenEpochs ?? 0) }

    /// The configuration as JSON with sorted keys, as the registry and checkpoints keep it.
    func sortedJSON() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
