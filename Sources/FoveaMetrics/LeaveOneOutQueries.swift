import FoveaTensor

/// The per-query work of ``RetrievalEvaluation/leaveOneOut(features:labels:metric:cutoffs:chunkSize:)``, one
/// chunk of queries at a time: a matrix product in libtorch, then a pass over each row of distances on every core.
struct LeaveOneOutQueries: Sendable {
    let labels: [Int]
    let cutoffs: [Int]
    /// The items of each label, ascending.
    let members: [Int: [Int]]
    /// For each item, the number of other items with its label.
    let relevantCounts: [Int]

    init(labels: [Int], cutoffs: [Int]) {
        self.labels = labels
        self.cutoffs = cutoffs
        let members = Dictionary(grouping: labels.indices) { labels[$0] }
        self.members = members
        relevantCounts = labels.map { (members[$0]?.count ?? 1) - 1 }
    }

    /// One query's results.
    struct QueryResult: Sendable {
        /// NaN when no other item shares the query's label.
        let averagePrecision: Double
        /// The relevant items among the nearest `cutoffs[i]`.
        let hits: [Int]
    }

    /// The results of queries `start..<start + count`, whose ranking distances to every item are `distances`.
    func evaluate(start: Int, distances: Tensor, threadCount: Int) throws -> [QueryResult] {
        distances.dtype == .float64
            ? try evaluate(start: start, distances: distances, as: Double.self, threadCount: threadCount)
            : try evaluate(start: start, distances: distances, as: Float.self, threadCount: threadCount)
    }

    private func evaluate<Scalar: DistanceScalar>(
        start: Int, distances: Tensor, as type: Scalar.Type, threadCount: Int
    ) throws -> [QueryResult] {
        try withDistanceRows(distances, as: Scalar.self) { rows in
            rows.map(threadCount: threadCount) { row, values in
                let query = start + row
                return QueryResult(
                    averagePrecision: averagePrecision(query: query, distances: values),
                    hits: hits(query: query, distances: values))
            }
        }
    }

    /// Average precision with tied distances as one threshold. For the relevant distances t₁ ≤ … ≤ t_R of a query,
    /// AP = (1/R) Σⱼ #{relevant ≤ tⱼ} / #{others ≤ tⱼ}: the precision at each relevant item's threshold, once all
    /// items tied with it have crossed. #{others ≤ tⱼ} comes from a histogram of where each distance falls among
    /// the sorted tⱼ (see ``ThresholdCounter``), not from sorting the row.
    private func averagePrecision<Scalar: DistanceScalar>(query: Int, distances: UnsafeBufferPointer<Scalar>) -> Double {
        let mates = (members[labels[query]] ?? []).filter { $0 != query }
        guard !mates.isEmpty else { return .nan }
        let thresholds = mates.map { distances[$0] }.sorted()
        return thresholds.withUnsafeBufferPointer { thresholds in
            // counts[b]: the items with exactly b thresholds below their distance, i.e. ≤ tⱼ exactly when b ≤ j.
            let counter = ThresholdCounter(sorted: thresholds)
            var counts = [Int](repeating: 0, count: thresholds.count + 1)
            counts.withUnsafeMutableBufferPointer { counts in
                for distance in distances { counts[counter.count(below: distance)] += 1 }
                counts[counter.count(below: distances[query])] -= 1
            }
            var sum = 0.0, atOrBelow = 0
            for index in thresholds.indices {
                atOrBelow += counts[index]
                let relevantAtOrBelow = countBelow(thresholds[index], in: thresholds, orEqual: true)
                sum += Double(relevantAtOrBelow) / Double(atOrBelow)
            }
            return sum / Double(thresholds.count)
        }
    }

    /// The relevant items among the query's nearest `k` for every cutoff `k` (nearest by distance, then index).
    private func hits<Scalar: DistanceScalar>(query: Int, distances: UnsafeBufferPointer<Scalar>) -> [Int] {
        guard let largest = cutoffs.max() else { return [] }
        let label = labels[query]
        var cumulative = [0]
        for entry in nearestEntries(of: distances, k: largest, excluding: query) {
            cumulative.append((cumulative.last ?? 0) + (labels[entry.column] == label ? 1 : 0))
        }
        return cutoffs.map { cumulative[$0] }
    }
}
