import ArgumentParser
import Foundation
import FoveaReport
import FoveaTraining

struct RunsCompare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Runs side by side: the settings that differ, the key metrics, and validation accuracy and loss per epoch.")

    @OptionGroup var options: RegistryOptions
    @Argument(help: "Two or more runs, by folder name or path.") var runs: [String]
    @Option(help: "Also write a self-contained HTML page with the runs' learning curves overlaid.") var html: String?

    func validate() throws {
        guard runs.count >= 2 else { throw ValidationError("give at least two runs to compare") }
    }

    func run() throws {
        print(try output())
    }

    /// The comparison to print.
    func output() throws -> String {
        guard let registry = try options.open(create: false) else {
            throw RunError("no run registry at \(options.registryFile.path): train a run, or `fovea runs --rescan`")
        }
        let compared = try runs.map { try registry.run(named: $0) }
        let epochs = try compared.map { try registry.epochs(of: $0.id) }
        if let html {
            let curves = zip(compared, epochs).map { run, records in
                ComparisonReport.Curves(
                    name: run.name, trainLoss: records.map(\.trainLoss), validationLoss: records.map(\.validationLoss),
                    validationAccuracy: records.map(\.validationAccuracy))
            }
            try ComparisonReport.page(
                names: compared.map(\.name), settings: RunsReport.differingSettings(compared),
                metrics: RunsReport.metrics(compared), curves: curves
            ).write(to: URL(fileURLWithPath: html))
        }
        return options.json
            ? try RunsReport.comparisonJSON(compared, epochs: epochs)
            : RunsReport.comparisonTable(compared, epochs: epochs)
    }
}
