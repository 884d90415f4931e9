import Foundation
import FoveaTraining

/// The text and JSON that `fovea runs` and `fovea runs compare` print.
enum RunsReport {
    // MARK: The list

    static func table(_ runs: [RegisteredRun]) -> String {
        guard !runs.isEmpty else { return "no runs registered" }
        let header = ["name", "architecture", "data", "epochs", "best valid acc", "test acc", "status", "wall time"]
        let rows = runs.map { run in
            [
                run.name, run.architecture, URL(fileURLWithPath: run.data).lastPathComponent,
                "\(run.epochs)/\(run.plannedEpochs)", metric(run.bestValidationAccuracy), metric(run.testAccuracy),
                run.status.rawValue, duration(run.wallSeconds),
            ]
        }
        return TextTable.render(header: header, rows: rows)
    }

    /// A run as a JSON object, its configuration nested as an object.
    static func object(for run: RegisteredRun) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var object = try JSONSerialization.jsonObject(with: encoder.encode(run)) as? [String: Any] ?? [:]
        object["configuration"] = try? JSONSerialization.jsonObject(with: Data(run.configuration.utf8))
        return object
    }

    static func json(_ value: Any) throws -> String {
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try JSONSerialization.data(withJSONObject: value, options: options), as: UTF8.self)
    }

    // MARK: The comparison

    /// Every setting (nested ones as `input.height`) whose value is not the same in all `runs`, with one value per run.
    static func differingSettings(_ runs: [RegisteredRun]) -> [(name: String, values: [String])] {
        let settings = runs.map { flatten(try? JSONSerialization.jsonObject(with: Data($0.configuration.utf8))) }
        var names = Set(settings.flatMap(\.keys)).sorted()
        if Set(runs.map(\.datasetFingerprint)).count > 1 { names.append("dataset fingerprint") }
        return names.compactMap { name in
            let values = zip(runs, settings).map { run, flat in
                name == "dataset fingerprint" ? String((run.datasetFingerprint ?? "—").prefix(12)) : flat[name] ?? "—"
            }
            return Set(values).count > 1 ? (name, values) : nil
        }
    }

    /// The key metrics of each run, one row per metric.
    static func metrics(_ runs: [RegisteredRun]) -> [(name: String, values: [String])] {
        [
            ("status", runs.map(\.status.rawValue)),
            ("epochs", runs.map { "\($0.epochs)/\($0.plannedEpochs)" }),
            ("best valid acc", runs.map { metric($0.bestValidationAccuracy) }),
            ("best valid loss", runs.map { metric($0.bestValidationLoss) }),
            ("final valid acc", runs.map { metric($0.finalValidationAccuracy) }),
            ("final valid loss", runs.map { metric($0.finalValidationLoss) }),
            ("test acc", runs.map { metric($0.testAccuracy) }),
            ("wall time", runs.map { duration($0.wallSeconds) }),
        ]
    }

    static func comparisonTable(_ runs: [RegisteredRun], epochs: [[RegisteredEpoch]]) -> String {
        let names = runs.map(\.name)
        let differing = differingSettings(runs)
        var rows = differing.isEmpty ? [["(no setting differs)"] + names.map { _ in "" }] : differing.map { [$0.name] + $0.values }
        let settings = TextTable.render(header: ["setting"] + names, rows: rows)
        rows = metrics(runs).map { [$0.name] + $0.values }
        let summary = TextTable.render(header: ["metric"] + names, rows: rows)

        let epochCount = epochs.map(\.count).max() ?? 0
        let header = ["epoch"] + names.flatMap { ["\($0) valid acc", "\($0) valid loss"] }
        rows = (0..<epochCount).map { index in
            [String(index + 1)] + epochs.flatMap { runEpochs in
                let epoch = runEpochs.first { $0.epoch == index + 1 }
                return [metric(epoch?.validationAccuracy), metric(epoch?.validationLoss)]
            }
        }
        return [settings, summary, TextTable.render(header: header, rows: rows)].joined(separator: "\n\n")
    }

    static func comparisonJSON(_ runs: [RegisteredRun], epochs: [[RegisteredEpoch]]) throws -> String {
        var differences: [String: [String]] = [:]
        for setting in differingSettings(runs) { differences[setting.name] = setting.values }
        let perEpoch = zip(runs, epochs).map { run, runEpochs -> [String: Any] in
            let rows = runEpochs.map { epoch -> [String: Any] in
                var row: [String: Any] = ["epoch": epoch.epoch]
                if let value = epoch.validationAccuracy, value.isFinite { row["validationAccuracy"] = value }
                if let value = epoch.validationLoss, value.isFinite { row["validationLoss"] = value }
                return row
            }
            return ["name": run.name, "epochs": rows]
        }
        return try json([
            "runs": try runs.map { try object(for: $0) }, "differences": differences, "epochs": perEpoch,
        ] as [String: Any])
    }

    // MARK: Formatting

    /// Nested objects flattened to dotted names; every value as compact JSON text.
    private static func flatten(_ value: Any?, prefix: String = "") -> [String: String] {
        guard let object = value as? [String: Any] else {
            guard let value else { return [:] }
            let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
            let text = data.map { String(decoding: $0, as: UTF8.self).dropFirst().dropLast() }.map(String.init) ?? "\(value)"
            return [prefix: text]
        }
        var flat: [String: String] = [:]
        for (key, nested) in object {
            flat.merge(flatten(nested, prefix: prefix.isEmpty ? key : "\(prefix).\(key)")) { first, _ in first }
        }
        return flat
    }

    /// An accuracy or a loss to four decimals; "—" when there is none.
    static func metric(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.4f", value)
    }

    /// "42.0 s", "3m 07s" or "2h 05m".
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "—" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return String(format: "%dm %02ds", whole / 60, whole % 60) }
        return String(format: "%dh %02dm", whole / 3600, whole % 3600 / 60)
    }
}

/// Columns padded to their widest cell, two spaces apart.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        let lines = [header] + rows
        let widths = header.indices.map { column in lines.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return lines.map { cells in
            zip(cells, widths).map { cell, width in cell.padding(toLength: width, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
