import Foundation
import FoveaData
import FoveaMetrics
import FoveaNN
import FoveaTensor
import FoveaTraining

/// The pictures of one evaluation, written beside its `summary.json` as PNG and SVG: the confusion matrix, the
/// per-class scores, ROC and precision–recall curves, the reliability diagram; and the gallery of top losses with
/// their Grad-CAM maps.
public enum EvaluationFigures {
    /// The file names (without extension) and captions of the charts, in the order a report shows them.
    public static let charts: [(name: String, caption: String)] = [
        ("confusion", "Confusion matrix (rows: true class; colour: share of the row)"),
        ("per-class", "Precision, recall and F1 per class"),
        ("roc", "ROC curves, one class against the rest"),
        ("precision-recall", "Precision–recall curves, one class against the rest"),
        ("reliability", "Reliability: accuracy against confidence"),
    ]

    /// The folder of top-loss thumbnails inside an evaluation folder: `RANK.png`, and `RANK-gradcam.png` where
    /// Grad-CAM could explain the model.
    public static let galleryFolder = "top-losses"

    /// Draws every chart into `folder` as NAME.png and NAME.svg.
    public static func writeCharts(summary: EvaluationSummary, predictions: PredictionSet, to folder: URL) throws {
        let names = summary.classes
        let confusion = try ConfusionMatrixChart(classNames: names, counts: summary.confusion)
        let perClass = try BarChart(
            title: "Per-class scores", categories: names,
            series: [
                .init(name: "Precision", values: summary.perClass.map(\.precision)),
                .init(name: "Recall", values: summary.perClass.map(\.recall)),
                .init(name: "F1", values: summary.perClass.map(\.f1)),
            ], valueAxis: ChartAxis("Score", range: 0...1))
        // One-vs-rest curves exist for the classes present with at least one other.
        let present = Set(predictions.labels)
        let curveClasses = names.indices.filter { present.contains($0) && present.count > 1 }
        let columns = curveClasses.map { column in (0..<predictions.labels.count).map { predictions.probabilities[$0, column] } }
        let roc = try LineChart.rocCurves(
            zip(curveClasses, columns).map { (names[$0], try rocCurve(labels: predictions.labels, scores: $1, positiveLabel: $0)) })
        let precisionRecall = try LineChart.precisionRecallCurves(
            zip(curveClasses, columns).map {
                (names[$0], try precisionRecallCurve(labels: predictions.labels, scores: $1, positiveLabel: $0))
            })
        let reliability = try ReliabilityDiagram(
            bins: summary.calibrationBins.map {
                .init(lowerBound: $0.lowerBound, upperBound: $0.upperBound, count: $0.count, accuracy: $0.accuracy,
                      meanConfidence: $0.meanConfidence)
            }, expectedCalibrationError: summary.expectedCalibrationError)
        let drawn: [String: any Chart] = [
            "confusion": confusion, "per-class": perClass, "roc": roc, "precision-recall": precisionRecall,
            "reliability": reliability,
        ]
        for (name, _) in charts {
            guard let chart = drawn[name] else { continue }
            try chart.write(to: folder.appendingPathComponent(name + ".png"))
            try chart.write(to: folder.appendingPathComponent(name + ".svg"))
        }
    }

    /// Writes the top losses' images, and their Grad-CAM maps for the predicted class when the model has a feature
    /// map to explain; returns why there are no maps, if there are none.
    ///
    /// - Parameter images: the evaluated set, in the order the summary's indices refer to.
    @discardableResult
    public static func writeGallery(
        summary: EvaluationSummary, images: LabeledImages, model: any Module, normalization: Normalization, to folder: URL
    ) throws -> String? {
        let gallery = folder.appendingPathComponent(galleryFolder)
        try? FileManager.default.removeItem(at: gallery)
        try FileManager.default.createDirectory(at: gallery, withIntermediateDirectories: true)
        let samples = summary.topLosses
        guard !samples.isEmpty else { return nil }
        for (rank, sample) in samples.enumerated() {
            try images.image(at: sample.index).write(to: gallery.appendingPathComponent("\(rank + 1).png"))
        }
        let chosen = try images.subset(samples.map(\.index))
        let input = try normalization.normalized(chosen.images.converted(to: .float32) / 255)
        let result: GradCAM.Result
        do {
            result = try GradCAM(model: model).explain(input, classes: samples.map(\.predicted))
        } catch {
            return "no Grad-CAM maps: \(error)"
        }
        let maps = try result.maps(height: images.height, width: images.width)
        let side = images.height * images.width
        let heat = try maps.toArray(Float.self)
        for rank in samples.indices {
            let overlay = try chosen.image(at: rank).overlaid(heat: Array(heat[rank * side..<(rank + 1) * side]))
            try overlay.write(to: gallery.appendingPathComponent("\(rank + 1)-gradcam.png"))
        }
        return nil
    }
}
