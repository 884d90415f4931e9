import FoveaTensor

/// Mean average precision, precision@k and recall@k of one group of queries (NaN when the group has no scored
/// query).
public struct RetrievalScores: Sendable, Equatable {
    /// The queries scored: those with at least one other item of their label.
    public let queryCount: Int
    /// The mean over the queries of their average precision.
    public let meanAveragePrecision: Double
    /// For each cutoff k, the mean fraction of a query's k nearest items that share its label.
    public let precisionAtK: [Int: Double]
    /// For each cutoff k, the mean fraction of a query's relevant items found among its k nearest.
    public let recallAtK: [Int: Double]
}

/// Leave-one-out retrieval quality of labelled features: each item queries all the others, and the items that
/// share its label are the relevant ones.
///
/// - A query's average precision is scikit-learn's `average_precision_score` of its relevance against the
///   negated distances: Σ (Rₙ − Rₙ₋₁) Pₙ over the distinct distances from the nearest. Items at equal distance
///   count as one threshold, as scikit-learn treats tied scores, so the result does not depend on how ties are
///   ordered.
/// - Precision@k and recall@k count the relevant items among the k nearest, ordered by distance and then by
///   index (of items at equal distance across the cut, the lower indices are taken).
/// - Items whose label no other item has have no relevant item: they are left out of every mean, and their
///   average precision is NaN.
///
/// Distances are computed a chunk of queries at a time (one matrix product against all items), so memory stays
/// near one `chunkSize × count` matrix of distances; each row is then scanned on every core, without sorting it.
/// Euclidean queries rank by squared distance, which orders as the distance does. Computation is in float64 for
/// float64 features and in float32 otherwise.
///
/// ```swift
/// let evaluation = try RetrievalEvaluation.leaveOneOut(
///     features: embeddings, labels: identities, metric: .cosine, cutoffs: [1, 5])
/// print(evaluation.overall.meanAveragePrecision, evaluation.overall.recallAtK[5] ?? 0)
/// print(evaluation.perClass[3]?.meanAveragePrecision ?? .nan)
/// ```
public struct RetrievalEvaluation: Sendable {
    /// The average precision of each item as a query (NaN where no other item shares its label).
    public let averagePrecisions: [Double]
    /// The scores over all scored queries.
    public let overall: RetrievalScores
    /// The scores of the queries of each label, for the labels with at least one scored query.
    public let perClass: [Int: RetrievalScores]

    /// - Parameters:
    ///   - features: (count, dimension) feature vectors.
    ///   - labels: one label per row of `features`.
    ///   - cutoffs: the k of precision@k and recall@k; each in `1..<count`.
    ///   - chunkSize: the number of queries whose distances are held at once.
    /// - Throws: `MetricsError` when `features` is not a (count, dimension) matrix of finite values with at least
    ///   two rows, the labels do not match the rows, a cutoff is out of range, or `chunkSize < 1`.
    public static func leaveOneOut(
        features: Tensor, labels: [Int], metric: DistanceMetric = .euclidean, cutoffs: [Int] = [1, 5, 10],
        chunkSize: Int = 1024
    ) throws -> RetrievalEvaluation {
        guard chunkSize >= 1 else { throw MetricsError("chunkSize must be at least 1, got \(chunkSize)") }
        return try withNoGrad {
            let items = try PreparedFeatures(
                features, metric: metric, dtype: PreparedFeatures.computeType(features), role: "the feature matrix")
            try validateSameCount(labels.count, "labels", items.count, "feature rows")
            guard items.count >= 2 else {
                throw MetricsError("leave-one-out retrieval needs at least two items, got \(items.count)")
            }
            if let bad = cutoffs.first(where: { !(1..<items.count).contains($0) }) {
                throw MetricsError("cutoff k = \(bad) but each query ranks \(items.count - 1) other items")
            }
            let queries = LeaveOneOutQueries(labels: labels, cutoffs: cutoffs)
            let threadCount = try Runtime.threadCount
            var results: [LeaveOneOutQueries.QueryResult] = []
            results.reserveCapacity(items.count)
            for start in stride(from: 0, to: items.count, by: chunkSize) {
                let chunk = try items.rows(start, Swift.min(chunkSize, items.count - start))
                results += try queries.evaluate(
                    start: start, distances: items.rankingDistances(to: chunk), threadCount: threadCount)
            }
            return RetrievalEvaluation(
                averagePrecisions: results.map(\.averagePrecision), hits: results.map(\.hits), labels: labels,
                relevantCounts: queries.relevantCounts, cutoffs: cutoffs)
        }
    }

    private init(averagePrecisions: [Double], hits: [[Int]], labels: [Int], relevantCounts: [Int], cutoffs: [Int]) {
        self.averagePrecisions = averagePrecisions
        let scored = labels.indices.filter { relevantCounts[$0] > 0 }
        func scores(of queries: [Int]) -> RetrievalScores {
            let count = Double(queries.count)
            var precisionAtK: [Int: Double] = [:], recallAtK: [Int: Double] = [:]
            for (position, cutoff) in cutoffs.enumerated() {
                precisionAtK[cutoff] = queries.reduce(0) { $0 + Double(hits[$1][position]) / Double(cutoff) } / count
                recallAtK[cutoff] = queries.reduce(0) {
                    $0 + Double(hits[$1][position]) / Double(relevantCounts[$1])
                } / count
            }
            return RetrievalScores(
                queryCount: queries.count,
                meanAveragePrecision: queries.reduce(0) { $0 + averagePrecisions[$1] } / count,
                precisionAtK: precisionAtK, recallAtK: recallAtK)
        }
        overall = scores(of: scored)
        perClass = Dictionary(grouping: scored) { labels[$0] }.mapValues(scores(of:))
    }
}
