import ArgumentParser
import Foundation
import FoveaReport
import FoveaTraining

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild a run's self-contained report.html from its folder.",
        discussion: """
            `fovea evaluate` rebuilds it too. The report shows the settings, learning curves, the LR finder curve \
            (RUN/lr-find.csv), the latest evaluation's metrics, charts and top losses, and the retrieval scores \
            of `fovea evaluate-retrieval`.
            """)

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String

    func run() throws {
        let file = try RunReport.write(for: RunFolder.open(URL(fileURLWithPath: runPath)))
        print(file.path)
    }
}
