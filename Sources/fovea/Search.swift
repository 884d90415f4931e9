import ArgumentParser
import Foundation
import FoveaMetrics
import FoveaTensor
import FoveaTraining

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the gallery images nearest to query images (exact k-NN over `fovea embed` features).",
        discussion: """
            The queries are embedded by the run's model at the gallery's layer and pooling. The HTML page holds \
            every picture as a data: URI; gallery items of a dataset file (Fashion-MNIST's IDX) are drawn from that \
            file in the folder the gallery was embedded from, and a source that cannot be read has no picture.
            """)

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String
    @Argument(help: "Query image files.") var files: [String]
    @Option(name: .short, help: "How many neighbours per query.") var k = 10
    @Option(help: "The gallery, a file written by `fovea embed` (default RUN/embeddings.safetensors).") var gallery: String?
    @Option(help: "Distance: l2 or cosine.") var metric = "l2"
    @Flag(help: "JSON output.") var json = false
    @Option(help: "Also write the results as a self-contained HTML page to this file.") var html: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one query image") }
        guard k > 0 else { throw ValidationError("-k must be positive") }
        guard ["l2", "cosine"].contains(metric) else { throw ValidationError("--metric must be l2 or cosine") }
    }

    func run() throws {
        let (results, searched, failures) = try search()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(results), as: UTF8.self))
        } else {
            print(Self.table(results))
        }
        if let html {
            let thumbnails = Thumbnails(dataFolder: searched.embeddings.data.map { URL(fileURLWithPath: $0) })
            let page = SearchPage.html(results, gallery: searched, metric: metric, thumbnails: thumbnails)
            try Data(page.utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            Console.info("wrote \(html)", json: false)  // on standard error, to keep --json output one document
        }
        if failures > 0 { throw ExitCode(2) }
    }

    /// The neighbours of every query that could be embedded, with the gallery; each file that could not is
    /// reported on standard error and counted.
    func search() throws -> (results: [SearchResult], gallery: Gallery, failures: Int) {
        let run = try RunFolder.open(URL(fileURLWithPath: runPath))
        let galleryFile = URL(fileURLWithPath: gallery ?? run.url.appendingPathComponent("embeddings.safetensors").path)
        let search = try ImageSearch(run: run, gallery: galleryFile)
        var queries: [(file: String, features: Tensor)] = []
        var failures = 0
        // One file at a time, so that one bad file is reported and the others still get their answer.
        for file in files {
            do {
                queries.append((file, try search.features(of: [URL(fileURLWithPath: file)])))
            } catch {
                failures += 1
                Console.error("\(error)")
            }
        }
        let matches = queries.isEmpty
            ? []
            : try search.gallery.nearest(
                to: .concatenate(queries.map(\.features)), k: k, metric: metric == "cosine" ? .cosine : .euclidean)
        return (zip(queries, matches).map { SearchResult(query: $0.file, neighbors: $1) }, search.gallery, failures)
    }

    static func table(_ results: [SearchResult]) -> String {
        results.map { result in
            let rows = result.neighbors.map { match in
                [String(match.rank), String(format: "%.4f", match.distance), match.label, match.source]
            }
            return "\(result.query)\n" + TextTable.render(header: ["rank", "distance", "label", "source"], rows: rows)
        }.joined(separator: "\n\n")
    }
}
