import ArgumentParser
import Foundation
import FoveaMetrics
import FoveaReport
import FoveaTraining

struct EvaluateRetrieval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate-retrieval",
        abstract: "Leave-one-out mAP, precision@k and recall@k of an embeddings file (each item queries all others).",
        discussion: "Saves the scores as retrieval.json beside the embeddings file, where a run's report.html finds them.")

    @Argument(help: "A file written by `fovea embed`.") var embeddings: String
    @Option(help: "Distance: l2 or cosine.") var metric = "l2"
    @Option(name: .short, help: "The k of precision@k and recall@k, comma-separated.") var k = "1,5,10"
    @Flag(help: "JSON output.") var json = false

    func validate() throws {
        guard ["l2", "cosine"].contains(metric) else { throw ValidationError("--metric must be l2 or cosine") }
        guard cutoffs != nil else { throw ValidationError("-k takes positive whole numbers, such as 1,5,10") }
    }

    var cutoffs: [Int]? {
        let values = k.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return values.compactMap { $0 }
    }

    func run() throws {
        let loaded = try Embeddings.load(from: URL(fileURLWithPath: embeddings))
        let result = try RetrievalEvaluation.leaveOneOut(
            features: loaded.features, labels: loaded.labels, metric: metric == "cosine" ? .cosine : .euclidean,
            cutoffs: cutoffs ?? [1])
        var perClass: [String: Double] = [:]
        for (label, scores) in result.perClass { perClass[loaded.classes[label]] = scores.meanAveragePrecision }
        let saved = RunReport.RetrievalResult(
            metric: metric, queries: result.overall.queryCount, meanAveragePrecision: result.overall.meanAveragePrecision,
            precisionAtK: Dictionary(uniqueKeysWithValues: result.overall.precisionAtK.map { ("\($0.key)", $0.value) }),
            recallAtK: Dictionary(uniqueKeysWithValues: result.overall.recallAtK.map { ("\($0.key)", $0.value) }),
            perClassMeanAveragePrecision: perClass)
        let file = URL(fileURLWithPath: embeddings).deletingLastPathComponent().appendingPathComponent(RunReport.retrievalFileName)
        try JSONFile.write(saved, to: file)
        if json {
            Console.emitJSON([
                "map": result.overall.meanAveragePrecision, "queries": result.overall.queryCount,
                "precision_at_k": Dictionary(uniqueKeysWithValues: result.overall.precisionAtK.map { ("\($0.key)", $0.value) }),
                "recall_at_k": Dictionary(uniqueKeysWithValues: result.overall.recallAtK.map { ("\($0.key)", $0.value) }),
                "map_per_class": perClass,
            ])
            return
        }
        let overall = result.overall
        print(String(format: "mAP %.4f over %d queries (%@ distance)", overall.meanAveragePrecision, overall.queryCount, metric))
        for cutoff in (cutoffs ?? []).sorted() {
            print(String(format: "  precision@%d %.4f  recall@%d %.4f", cutoff, overall.precisionAtK[cutoff] ?? .nan,
                         cutoff, overall.recallAtK[cutoff] ?? .nan))
        }
        print("per class mAP")
        for (label, scores) in result.perClass.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %@ %.4f", loaded.classes[label], scores.meanAveragePrecision))
        }
    }
}
