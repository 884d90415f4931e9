import Foundation
import FoveaMetrics
import FoveaNN
import FoveaTensor

/// An embeddings file (`fovea embed`) searched for the gallery items nearest to query vectors, by exact k-NN.
public struct Gallery: @unchecked Sendable {
    public let embeddings: Embeddings
    /// The gallery's file, for messages.
    public let name: String

    /// - Throws: ``RunError`` when the gallery holds no items.
    public init(_ embeddings: Embeddings, name: String) throws {
        guard embeddings.features.shape[0] > 0 else { throw RunError("\(name): the gallery is empty") }
        self.embeddings = embeddings
        self.name = name
    }

    /// - Throws: ``RunError`` naming the file when it is missing, not an embeddings file or empty.
    public static func load(from file: URL) throws -> Gallery {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw RunError("\(file.path): no such gallery; write one with `fovea embed RUN`")
        }
        return try Gallery(Embeddings.load(from: file), name: file.path)
    }

    public var count: Int { embeddings.features.shape[0] }
    public var dimension: Int { embeddings.features.shape[1] }

    /// The `k` nearest items to each query vector (queries, dimension), nearest first; equal distances keep the
    /// gallery's order.
    /// - Throws: ``RunError`` when the queries' dimension is not the gallery's or `k` is not in 1...``count``.
    public func nearest(to queries: Tensor, k: Int, metric: DistanceMetric) throws -> [[GalleryMatch]] {
        guard queries.rank == 2, queries.shape[1] == dimension else {
            throw RunError(
                "the queries have \(queries.rank == 2 ? "\(queries.shape[1])" : "\(queries.shape)") features but the "
                    + "gallery \(name) has \(dimension): it was embedded by another model or layer")
        }
        guard (1...count).contains(k) else {
            throw RunError("k = \(k), but the gallery \(name) holds \(count) item\(count == 1 ? "" : "s")")
        }
        let neighbors = try nearestNeighbors(of: queries, in: embeddings.features, k: k, metric: metric)
        let indices = try neighbors.indices.toArray(Int64.self)
        let distances = try neighbors.distances.converted(to: .float64).toArray(Double.self)
        return (0..<queries.shape[0]).map { query in
            (0..<k).map { rank in
                let index = Int(indices[query * k + rank])
                return GalleryMatch(
                    rank: rank + 1, index: index, distance: distances[query * k + rank], label: label(of: index),
                    source: embeddings.sources.indices.contains(index) ? embeddings.sources[index] : "#\(index)")
            }
        }
    }

    private func label(of index: Int) -> String {
        let label = embeddings.labels[index]
        return embeddings.classes.indices.contains(label) ? embeddings.classes[label] : String(label)
    }
}

/// One gallery item found for a query.
public struct GalleryMatch: Codable, Sendable, Equatable {
    /// 1 for the nearest.
    public let rank: Int
    /// The item's row in the gallery.
    public let index: Int
    public let distance: Double
    public let label: String
    /// The item's file, or its place in a dataset file (`t10k-images-idx3-ubyte.gz#17`).
    public let source: String

    public init(rank: Int, index: Int, distance: Double, label: String, source: String) {
        self.rank = rank
        self.index = index
        self.distance = distance
        self.label = label
        self.source = source
    }
}

/// A query file and its nearest gallery items.
public struct SearchResult: Codable, Sendable {
    public let query: String
    public let neighbors: [GalleryMatch]

    public init(query: String, neighbors: [GalleryMatch]) {
        self.query = query
        self.neighbors = neighbors
    }
}

/// `fovea search`: image files embedded by a run's model the way its gallery was (the same layer and pooling),
/// and the gallery items nearest to them.
public final class ImageSearch {
    public let gallery: Gallery
    public let configuration: RunConfiguration
    private let extract: (Tensor) throws -> Tensor

    /// - Throws: ``RunError`` for a missing or empty gallery; `ModuleLookupError` when the gallery was embedded at a
    ///   layer the run's model does not have.
    public init(run: RunFolder, gallery file: URL) throws {
        gallery = try Gallery.load(from: file)
        let (model, configuration) = try run.loadModel()
        self.configuration = configuration
        extract = try gallery.embeddings.layer.extractor(for: model)
    }

    /// The features of image files, (files, dimension).
    /// - Throws: `ImageError` naming a file that cannot be decoded.
    public func features(of files: [URL]) throws -> Tensor {
        let input = try configuration.modelInput(configuration.images(of: files))
        return try withNoGrad { try extract(input).converted(to: .float32) }
    }
}
