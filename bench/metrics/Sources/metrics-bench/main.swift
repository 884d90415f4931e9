// Times Fovea's leave-one-out retrieval evaluation on the features `reference.py generate` wrote.
//
//     metrics-bench DIRECTORY [--repeats N] [--chunk-size N] [--float64]
//
// Reads DIRECTORY/features.f32 (count × dimension float32, row-major), labels.i64 and shape.json; runs
// RetrievalEvaluation.leaveOneOut N times (default 2) after one untimed warm-up on the first 1,024 items, on the
// float32 features or, with --float64, on them converted to float64. Writes DIRECTORY/fovea-<dtype>.json (the best
// wall-clock seconds, the mAP, precision@1/10, recall@10), prints it, and writes each query's average precision to
// DIRECTORY/fovea-<dtype>-ap.f64 for the comparison with scikit-learn.
import Foundation
import FoveaMetrics
import FoveaTensor

struct Shape: Decodable {
    let count: Int
    let dimension: Int
}

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return value }
    return Int(arguments[index + 1]) ?? value
}

func run() throws {
    guard CommandLine.arguments.count >= 2 else {
        print("usage: metrics-bench DIRECTORY [--repeats N] [--chunk-size N] [--float64]")
        exit(2)
    }
    let directory = URL(fileURLWithPath: CommandLine.arguments[1])
    let repeats = option("--repeats", default: 2), chunkSize = option("--chunk-size", default: 1024)
    let shape = try JSONDecoder().decode(Shape.self, from: Data(contentsOf: directory.appendingPathComponent("shape.json")))
    let dtype: DType = CommandLine.arguments.contains("--float64") ? .float64 : .float32
    let features = try Tensor(
        bytes: [UInt8](Data(contentsOf: directory.appendingPathComponent("features.f32"))), dtype: .float32,
        shape: [shape.count, shape.dimension]
    ).converted(to: dtype)
    let labelBytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("labels.i64")))
    let labels = try Tensor(bytes: labelBytes, dtype: .int64, shape: [shape.count]).toArray(Int64.self).map(Int.init)

    let warmUpCount = min(1024, shape.count)
    _ = try RetrievalEvaluation.leaveOneOut(
        features: features.narrowed(dim: 0, start: 0, length: warmUpCount), labels: Array(labels.prefix(warmUpCount)),
        chunkSize: chunkSize)
    var best = Double.infinity
    var evaluation: RetrievalEvaluation?
    for _ in 0..<repeats {
        let start = Date()
        evaluation = try RetrievalEvaluation.leaveOneOut(
            features: features, labels: labels, metric: .euclidean, cutoffs: [1, 10], chunkSize: chunkSize)
        best = min(best, Date().timeIntervalSince(start))
    }
    guard let evaluation else { return }
    let averagePrecisions = evaluation.averagePrecisions
    try averagePrecisions.withUnsafeBytes { Data($0) }.write(to: directory.appendingPathComponent("fovea-\(dtype)-ap.f64"))
    let overall = evaluation.overall
    let summary: [String: Double] = [
        "seconds": best, "map": overall.meanAveragePrecision, "threads": Double(try Runtime.threadCount),
        "precision_at_1": overall.precisionAtK[1] ?? .nan, "precision_at_10": overall.precisionAtK[10] ?? .nan,
        "recall_at_10": overall.recallAtK[10] ?? .nan, "chunk_size": Double(chunkSize), "repeats": Double(repeats),
    ]
    let json = try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
    try json.write(to: directory.appendingPathComponent("fovea-\(dtype).json"))
    print(String(decoding: json, as: UTF8.self))
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("metrics-bench: \(error)\n".utf8))
    exit(1)
}
