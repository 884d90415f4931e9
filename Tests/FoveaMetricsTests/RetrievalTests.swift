import FoveaMetrics
import FoveaTensor
import FoveaTestSupport
import Testing

/// Leave-one-out mAP, precision@k and recall@k against scikit-learn's `average_precision_score` and NumPy, and
/// nearest-neighbour search against NumPy (ties by index) and scikit-learn's distances.
@Suite("Retrieval")
struct RetrievalTests {
    /// (metric, fixture prefix, dtype, chunk size): euclidean features lie on a 1/8 lattice, so float32 is exact;
    /// chunks of 64 and 7 queries split the 300 items unevenly.
    static let cases: [(DistanceMetric, String, DType, Int)] = [
        (.euclidean, "euclidean", .float32, 1024), (.euclidean, "euclidean", .float64, 64),
        (.euclidean, "euclidean", .float32, 7), (.cosine, "cosine", .float64, 64), (.cosine, "cosine", .float64, 1024),
        (.euclidean, "ties", .float32, 5),
    ]

    @Test("leave-one-out mAP, precision@k and recall@k", arguments: cases)
    func leaveOneOut(_ metric: DistanceMetric, _ name: String, _ dtype: DType, _ chunkSize: Int) throws {
        let fixture = try Fixture.retrieval.get()
        let featureName = name == "ties" ? "ties.features" : "\(name).features"
        let labels = try fixture.integers(name == "ties" ? "ties.labels" : "labels")
        let cutoffs = try fixture.integers("cutoffs")
        let evaluation = try RetrievalEvaluation.leaveOneOut(
            features: fixture.tensor(featureName).converted(to: dtype), labels: labels, metric: metric,
            cutoffs: cutoffs, chunkSize: chunkSize)
        let label = "\(name) \(dtype) chunks of \(chunkSize)"
        expectClose(
            evaluation.averagePrecisions, try fixture.doubles("\(name).average_precisions"), rtol: 1e-6,
            "\(label): per-query AP")
        expectClose(
            [evaluation.overall.meanAveragePrecision], [try fixture.double("\(name).map")], rtol: 1e-6, "\(label): mAP")
        expectClose(
            cutoffs.map { evaluation.overall.precisionAtK[$0] ?? .nan }, try fixture.doubles("\(name).precision_at"),
            rtol: 1e-6, "\(label): precision@k")
        expectClose(
            cutoffs.map { evaluation.overall.recallAtK[$0] ?? .nan }, try fixture.doubles("\(name).recall_at"),
            rtol: 1e-6, "\(label): recall@k")
        // Per class: mAP, then precision@k, then recall@k; NaN rows for classes with no scored query.
        let classCount = (labels.max() ?? 0) + 1
        let perClass = (0..<classCount).flatMap { label -> [Double] in
            guard let scores = evaluation.perClass[label] else { return Array(repeating: .nan, count: 1 + 2 * cutoffs.count) }
            return [scores.meanAveragePrecision] + cutoffs.map { scores.precisionAtK[$0] ?? .nan }
                + cutoffs.map { scores.recallAtK[$0] ?? .nan }
        }
        expectClose(perClass, try fixture.doubles("\(name).per_class"), rtol: 1e-6, "\(label): per class")
    }

    @Test("the singleton class is left out")
    func singleton() throws {
        let fixture = try Fixture.retrieval.get()
        let labels = try fixture.integers("labels")
        let evaluation = try RetrievalEvaluation.leaveOneOut(
            features: fixture.tensor("euclidean.features"), labels: labels, cutoffs: [1])
        let lonely = try #require(labels.indices.first { index in labels.count { $0 == labels[index] } == 1 })
        #expect(evaluation.averagePrecisions[lonely].isNaN)
        #expect(evaluation.overall.queryCount == labels.count - 1)
        #expect(evaluation.perClass[labels[lonely]] == nil)
    }

    @Test("exact nearest neighbours", arguments: [
        (DistanceMetric.euclidean, "euclidean", DType.float32, 4), (.euclidean, "euclidean", .float64, 1024),
        (.cosine, "cosine", .float64, 3),
    ])
    func neighbours(_ metric: DistanceMetric, _ name: String, _ dtype: DType, _ chunkSize: Int) throws {
        let fixture = try Fixture.retrieval.get()
        let expectedIndices = try fixture.tensor("\(name).knn.indices")
        let neighbors = try nearestNeighbors(
            of: fixture.tensor("\(name).queries").converted(to: dtype), in: fixture.tensor("\(name).features").converted(to: dtype),
            k: expectedIndices.shape[1], metric: metric, chunkSize: chunkSize)
        #expect(neighbors.indices.shape == expectedIndices.shape)
        #expect(try neighbors.indices.toArray(Int64.self) == expectedIndices.toArray(Int64.self), "\(name) \(dtype)")
        #expect(neighbors.distances.dtype == dtype)
        expectClose(
            try neighbors.distances.toArray(Double.self), try fixture.doubles("\(name).knn.distances"),
            rtol: dtype == .float64 ? 1e-9 : 1e-6, atol: 1e-12, "\(name) \(dtype) distances")
    }

    @Test("nearest neighbours among ties keep the lower indices")
    func tiedNeighbours() throws {
        let fixture = try Fixture.retrieval.get()
        let features = try fixture.tensor("ties.features")
        let neighbors = try nearestNeighbors(of: features, in: features, k: 5, chunkSize: 10)
        #expect(try neighbors.indices.toArray(Int64.self) == fixture.tensor("ties.knn.indices").toArray(Int64.self))
        expectClose(
            try neighbors.distances.toArray(Double.self), try fixture.doubles("ties.knn.distances"), rtol: 1e-6,
            "tied distances")
    }

    @Test("a small case by hand")
    func byHand() throws {
        // On a line: 0, 1, 3, 4 with labels a a b a. Item 0 ranks 1 (a), 3 (b), 4 (a): AP = (1 + 2/3) / 2.
        let features = try Tensor([0, 1, 3, 4] as [Float], shape: [4, 1])
        let evaluation = try RetrievalEvaluation.leaveOneOut(features: features, labels: [0, 0, 1, 0], cutoffs: [1, 2])
        #expect(Swift.abs(evaluation.averagePrecisions[0] - (1 + 2.0 / 3) / 2) < 1e-12)
        #expect(evaluation.averagePrecisions[2].isNaN)
        #expect(evaluation.overall.queryCount == 3)
        let neighbors = try nearestNeighbors(of: features, in: features, k: 3)
        #expect(try neighbors.indices.toArray(Int64.self) == [0, 1, 2, 1, 0, 2, 2, 3, 1, 3, 2, 1])
    }
}
