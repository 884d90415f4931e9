import FoveaTensor

/// Per-class scores of samples: one row per sample, one column per class (probabilities, or any scores where
/// higher means more likely). Stored flat, row-major, in double precision.
///
/// ```swift
/// let scores = try ScoreMatrix(rows: [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
/// print(scores.predictedClasses)              // [0, 2]
/// let fromModel = try ScoreMatrix(logits.softmax(dim: 1))   // any (samples, classes) tensor
/// ```
public struct ScoreMatrix: Sendable, Equatable {
    /// The scores, row after row.
    public let values: [Double]
    public let rowCount: Int
    public let columnCount: Int

    /// - Throws: `MetricsError` when `values.count` is not `rowCount × columnCount`, or either is not positive.
    public init(values: [Double], rowCount: Int, columnCount: Int) throws(MetricsError) {
        guard rowCount > 0, columnCount > 0 else {
            throw MetricsError("a score matrix needs at least one row and one column, got \(rowCount) × \(columnCount)")
        }
        guard values.count == rowCount * columnCount else {
            throw MetricsError("\(values.count) scores cannot fill \(rowCount) × \(columnCount)")
        }
        self.values = values
        self.rowCount = rowCount
        self.columnCount = columnCount
    }

    /// One array per sample; all rows must have one length.
    public init(rows: [[Double]]) throws(MetricsError) {
        let columnCount = rows.first?.count ?? 0
        if let row = rows.firstIndex(where: { $0.count != columnCount }) {
            throw MetricsError("row \(row) has \(rows[row].count) scores where row 0 has \(columnCount)")
        }
        try self.init(values: rows.flatMap { $0 }, rowCount: rows.count, columnCount: columnCount)
    }

    /// The values of a two-dimensional (samples, classes) tensor of any numeric type.
    public init(_ tensor: Tensor) throws {
        guard tensor.rank == 2 else {
            throw MetricsError("a score matrix needs a (samples, classes) tensor, got shape \(tensor.shape)")
        }
        try self.init(values: tensor.toArray(Double.self), rowCount: tensor.shape[0], columnCount: tensor.shape[1])
    }

    public subscript(row: Int, column: Int) -> Double {
        values[row * columnCount + column]
    }

    /// The scores of sample `row`.
    public func row(_ row: Int) -> ArraySlice<Double> {
        values[(row * columnCount)..<((row + 1) * columnCount)]
    }

    /// The highest-scoring class of every sample; the lowest class index wins a tie (as `np.argmax`).
    public var predictedClasses: [Int] {
        (0..<rowCount).map { row in
            var best = 0
            for column in 1..<columnCount where self[row, column] > self[row, best] { best = column }
            return best
        }
    }

    /// Throws unless every score is finite.
    func validateFinite() throws(MetricsError) {
        if let index = values.firstIndex(where: { !$0.isFinite }) {
            throw MetricsError("score \(values[index]) of sample \(index / columnCount) is not finite")
        }
    }
}
