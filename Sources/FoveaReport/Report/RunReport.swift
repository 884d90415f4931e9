import Foundation
import FoveaImage
import FoveaTraining

/// The `report.html` of a run: what it is, how it trained, how it does on held-out data, where it goes wrong,
/// and its retrieval scores, built from the files in the run folder (so it can be rebuilt at any time).
///
/// It reads `config.json`, `history.json`, `lr-find.csv` (from `fovea lr-find --csv RUN/lr-find.csv`), the
/// evaluation folder `evaluation/test` (else `evaluation/validation`) written by `fovea evaluate`, and
/// `retrieval.json` (from `fovea evaluate-retrieval`). Missing parts are left out; the configuration is required.
public enum RunReport {
    public static let fileName = "report.html"

    /// The ids of the sections a report of `run` holds, in order: what a browser check expects to find.
    public static func sectionIDs(of run: RunFolder) throws -> [String] {
        try page(for: run).sections.map(\.id)
    }

    public static func page(for run: RunFolder) throws -> HTMLPage {
        let configuration = try run.configuration()
        let history = (try? run.history()) ?? []
        let evaluation = evaluationFolder(of: run)
        let summary = try evaluation.map {
            try JSONDecoder().decode(EvaluationSummary.self, from: Data(contentsOf: $0.appendingPathComponent("summary.json")))
        }
        var page = HTMLPage(
            title: "Run \(run.url.lastPathComponent)",
            subtitle: "\(configuration.architecture) on \(configuration.data), \(configuration.classes.count) classes")
        page.add(id: "overview", title: "Overview", body: overview(configuration, history: history, summary: summary))
        page.add(id: "settings", title: "Settings", body: try settings(configuration))
        if !history.isEmpty { page.add(id: "curves", title: "Learning curves", body: try curves(history)) }
        if let finder = try learningRateFinder(run) { page.add(id: "lr-finder", title: "Learning-rate finder", body: finder) }
        if let summary, let evaluation {
            page.add(id: "data", title: "Data", body: data(configuration, summary: summary, split: evaluation.lastPathComponent))
            page.add(id: "metrics", title: "Metrics on the \(evaluation.lastPathComponent) split", body: metrics(summary))
            page.add(id: "charts", title: "Charts", body: try charts(in: evaluation))
            page.add(id: "mistakes", title: "Mistakes", body: try mistakes(summary, in: evaluation))
        }
        if let retrieval = try retrieval(run) { page.add(id: "retrieval", title: "Similarity search", body: retrieval) }
        return page
    }

    /// Writes `RUN/report.html` and returns its location.
    @discardableResult
    public static func write(for run: RunFolder) throws -> URL {
        let file = run.url.appendingPathComponent(fileName)
        try page(for: run).write(to: file)
        return file
    }

    static func evaluationFolder(of run: RunFolder) -> URL? {
        ["test", "validation"].map { run.url.appendingPathComponent("evaluation/\($0)") }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("summary.json").path)
        }
    }

    private static func format(_ value: Double?, digits: Int = 4) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.\(digits)f", value)
    }

    private static func overview(_ configuration: RunConfiguration, history: [EpochRecord], summary: EvaluationSummary?) -> String {
        let seconds = history.reduce(0) { $0 + $1.seconds }
        var rows: [(String, String)] = [
            ("Architecture", configuration.architecture + (configuration.isTransfer ? " (transfer, \(configuration.head ?? "linear") head)" : "")),
            ("Data", configuration.data),
            ("Input", "\(configuration.input.channels)×\(configuration.input.height)×\(configuration.input.width)"),
            ("Epochs trained", "\(history.count)"),
            ("Training time", String(format: "%.1f s", seconds)),
            ("Best validation accuracy", format(history.compactMap(\.validationAccuracy).max())),
        ]
        if let summary {
            rows.append(("Accuracy on held-out data", format(summary.accuracy) + " on \(summary.count) images"))
        }
        return HTML.keyValues(rows)
    }

    private static func settings(_ configuration: RunConfiguration) throws -> String {
        let object = try JSONSerialization.jsonObject(with: JSONFile.encoded(configuration)) as? [String: Any] ?? [:]
        let rows = object.keys.sorted().filter { $0 != "classes" }.map { key -> (String, String) in
            let value = object[key].flatMap { value -> String? in
                if let text = value as? String { return text }
                guard JSONSerialization.isValidJSONObject(value),
                    let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
                else { return "\(value)" }
                return String(decoding: data, as: UTF8.self)
            }
            return (key, value ?? "")
        }
        return HTML.keyValues(rows) + HTML.paragraph("Classes: " + configuration.classes.joined(separator: ", "), muted: true)
    }

    /// The loss and accuracy per epoch, train and validation.
    public static func learningCurveCharts(_ history: [EpochRecord]) throws -> (loss: LineChart, accuracy: LineChart)? {
        guard !history.isEmpty else { return nil }
        // Fine-tuning counts its two runs' epochs from 1 each: number them in order instead. A diverged epoch's
        // non-finite loss is left out of the chart (the table shows it).
        let epochs = Array(1...history.count)
        func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }
        let loss = try LineChart.learningCurves(
            title: "Loss", yLabel: "Cross-entropy", epochs: epochs,
            series: [("Train", history.map { finite($0.trainLoss) }), ("Validation", history.map { finite($0.validationLoss) })])
        let accuracy = try LineChart.learningCurves(
            title: "Accuracy", yLabel: "Accuracy", epochs: epochs,
            series: [("Train", history.map { finite($0.trainAccuracy) }), ("Validation", history.map { finite($0.validationAccuracy) })])
        return (loss, accuracy)
    }

    /// The curve `fovea lr-find --csv RUN/lr-find.csv` saved in the run, if any.
    public static func learningRateFinderChart(of run: RunFolder) throws -> LineChart? {
        let file = run.url.appendingPathComponent("lr-find.csv")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return nil }
        let points = text.split(separator: "\n").dropFirst().compactMap { line -> (Double, Double)? in
            let fields = line.split(separator: ",")
            guard fields.count == 2, let rate = Double(fields[0]), let loss = Double(fields[1]) else { return nil }
            return (rate, loss)
        }
        guard points.count > 1 else { return nil }
        return try LineChart.learningRateFinder(rates: points.map(\.0), losses: points.map(\.1))
    }

    private static func curves(_ history: [EpochRecord]) throws -> String {
        guard let (loss, accuracy) = try learningCurveCharts(history) else { return "" }
        let table = HTML.table(
            header: ["epoch", "train loss", "train accuracy", "valid loss", "valid accuracy", "learning rate", "seconds"],
            rows: history.enumerated().map { index, record in
                [
                    "\(index + 1)", format(record.trainLoss), format(record.trainAccuracy), format(record.validationLoss),
                    format(record.validationAccuracy), String(format: "%.3g", record.learningRate), String(format: "%.1f", record.seconds),
                ]
            }, numeric: Set(0..<7))
        return "<div class=\"figures\">" + HTML.figure(png: try loss.png(), caption: "Loss per epoch", width: 560)
            + HTML.figure(png: try accuracy.png(), caption: "Accuracy per epoch", width: 560) + "</div>" + table
    }

    private static func learningRateFinder(_ run: RunFolder) throws -> String? {
        try learningRateFinderChart(of: run).map {
            HTML.figure(png: try $0.png(), caption: "Loss against the learning rate (lr-find.csv)", width: 560)
        }
    }

    private static func data(_ configuration: RunConfiguration, summary: EvaluationSummary, split: String) -> String {
        let normalization = zip(configuration.normalization.mean, configuration.normalization.std)
            .map { String(format: "%.4f ± %.4f", $0, $1) }.joined(separator: ", ")
        let total = max(summary.count, 1)
        return HTML.keyValues([
            ("Input normalisation (mean ± std per channel)", normalization),
            ("Augmentation", "\(configuration.augmentation)"),
        ]) + HTML.table(
            header: ["class", "images in the \(split) split", "share"],
            rows: summary.perClass.map { [$0.name, "\($0.support)", String(format: "%.1f %%", 100 * Double($0.support) / Double(total))] },
            numeric: [1, 2])
    }

    private static func metrics(_ summary: EvaluationSummary) -> String {
        var overall: [(String, String)] = [
            ("Accuracy", format(summary.accuracy)), ("Balanced accuracy", format(summary.balancedAccuracy)),
            ("Cohen's kappa", format(summary.cohenKappa)), ("Cross-entropy", format(summary.loss)),
            ("ROC AUC (one-vs-rest, macro)", format(summary.rocAUC)), ("Average precision (macro)", format(summary.averagePrecision)),
            ("Expected calibration error", format(summary.expectedCalibrationError)),
        ]
        overall += summary.topKAccuracy.sorted { $0.key < $1.key }.map { ("Top-\($0.key.dropFirst(3)) accuracy", format($0.value)) }
        let rows = summary.perClass.map {
            [$0.name, format($0.precision), format($0.recall), format($0.f1), "\($0.support)", format($0.rocAUC), format($0.averagePrecision)]
        } + [("macro average", summary.macroAverage), ("weighted average", summary.weightedAverage)].map {
            [$0.0, format($0.1.precision), format($0.1.recall), format($0.1.f1), "\(summary.count)", "", ""]
        }
        return HTML.keyValues(overall) + HTML.table(
            header: ["class", "precision", "recall", "F1", "support", "ROC AUC", "average precision"], rows: rows,
            numeric: Set(1..<7))
    }

    private static func charts(in folder: URL) throws -> String {
        let figures = try EvaluationFigures.charts.compactMap { name, caption -> String? in
            let file = folder.appendingPathComponent(name + ".png")
            guard FileManager.default.fileExists(atPath: file.path) else { return nil }
            return HTML.figure(png: try Data(contentsOf: file), caption: caption, width: 560)
        }
        return "<div class=\"figures\">" + figures.joined() + "</div>"
    }

    private static func mistakes(_ summary: EvaluationSummary, in folder: URL) throws -> String {
        let confused = summary.evaluation.mostConfused(limit: 10)
        var body = confused.isEmpty ? HTML.paragraph("No mistakes.") : HTML.table(
            header: ["true class", "predicted as", "images"], rows: confused.map { [$0.actual, $0.predicted, "\($0.count)"] },
            numeric: [2])
        let gallery = folder.appendingPathComponent(EvaluationFigures.galleryFolder)
        let tiles = try summary.topLosses.enumerated().compactMap { rank, sample -> String? in
            let image = gallery.appendingPathComponent("\(rank + 1).png")
            guard FileManager.default.fileExists(atPath: image.path) else { return nil }
            let heat = gallery.appendingPathComponent("\(rank + 1)-gradcam.png")
            let truth = summary.classes[sample.label], guess = summary.classes[sample.predicted]
            var pictures = HTML.image(png: try Data(contentsOf: image), alt: "top loss \(rank + 1): \(truth)")
            if FileManager.default.fileExists(atPath: heat.path) {
                pictures += HTML.image(png: try Data(contentsOf: heat), alt: "Grad-CAM of top loss \(rank + 1)")
            }
            return """
                <div class="tile"><div class="pair">\(pictures)</div>
                <div>true: <b>\(Markup.escape(truth))</b></div>
                <div class="wrong">predicted: \(Markup.escape(guess)) (\(format(sample.probability, digits: 2)))</div>
                <div class="muted">loss \(format(sample.loss, digits: 2)) · image #\(sample.index)</div></div>
                """
        }
        if !tiles.isEmpty {
            body += "<h3>Top losses</h3>"
                + HTML.paragraph("The images the model got most wrong, with Grad-CAM maps of where it looked for the class it predicted.", muted: true)
                + "<div class=\"gallery\">" + tiles.joined(separator: "\n") + "</div>"
        }
        return body
    }

    /// What `fovea evaluate-retrieval` saved as `RUN/retrieval.json`.
    public struct RetrievalResult: Codable, Sendable {
        public var metric: String
        public var queries: Int
        public var meanAveragePrecision: Double
        public var precisionAtK: [String: Double]
        public var recallAtK: [String: Double]
        public var perClassMeanAveragePrecision: [String: Double]

        public init(
            metric: String, queries: Int, meanAveragePrecision: Double, precisionAtK: [String: Double],
            recallAtK: [String: Double], perClassMeanAveragePrecision: [String: Double]
        ) {
            self.metric = metric
            self.queries = queries
            self.meanAveragePrecision = meanAveragePrecision
            self.precisionAtK = precisionAtK
            self.recallAtK = recallAtK
            self.perClassMeanAveragePrecision = perClassMeanAveragePrecision
        }
    }

    public static let retrievalFileName = "retrieval.json"

    private static func retrieval(_ run: RunFolder) throws -> String? {
        let file = run.url.appendingPathComponent(retrievalFileName)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let result = try JSONDecoder().decode(RetrievalResult.self, from: Data(contentsOf: file))
        let cutoffs = result.precisionAtK.keys.compactMap { Int($0) }.sorted()
        return HTML.keyValues(
            [("Leave-one-out mAP (\(result.metric))", format(result.meanAveragePrecision)), ("Queries", "\(result.queries)")]
                + cutoffs.map { ("Precision@\($0) / recall@\($0)", format(result.precisionAtK["\($0)"]) + " / " + format(result.recallAtK["\($0)"])) }
        ) + HTML.table(
            header: ["class", "mAP"], rows: result.perClassMeanAveragePrecision.sorted { $0.key < $1.key }.map { [$0.key, format($0.value)] },
            numeric: [1])
    }
}
