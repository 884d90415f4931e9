import ArgumentParser
import Foundation
import FoveaData
import FoveaServer
import FoveaTraining

/// `fovea clean DATA`: a web page to relabel, delete or keep images, each edit saved at once.
struct Clean: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clean a dataset in the browser: relabel, delete or keep images, with undo; nothing is lost.",
        discussion: """
            Indexes and checks DATA (as `fovea check` does), then serves a page of thumbnails filtered by class, \
            by problem (duplicates, near duplicates, files that cannot be decoded…) or, with --run, ordered by the \
            run's loss (suspected mislabels first). Keys: 1–9 relabel to a class, n a new label, d delete, k keep, \
            u undo. Each edit is written to the dataset index at once and survives a restart. Files move only on \
            Apply (or `fovea clean DATA --apply`): relabelled ones to their new class folder, deleted ones into the \
            quarantine folder (never deleted), each move logged in QUARANTINE/clean.log.
            """)

    @OptionGroup var dataset: DatasetOptions
    @Option(help: "A run folder whose model orders the images by loss (suspected mislabels first).") var run: String?
    @Option(help: "Where deleted images go (default: DATA-quarantine beside DATA).") var quarantine: String?
    @Flag(help: "Carry out the pending edits now, print what moved, and exit (no server).") var apply = false
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port).") var port = 8081

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    var quarantineURL: URL {
        if let quarantine { return URL(fileURLWithPath: quarantine) }
        let data = dataset.dataURL.standardizedFileURL
        return data.deletingLastPathComponent().appendingPathComponent(data.lastPathComponent + "-quarantine")
    }

    func run() async throws {
        let index = try dataset.updatedIndex()
        if apply {
            try printApplied(DatasetCleaner(index: index).apply(quarantine: quarantineURL))
            return
        }
        let images = try index.images()
        let report = DatasetCheck.run(images, options: CheckOptions(distance: dataset.distance))
        try index.recordProblems(report.problemsByPath)
        dataset.note("check: \(report.errors) image(s) with errors, \(report.warnings) with warnings")
        var suspicions: [String: Suspicion] = [:]
        if let run {
            let predictor = try Predictor(run: RunFolder.open(URL(fileURLWithPath: run)))
            let labelled = images.compactMap { image in
                image.error == nil ? image.label.map { (path: image.path, label: $0) } : nil
            }
            suspicions = try SuspectedMislabels.score(labelled, root: index.root, predictor: predictor)
            dataset.note("scored \(suspicions.count) image(s) with \(run)")
        }
        let server = CleaningServer(
            cleaner: DatasetCleaner(index: index, suspicions: suspicions), quarantine: quarantineURL)
        // Returns after SIGTERM or SIGINT, once the requests in flight are answered.
        try await server.serve(host: host, port: port) { [host] port in
            FileHandle.standardOutput.write(Data("cleaning \(index.root.path) on http://\(host):\(port)\n".utf8))
        }
    }

    private func printApplied(_ result: CleaningResult) {
        for move in result.moves { print("\(move.action.rawValue)\t\(move.path)\t\(move.destination)") }
        for skipped in result.skipped { print("skipped\t\(skipped)") }
        print("moved \(result.moves.count) file(s), \(result.unchanged) unchanged, \(result.skipped.count) skipped; "
              + "log: \(result.log)")
    }
}
