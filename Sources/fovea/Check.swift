import ArgumentParser
import Foundation
import FoveaData

/// `fovea check DATA`: audits a dataset before training.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Audit a dataset: broken files, duplicates, near duplicates, label conflicts, leakage, balance.",
        discussion: """
            Indexes DATA first (DATA/.fovea-index.sqlite, or --index; only new and changed files are read), then \
            reports files that cannot be decoded (empty, unreadable, truncated, corrupt, over the limits), wrong \
            extensions, exact and near duplicates, the same image under two labels or in two splits, class \
            balance, tiny, grayscale and alpha images.

            Exit status: 0 when every file decodes (warnings allowed), 2 when files that cannot be decoded remain \
            in DATA (after --quarantine moved them aside, they do not), 1 when the check itself failed.
            """)

    @OptionGroup var dataset: DatasetOptions
    @Option(help: "Images whose shorter side is below this many pixels are tiny.") var minSize = CheckOptions().minimumSide
    @Option(help: "Classes are imbalanced when the largest is more than this many times the smallest.")
    var maxImbalance = CheckOptions().maximumImbalance
    @Flag(help: "JSON output (the whole report).") var json = false
    @Option(help: "Also write an HTML page with thumbnails of each problem to this file.") var html: String?
    @Option(help: """
        Move files that cannot be decoded, and the extra copies of exact duplicates with the same label and split, \
        into this folder (relative paths kept; nothing is deleted; logged in DIR/quarantine.log and the index).
        """)
    var quarantine: String?

    func validate() throws {
        guard minSize >= 1 else { throw ValidationError("--min-size must be positive") }
        guard maxImbalance >= 1, maxImbalance.isFinite else { throw ValidationError("--max-imbalance must be at least 1") }
        if let quarantine {
            let root = dataset.dataURL.standardizedFileURL.path + "/"
            let folder = URL(fileURLWithPath: quarantine).standardizedFileURL.path
            if folder.hasPrefix(root),
                !folder.dropFirst(root.count).split(separator: "/").contains(where: { $0.hasPrefix(".") })
            {
                throw ValidationError(
                    "--quarantine \(quarantine) is inside DATA, where it would be indexed again; put it outside DATA "
                        + "or give it a name starting with '.'")
            }
        }
    }

    func run() throws {
        let index = try dataset.updatedIndex()
        let options = CheckOptions(distance: dataset.distance, minimumSide: minSize, maximumImbalance: maxImbalance)
        let report = DatasetCheck.run(try index.images(), options: options)
        try index.recordProblems(report.problemsByPath)
        if let html {
            let page = CheckPage.html(report, root: index.root)
            do {
                try Data(page.utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                throw DatasetError.malformed(html, "cannot write the --html page: \(error.localizedDescription)")
            }
            dataset.note("wrote \(html)")
        }
        var moved: [QuarantinedFile] = []
        if let quarantine {
            moved = try Quarantine.move(
                Self.filesToQuarantine(report), of: index, to: URL(fileURLWithPath: quarantine))
        }
        print(try output(report, index: index, moved: moved))
        let movedPaths = Set(moved.map(\.path))
        let remainingErrors = report.findings.filter {
            $0.problems.contains(where: \.isError) && !movedPaths.contains($0.path)
        }
        if !remainingErrors.isEmpty { throw ExitCode(2) }
    }

    /// Files that cannot be decoded and redundant exact copies, with their problems.
    static func filesToQuarantine(_ report: CheckReport) -> [(path: String, problems: [ImageProblem])] {
        let redundant = Set(report.redundantCopies)
        return report.findings.compactMap { finding in
            let errors = finding.problems.filter(\.isError)
            if !errors.isEmpty { return (finding.path, errors) }
            return redundant.contains(finding.path) ? (finding.path, [.duplicate]) : nil
        }
    }

    /// The JSON document or the terminal tables.
    func output(_ report: CheckReport, index: DatasetIndex, moved: [QuarantinedFile]) throws -> String {
        if json {
            struct Document: Encodable {
                let data: String
                let index: String
                let report: CheckReport
                let quarantined: [QuarantinedFile]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            let document = Document(data: index.root.path, index: index.file.path, report: report, quarantined: moved)
            return String(decoding: try encoder.encode(document), as: UTF8.self)
        }
        return CheckTable.text(report, data: dataset.data, moved: moved)
    }
}
