import Foundation
import FoveaImage

/// `fovea check --html`: one self-contained HTML page (thumbnails inlined as `data:` URIs) showing each problem.
public enum CheckPage {
    /// Items shown per section; the JSON report has them all.
    public static let itemsPerSection = 200

    /// The page for `report` on the dataset folder `root`; thumbnails fit in `thumbnailSide` pixels.
    public static func html(_ report: CheckReport, root: URL, thumbnailSide: Int = 128) -> String {
        var sections: [(title: String, note: String, body: [Item])] = []
        let errorFindings = report.findings.filter { $0.problems.contains(where: \.isError) }
        sections.append(("Files that cannot be decoded", "They are skipped by training; --quarantine moves them aside.",
                         errorFindings.map { Item.file($0) }))
        let groupSections: [(String, String, (CheckReport.SimilarGroup) -> Bool)] = [
            ("Same image, different labels", "At least one of the labels is wrong.", { $0.isLabelConflict }),
            ("Same image in two splits (leakage)", "Evaluation on these is not on unseen data.", { $0.isLeak }),
            ("Exact duplicates", "Byte-for-byte copies.", { $0.identical }),
            ("Near duplicates", "Perceptual hashes at most \(report.options.distance) bits apart.", { !$0.identical }),
        ]
        for (title, note, belongs) in groupSections {
            sections.append((title, note, report.groups.filter(belongs).map { Item.group($0) }))
        }
        let fileSections: [(ImageProblem, String)] = [
            (.wrongExtension, "The extension names another format than the bytes."),
            (.tiny, "The shorter side is under \(report.options.minimumSide) pixels."),
            (.grayscale, "Training converts them to the model's channels."),
            (.alpha, "Training flattens transparency onto a background."),
            (.unlabeled, "Outside any class folder: no label."),
        ]
        for (problem, note) in fileSections {
            let files = report.findings.filter { $0.problems.contains(problem) }
            sections.append(("\(problem.summary.prefix(1).uppercased())\(problem.summary.dropFirst())", note,
                             files.map { Item.file($0) }))
        }

        let shownPaths = Set(sections.flatMap { $0.body.prefix(itemsPerSection).flatMap(\.paths) }).sorted()
        let thumbnails = Dictionary(
            uniqueKeysWithValues: zip(shownPaths, concurrentMap(count: shownPaths.count) { index in
                thumbnail(root.appendingPathComponent(shownPaths[index]), side: thumbnailSide)
            }))
        let labels = Dictionary(report.findings.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })

        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>fovea check: \(Markup.escape(root.path))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}
            td:first-child,th:first-child{text-align:left}.error{color:#b00}
            .grid{display:flex;flex-wrap:wrap;gap:10px}.card{width:\(thumbnailSide + 12)px;font-size:11px;word-break:break-all}
            .card img,.missing{display:block;max-width:\(thumbnailSide)px;max-height:\(thumbnailSide)px}
            .missing{width:\(thumbnailSide)px;height:\(thumbnailSide / 2)px;background:#eee;color:#900;font-size:11px;
            display:flex;align-items:center;justify-content:center}
            .group{border:1px solid #ddd;padding:6px;margin:6px 0}
            </style></head><body>
            <h1>fovea check</h1><p>\(Markup.escape(root.path)): \(report.images) images, \(report.errors) with errors, \
            \(report.warnings) with warnings only.</p>

            """
        page += "<h2>Problems</h2><table><tr><th>problem</th><th>files</th></tr>"
        for problem in ImageProblem.allCases {
            guard let count = report.counts[problem.rawValue] else { continue }
            page += "<tr\(problem.isError ? " class=\"error\"" : "")><td>\(Markup.escape(problem.summary))</td><td>\(count)</td></tr>"
        }
        page += "</table><h2>Classes</h2>" + classTable(report)
        for section in sections where !section.body.isEmpty {
            page += "<h2>\(Markup.escape(section.title)) (\(section.body.count))</h2><p>\(Markup.escape(section.note))</p>"
            let shown = section.body.prefix(itemsPerSection)
            let files = shown.compactMap { item -> CheckReport.Finding? in
                if case .file(let finding) = item { return finding }
                return nil
            }
            if !files.isEmpty {
                page += "<div class=\"grid\">"
                    + files.map { card($0.path, thumbnails, labels, message: $0.message) }.joined() + "</div>"
            }
            for item in shown {
                switch item {
                case .file:
                    continue
                case .group(let group):
                    let caption = "labels: \(group.labels.joined(separator: ", ")); splits: "
                        + group.splits.map(\.rawValue).joined(separator: ", ")
                        + (group.identical ? "" : "; up to \(group.largestDistance) bits apart")
                    page += "<div class=\"group\"><div>\(Markup.escape(caption))</div><div class=\"grid\">"
                        + group.paths.map { card($0, thumbnails, labels, message: nil) }.joined() + "</div></div>"
                }
            }
            if section.body.count > itemsPerSection {
                page += "<p>… and \(section.body.count - itemsPerSection) more (fovea check --json lists all).</p>"
            }
        }
        return page + "</body></html>\n"
    }

    private enum Item {
        case file(CheckReport.Finding)
        case group(CheckReport.SimilarGroup)

        var paths: [String] {
            switch self {
            case .file(let finding): [finding.path]
            case .group(let group): group.paths
            }
        }
    }

    private static func card(
        _ path: String, _ thumbnails: [String: String?], _ findings: [String: CheckReport.Finding], message: String?
    ) -> String {
        let picture: String
        if let uri = thumbnails[path] ?? nil {
            picture = "<img src=\"\(uri)\" alt=\"\(Markup.escape(path))\">"
        } else {
            picture = "<div class=\"missing\">cannot be shown</div>"
        }
        let finding = findings[path]
        let place = [finding?.label, finding?.split?.rawValue].compactMap { $0 }.joined(separator: " · ")
        return "<div class=\"card\">\(picture)<div>\(Markup.escape(path))</div>"
            + (place.isEmpty ? "" : "<div>\(Markup.escape(place))</div>")
            + (message.map { "<div class=\"error\">\(Markup.escape($0))</div>" } ?? "") + "</div>"
    }

    private static func classTable(_ report: CheckReport) -> String {
        let parts = DatasetPart.allCases.filter { part in report.classes.contains { $0.splits[part.rawValue] != nil } }
        var table = "<table><tr><th>class</th><th>images</th>" + parts.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr>"
        for count in report.classes {
            table += "<tr><td>\(Markup.escape(count.label))</td><td>\(count.total)</td>"
                + parts.map { "<td>\(count.splits[$0.rawValue] ?? 0)</td>" }.joined() + "</tr>"
        }
        table += "</table>"
        if let ratio = report.imbalanceRatio {
            table += "<p\(report.isImbalanced ? " class=\"error\"" : "")>largest / smallest class: "
                + String(format: "%.1f", ratio) + "</p>"
        }
        return table
    }

    /// A JPEG `data:` URI of the image shrunk to fit `side`, decoded leniently so that a truncated file shows
    /// what it holds; nil when nothing decodes.
    private static func thumbnail(_ url: URL, side: Int) -> String? {
        let options = DecodeOptions(size: .fitInside(side), colorMode: .rgb, strict: false)
        guard let image = try? Image.decode(contentsOf: url, options: options),
            let bytes = try? image.encodeJPEG(quality: 80)
        else { return nil }
        return "data:image/jpeg;base64," + Data(bytes).base64EncodedString()
    }
}
