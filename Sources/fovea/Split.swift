import ArgumentParser
import Foundation
import FoveaData

extension SplitTree.Mode: ExpressibleByArgument {}

/// `fovea split DATA`: a seeded, stratified, group-aware train/val/test split.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split a folder-per-class dataset into train/val/test, stratified by class and group-aware.",
        discussion: """
            Exact and near duplicates (--distance) and files whose paths give the same text for --group (its \
            first capture, or the whole match) always land in the same part. The same seed gives the same split \
            on any machine. The split is written into the dataset index (DATA/.fovea-index.sqlite, or --index) \
            and, with --out, as a train/val/test folder tree.
            """)

    @OptionGroup var dataset: DatasetOptions
    @Option(help: "TRAIN/VAL/TEST weights, e.g. 70/15/15 or 80/20.") var ratios = "70/15/15"
    @Option(help: "The seed of the shuffle.") var seed: UInt64 = 0
    @Option(help: "A regular expression over each file's path relative to DATA; files it gives the same text for stay together (e.g. '([^/]+)_\\d+\\.jpg$').")
    var group: String?
    @Option(help: "Also write the split as a folder tree OUT/train|val|test/<class>/….") var out: String?
    @Option(help: "How files get into --out: copy, hardlink or symlink.") var mode = SplitTree.Mode.copy
    @Flag(help: "JSON output.") var json = false

    func validate() throws {
        do {
            _ = try SplitRatios(parsing: ratios)
        } catch {
            throw ValidationError("--ratios: \(error)")
        }
        if let group {
            do {
                _ = try Regex(group)
            } catch {
                throw ValidationError("--group: '\(group)' is not a regular expression (\(error))")
            }
        }
    }

    func run() throws {
        let index = try dataset.updatedIndex()
        let images = try index.images()
        if images.contains(where: \.splitFromFolder) {
            throw DatasetError.malformed(
                index.root.path, "is already split into train/val/test folders; `fovea split` splits a folder-per-class tree")
        }
        let plan = try DatasetSplitter.plan(
            images, ratios: try SplitRatios(parsing: ratios), seed: seed, distance: dataset.distance,
            group: try group.map { try Regex($0) })
        guard !plan.assignments.isEmpty else {
            throw DatasetError.empty(index.root.path, "has no decodable images in class folders to split")
        }
        try index.assignSplits(plan.assignments)
        var written = 0
        if let out {
            written = try SplitTree.write(plan, root: index.root, to: URL(fileURLWithPath: out), mode: mode)
        }
        print(output(plan, written: written))
    }

    func output(_ plan: SplitPlan, written: Int) -> String {
        let parts = DatasetPart.allCases
        if json {
            let object: [String: Any] = [
                "seed": seed, "ratios": ratios,
                "classes": plan.counts.map { count in
                    ["label": count.label, "counts": Dictionary(uniqueKeysWithValues: parts.map { ($0.rawValue, count.parts[$0] ?? 0) })]
                },
                "groupsKeptTogether": plan.groupsKeptTogether, "leftOut": plan.leftOut,
                "assignments": plan.assignments.mapValues(\.rawValue), "written": written,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        var rows = plan.counts.map { count in
            [count.label, String(parts.reduce(0) { $0 + (count.parts[$1] ?? 0) })] + parts.map { String(count.parts[$0] ?? 0) }
        }
        let totals = parts.map { part in plan.counts.reduce(0) { $0 + ($1.parts[part] ?? 0) } }
        rows.append(["all", String(totals.reduce(0, +))] + totals.map(String.init))
        var lines = CheckTable.table(["class", "images"] + parts.map(\.rawValue), rows, rightAligned: [1, 2, 3, 4])
        lines.append("seed \(seed); groups of related images kept together: \(plan.groupsKeptTogether)")
        if !plan.leftOut.isEmpty {
            lines.append("left out \(plan.leftOut.count) file(s) that do not decode or have no class folder, e.g. \(plan.leftOut[0])")
        }
        if let out { lines.append("wrote \(written) files to \(out) (\(mode.rawValue))") }
        return lines.joined(separator: "\n")
    }
}
