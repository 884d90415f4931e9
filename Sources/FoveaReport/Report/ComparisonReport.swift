import Foundation

/// The page of `fovea runs compare --html`: the settings that differ, the key metrics side by side, and every
/// run's learning curves overlaid on one chart per quantity.
public enum ComparisonReport {
    /// One run's curves: a value per epoch, in the order trained (nil where the epoch has none).
    public struct Curves: Sendable {
        public var name: String
        public var trainLoss: [Double?]
        public var validationLoss: [Double?]
        public var validationAccuracy: [Double?]

        public init(name: String, trainLoss: [Double?], validationLoss: [Double?], validationAccuracy: [Double?]) {
            self.name = name
            self.trainLoss = trainLoss
            self.validationLoss = validationLoss
            self.validationAccuracy = validationAccuracy
        }
    }

    /// - Parameters:
    ///   - settings: rows of a setting's name and one value per run.
    ///   - metrics: rows of a metric's name and one value per run.
    public static func page(
        names: [String], settings: [(name: String, values: [String])], metrics: [(name: String, values: [String])],
        curves: [Curves]
    ) throws -> HTMLPage {
        var page = HTMLPage(title: "Comparison of \(names.count) runs", subtitle: names.joined(separator: " · "))
        page.add(
            id: "settings", title: "Settings that differ",
            body: settings.isEmpty
                ? HTML.paragraph("No setting differs.")
                : HTML.table(header: ["setting"] + names, rows: settings.map { [$0.name] + $0.values }))
        page.add(id: "metrics", title: "Metrics", body: HTML.table(header: ["metric"] + names, rows: metrics.map { [$0.name] + $0.values }))
        let longest = curves.map(\.trainLoss.count).max() ?? 0
        guard longest > 0 else { return page }
        var figures = ""
        for (title, label, values) in [
            ("Validation accuracy", "Accuracy", \Curves.validationAccuracy), ("Validation loss", "Cross-entropy", \Curves.validationLoss),
            ("Training loss", "Cross-entropy", \Curves.trainLoss),
        ] as [(String, String, KeyPath<Curves, [Double?]>)] {
            // Runs of fewer epochs end early; non-finite values (a diverged epoch) are left out.
            let series = curves.map { run in
                (name: run.name, values: (0..<longest).map { index -> Double? in
                    let all = run[keyPath: values]
                    return index < all.count ? all[index].flatMap { $0.isFinite ? $0 : nil } : nil
                })
            }
            guard series.contains(where: { $0.values.contains { $0 != nil } }) else { continue }
            let chart = try LineChart.learningCurves(title: title, yLabel: label, epochs: Array(1...longest), series: series)
            figures += HTML.figure(png: try chart.png(), caption: title + " per epoch", width: 560)
        }
        page.add(id: "curves", title: "Learning curves", body: "<div class=\"figures\">" + figures + "</div>")
        return page
    }
}
