import FoveaTensor

/// How far apart two feature vectors are.
public enum DistanceMetric: Sendable {
    /// The L2 distance ‖a − b‖.
    case euclidean
    /// 1 − cos(a, b), in [0, 2]; a zero vector is at distance 1 from everything, as in scikit-learn.
    case cosine
}

/// Features ready for distance queries: validated, converted to one floating-point type, contiguous, and for the
/// cosine metric scaled to unit length.
struct PreparedFeatures {
    /// float64 when any of `features` is float64, float32 otherwise (integers and half precision included).
    static func computeType(_ features: Tensor...) -> DType {
        features.contains { $0.dtype == .float64 } ? .float64 : .float32
    }

    /// (count, dimension).
    private let vectors: Tensor
    private let geometry: Geometry

    private enum Geometry {
        /// The squared norms as a (1, count) row.
        case euclidean(squaredNorms: Tensor)
        case cosine
    }

    /// - Parameter dtype: float32 or float64, the type the distances are computed in.
    /// - Throws: `MetricsError` unless `features` is a non-empty (count, dimension) matrix of finite values.
    init(_ features: Tensor, metric: DistanceMetric, dtype: DType, role: String) throws {
        guard features.rank == 2 else {
            throw MetricsError("\(role) must be a (count, dimension) matrix, got shape \(features.shape)")
        }
        guard features.shape[0] > 0 else { throw MetricsError("\(role) holds no vectors") }
        guard features.shape[1] > 0 else { throw MetricsError("\(role) has vectors of no dimension") }
        let converted = try features.detached().converted(to: dtype)
        guard try Tensor.call1("aten::isfinite", [.tensor(converted)]).all().scalar(Bool.self) else {
            throw MetricsError("\(role) holds values that are not finite")
        }
        switch metric {
        case .euclidean:
            vectors = try converted.contiguous()
            geometry = .euclidean(squaredNorms: try vectors.square().sum(dims: [1]).unsqueezed(dim: 0))
        case .cosine:
            let lengths = try converted.norm(2, dims: [1], keepDims: true).clamped(min: 1e-30)
            vectors = try (converted / lengths).contiguous()
            geometry = .cosine
        }
    }

    private init(vectors: Tensor, geometry: Geometry) {
        self.vectors = vectors
        self.geometry = geometry
    }

    var count: Int { vectors.shape[0] }
    var dimension: Int { vectors.shape[1] }

    /// Rows `start..<start + length`, prepared alike (views, no copy).
    func rows(_ start: Int, _ length: Int) throws -> PreparedFeatures {
        let part = try vectors.narrowed(dim: 0, start: start, length: length)
        switch geometry {
        case .euclidean(let squaredNorms):
            return PreparedFeatures(
                vectors: part,
                geometry: .euclidean(squaredNorms: try squaredNorms.narrowed(dim: 1, start: start, length: length)))
        case .cosine:
            return PreparedFeatures(vectors: part, geometry: .cosine)
        }
    }

    /// (queries, count) distances that order this gallery as the metric does: the squared L2 distance for the
    /// euclidean metric, the cosine distance itself for the cosine metric. One matrix product for all `queries`,
    /// which must have been prepared with the same metric.
    func rankingDistances(to queries: PreparedFeatures) throws -> Tensor {
        guard queries.dimension == dimension else {
            throw MetricsError("queries have \(queries.dimension) dimensions but the gallery has \(dimension)")
        }
        let galleryTransposed = try vectors.transposed(0, 1)
        switch (geometry, queries.geometry) {
        case (.euclidean(let gallerySquaredNorms), .euclidean(let querySquaredNorms)):
            // ‖q‖² + ‖g‖² − 2 q·g, clamped at 0 against rounding.
            let distances = try Tensor.call1(
                "aten::addmm",
                [.tensor(gallerySquaredNorms), .tensor(queries.vectors), .tensor(galleryTransposed), .double(1),
                 .double(-2)])
            try distances.add_(querySquaredNorms.transposed(0, 1))
            try distances.clamp_(min: 0)
            return distances
        case (.cosine, .cosine):
            let distances = try Tensor.call1(
                "aten::addmm",
                [.tensor(Tensor.ones([1, 1], dtype: vectors.dtype)), .tensor(queries.vectors),
                 .tensor(galleryTransposed), .double(1), .double(-1)])
            try distances.clamp_(min: 0, max: 2)
            return distances
        default:
            throw MetricsError("queries and gallery were prepared for different metrics")
        }
    }

    /// The metric's own distances from ``rankingDistances(to:)``'s values.
    func reportedDistances(_ rankingDistances: Tensor) throws -> Tensor {
        switch geometry {
        case .euclidean: try rankingDistances.sqrt()
        case .cosine: rankingDistances
        }
    }
}
