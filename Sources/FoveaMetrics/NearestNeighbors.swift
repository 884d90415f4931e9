import FoveaTensor

/// The `k` nearest gallery vectors of every query: their gallery indices and their distances, nearest first.
public struct Neighbors: Sendable {
    /// (queries, k) int64 gallery row indices.
    public let indices: Tensor
    /// (queries, k) distances, float64 when either input is float64 and float32 otherwise.
    public let distances: Tensor
}

/// Exact k-nearest-neighbour search by brute force: the distances from a chunk of queries to the whole gallery
/// are one matrix product, so memory stays near `chunkSize × gallery count` distances however many queries there
/// are.
///
/// Neighbours are ordered by distance, then by gallery index: of several gallery vectors at the same distance the
/// lower indices come first, including across the cut at `k`. Distances are computed in float64 when either
/// input is float64 and in float32 otherwise; the euclidean metric expands ‖q − g‖² = ‖q‖² + ‖g‖² − 2 q·g, so
/// float32 distances carry rounding of order 1e-7 × ‖q‖².
///
/// ```swift
/// let gallery = try Tensor.randomNormal([1000, 64]), queries = try Tensor.randomNormal([5, 64])
/// let neighbors = try nearestNeighbors(of: queries, in: gallery, k: 10, metric: .cosine)
/// print(neighbors.indices.shape)   // [5, 10]
/// ```
/// - Throws: `MetricsError` when either input is not a non-empty (count, dimension) matrix of finite values, the
///   dimensions differ, `k` is not in `1...gallery count`, or `chunkSize < 1`.
public func nearestNeighbors(
    of queries: Tensor, in gallery: Tensor, k: Int, metric: DistanceMetric = .euclidean, chunkSize: Int = 1024
) throws -> Neighbors {
    guard chunkSize >= 1 else { throw MetricsError("chunkSize must be at least 1, got \(chunkSize)") }
    return try withNoGrad {
        let dtype = PreparedFeatures.computeType(queries, gallery)
        let preparedGallery = try PreparedFeatures(gallery, metric: metric, dtype: dtype, role: "the gallery")
        let preparedQueries = try PreparedFeatures(queries, metric: metric, dtype: dtype, role: "the query set")
        guard (1...preparedGallery.count).contains(k) else {
            throw MetricsError("k = \(k) but the gallery holds \(preparedGallery.count) vectors")
        }
        let threadCount = try Runtime.threadCount
        var indices: [Tensor] = [], distances: [Tensor] = []
        for start in stride(from: 0, to: preparedQueries.count, by: chunkSize) {
            let chunk = try preparedQueries.rows(start, Swift.min(chunkSize, preparedQueries.count - start))
            let rankingDistances = try preparedGallery.rankingDistances(to: chunk)
            let nearest = dtype == .float64
                ? try nearestRows(rankingDistances, as: Double.self, k: k, threadCount: threadCount)
                : try nearestRows(rankingDistances, as: Float.self, k: k, threadCount: threadCount)
            indices.append(nearest.indices)
            distances.append(try preparedGallery.reportedDistances(nearest.distances))
        }
        return Neighbors(indices: try Tensor.concatenate(indices), distances: try Tensor.concatenate(distances))
    }
}

/// The `k` smallest entries of every row of `matrix` as (rows, k) tensors of values and int64 columns.
private func nearestRows<Scalar: DistanceScalar>(
    _ matrix: Tensor, as type: Scalar.Type, k: Int, threadCount: Int
) throws -> (distances: Tensor, indices: Tensor) {
    let rows = try withDistanceRows(matrix, as: Scalar.self) { rows in
        rows.map(threadCount: threadCount) { _, row in nearestEntries(of: row, k: k) }
    }
    let shape = [rows.count, k]
    return (
        try Tensor(rows.flatMap { $0.map(\.distance) }, shape: shape),
        try Tensor(rows.flatMap { $0.map { Int64($0.column) } }, shape: shape)
    )
}
