import ArgumentParser
import Foundation
import FoveaData

/// The dataset folder and its index, shared by `fovea check` and `fovea split`.
struct DatasetOptions: ParsableArguments {
    @Argument(help: "The dataset: a folder-per-class tree, optionally split into train/, val/ and test/ folders.")
    var data: String
    @Option(help: "The dataset index file (default: DATA/\(DatasetIndex.defaultFileName)).") var index: String?
    @Flag(help: "Build the index anew from the images (for a damaged index file).") var rebuildIndex = false
    @Option(help: "Near duplicates differ in at most this many of 64 perceptual-hash bits (-1: off).")
    var distance = CheckOptions().distance

    func validate() throws {
        guard (-1...64).contains(distance) else { throw ValidationError("--distance must be in -1...64") }
    }

    var dataURL: URL { URL(fileURLWithPath: data) }

    /// The index, brought up to date; a summary line goes to standard error.
    func updatedIndex() throws -> DatasetIndex {
        let index = try DatasetIndex(
            root: dataURL, file: self.index.map { URL(fileURLWithPath: $0) }, rebuild: rebuildIndex)
        let interactive = isatty(STDERR_FILENO) != 0
        let update = try index.update { done, total in
            if interactive { note("\rindexing: \(done)/\(total) files", newline: false) }
        }
        if interactive, update.examined > 0 { note("") }
        var summary = "index \(index.file.path): \(update.images) images (\(update.examined) read, "
            + "\(update.unchanged) unchanged, \(update.removed) removed)"
        if !update.otherFiles.isEmpty {
            summary += "; skipped \(update.otherFiles.count) non-image file(s), e.g. \(update.otherFiles[0])"
        }
        note(summary)
        for folder in update.unreadableFolders { note("warning: cannot list \(folder)") }
        return index
    }

    /// A line on standard error.
    func note(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((text + (newline ? "\n" : "")).utf8))
    }
}
