import Foundation
import FoveaData

/// `fovea check`'s terminal output: a problem table, a class table, then the files and groups to look at.
enum CheckTable {
    /// Groups and files listed per kind; `--json` and `--html` have them all.
    static let listed = 10

    static func text(_ report: CheckReport, data: String, moved: [QuarantinedFile]) -> String {
        var lines: [String] = []
        let classes = report.classes.count == 1 ? "1 class" : "\(report.classes.count) classes"
        lines.append("\(data): \(report.images) image files in \(classes); "
            + "\(report.errors) with errors, \(report.warnings) with warnings only")
        lines.append("")
        let rows = ImageProblem.allCases.compactMap { problem -> [String]? in
            guard let count = report.counts[problem.rawValue] else { return nil }
            let example = report.findings.first { $0.problems.contains(problem) }
            let detail = example.map { $0.path + (problem.isError ? ": " + ($0.message ?? "") : "") } ?? ""
            return [problem.isError ? "error" : "warning", problem.summary, String(count), detail]
        }
        if rows.isEmpty {
            lines.append("no problems found")
        } else {
            lines += table(["", "problem", "files", "example"], rows, rightAligned: [2])
        }

        if !report.classes.isEmpty {
            let parts = DatasetPart.allCases.filter { part in report.classes.contains { $0.splits[part.rawValue] != nil } }
            let classRows = report.classes.map { count in
                [count.label, String(count.total)] + parts.map { String(count.splits[$0.rawValue] ?? 0) }
            }
            lines.append("")
            lines += table(["class", "images"] + parts.map(\.rawValue), classRows, rightAligned: Set(1...(1 + parts.count)))
            if let ratio = report.imbalanceRatio {
                lines.append(String(format: "largest / smallest class: %.1f", ratio)
                    + (report.isImbalanced ? String(format: " (over %.0f: imbalanced)", report.options.maximumImbalance) : ""))
            }
        }

        let broken = report.findings.filter { $0.problems.contains(where: \.isError) }
        section(&lines, "files that cannot be decoded", broken.map { "\($0.path): \($0.message ?? "")" })
        let groupKinds: [(String, (CheckReport.SimilarGroup) -> Bool)] = [
            ("same image under different labels", { $0.isLabelConflict }),
            ("same image in different splits (leakage)", { $0.isLeak }),
            ("exact duplicates", { $0.identical }),
            ("near duplicates", { !$0.identical }),
        ]
        for (title, belongs) in groupKinds {
            section(&lines, title, report.groups.filter(belongs).map { group in
                group.paths.joined(separator: ", ") + (group.identical ? "" : "  (≤ \(group.largestDistance) bits)")
            })
        }
        if !moved.isEmpty {
            section(&lines, "moved to quarantine", moved.map { "\($0.path) → \($0.destination) (\($0.reason))" },
                    limit: Int.max)
        }
        return lines.joined(separator: "\n")
    }

    private static func section(_ lines: inout [String], _ title: String, _ items: [String], limit: Int = listed) {
        guard !items.isEmpty else { return }
        lines.append("")
        lines.append("\(title) (\(items.count)):")
        lines += items.prefix(limit).map { "  " + $0 }
        if items.count > limit { lines.append("  … and \(items.count - limit) more (--json or --html lists all)") }
    }

    /// Columns padded to their widest cell.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let text = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        return [line(header)] + rows.map(line)
    }
}
