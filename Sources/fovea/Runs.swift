import ArgumentParser
import Foundation
import FoveaTraining

/// `fovea runs`: the run registry of a runs folder.
struct Runs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and compare the runs recorded in the run registry (ROOT/registry.sqlite).",
        discussion: """
            `fovea train` records every run in the registry beside its folder (or in $FOVEA_REGISTRY): settings, \
            status, per-epoch metrics and files. Run folders trained without it are added by `fovea runs --rescan`.
            """,
        subcommands: [RunsList.self, RunsCompare.self], defaultSubcommand: RunsList.self)
}

/// Where the registry is, shared by the `runs` subcommands.
struct RegistryOptions: ParsableArguments {
    @Option(help: "The runs folder.") var root = "runs"
    @Option(help: "The registry database (default: $FOVEA_REGISTRY, else ROOT/registry.sqlite).") var registry: String?
    @Flag(help: "JSON output.") var json = false

    var rootURL: URL { URL(fileURLWithPath: root) }

    var registryFile: URL {
        registry.map { URL(fileURLWithPath: $0) } ?? RunRegistry.defaultFile(root: rootURL)
    }

    /// The registry, or nil when its file does not exist and `create` is false.
    func open(create: Bool) throws -> RunRegistry? {
        guard create || FileManager.default.fileExists(atPath: registryFile.path) else { return nil }
        do {
            return try RunRegistry(file: registryFile)
        } catch {
            throw RunError("cannot open the run registry \(registryFile.path): \(error)")
        }
    }
}

struct RunsList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "A table of the runs, newest first: name, architecture, data, epochs, accuracies, status, wall time.")

    @OptionGroup var options: RegistryOptions
    @Flag(help: "First add the run folders under --root that the registry lacks, from their files.") var rescan = false

    func run() throws {
        print(try output(notes: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }))
    }

    /// The table (or JSON) to print; remarks on the registry go to `notes`.
    func output(notes: (String) -> Void) throws -> String {
        guard let registry = try options.open(create: rescan) else {
            notes("no run registry at \(options.registryFile.path) yet: `fovea train` creates it "
                + "(`fovea runs --rescan` registers existing run folders)")
            return options.json ? "[]" : ""
        }
        if rescan {
            let result = try registry.rescan(root: options.rootURL)
            notes("rescan: added \(result.added.count) run folder\(result.added.count == 1 ? "" : "s") from \(options.root)")
            for (folder, reason) in result.skipped { notes("skipped \(folder): \(reason)") }
        } else {
            let missing = try registry.unregisteredFolders(in: options.rootURL)
            if !missing.isEmpty {
                let one = missing.count == 1
                notes("\(missing.count) run folder\(one ? " is" : "s are") not in the registry: "
                    + "`fovea runs --rescan` adds \(one ? "it" : "them")")
            }
        }
        let runs = try registry.runs()
        if options.json { return try RunsReport.json(runs.map { try RunsReport.object(for: $0) }) }
        return RunsReport.table(runs)
    }
}
