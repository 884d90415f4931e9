import Foundation
import FoveaData
import FoveaImage

/// Small PNG pictures of queries and gallery items, as `data:` URIs for a page that needs no other file.
///
/// A source is drawn from the image file it names or, for an item of a dataset file (`t10k-images-idx3-ubyte.gz#17`,
/// as Fashion-MNIST's are named), from that IDX file in the gallery's data folder. A source that is neither, or
/// that cannot be read, has no thumbnail.
public final class Thumbnails {
    public let side: Int
    private let dataFolder: URL?
    private var idxFiles: [String: (shape: [Int], values: [UInt8])?] = [:]

    /// - Parameter side: the longest side of a thumbnail drawn from an image file.
    /// - Parameter dataFolder: the folder dataset-file sources are relative to (the gallery's `data`).
    public init(side: Int = 112, dataFolder: URL?) {
        self.side = side
        self.dataFolder = dataFolder
    }

    /// A `data:image/png;base64,…` URI of `source`, or nil when it cannot be drawn.
    public func dataURI(for source: String) -> String? {
        guard let png = try? pngBytes(of: source) else { return nil }
        return "data:image/png;base64," + Data(png).base64EncodedString()
    }

    private func pngBytes(of source: String) throws -> [UInt8]? {
        if FileManager.default.fileExists(atPath: source) {
            return try Image.decode(
                contentsOf: URL(fileURLWithPath: source), options: DecodeOptions(size: .fitInside(side), colorMode: .rgb)
            ).encodePNG()
        }
        return try datasetItem(source)?.encodePNG()
    }

    /// Item INDEX of the IDX file NAME in the data folder, for a source "NAME#INDEX".
    private func datasetItem(_ source: String) throws -> Image? {
        guard let dataFolder, let mark = source.lastIndex(of: "#"), let index = Int(source[source.index(after: mark)...])
        else { return nil }
        let name = String(source[..<mark])
        if idxFiles[name] == nil {
            idxFiles[name] = .some(try? IDX.readBytes(contentsOf: dataFolder.appendingPathComponent(name)))
        }
        guard let file = idxFiles[name] ?? nil, file.shape.count == 3, (0..<file.shape[0]).contains(index) else {
            return nil
        }
        let (height, width) = (file.shape[1], file.shape[2])
        let start = index * height * width
        return Image(width: width, height: height, channels: 1, pixels: Array(file.values[start..<start + height * width]))
    }
}

/// `fovea search --html`: one self-contained page with a row per query — its picture, then its neighbours' with
/// rank, label, distance and source.
public enum SearchPage {
    public static func html(_ results: [SearchResult], gallery: Gallery, metric: String, thumbnails: Thumbnails) -> String {
        var rows = ""
        for result in results {
            rows += "<section><figure class=\"query\">\(picture(thumbnails.dataURI(for: result.query), result.query))"
            rows += "<figcaption><b>query</b><br>\(Markup.escape(URL(fileURLWithPath: result.query).lastPathComponent))"
            rows += "</figcaption></figure>"
            for match in result.neighbors {
                rows += "<figure>\(picture(thumbnails.dataURI(for: match.source), match.source))<figcaption>"
                rows += "#\(match.rank) <b>\(Markup.escape(match.label))</b><br>\(String(format: "%.4f", match.distance))"
                rows += "<br><small title=\"\(Markup.escape(match.source))\">"
                rows += "\(Markup.escape(URL(fileURLWithPath: match.source).lastPathComponent))</small></figcaption></figure>"
            }
            rows += "</section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>fovea search</title>
            <style>
            body { font: 14px system-ui, sans-serif; margin: 1.5em; color: #222; }
            section { display: flex; flex-wrap: wrap; gap: 10px; align-items: flex-start; padding: 10px 0;
                      border-bottom: 1px solid #ddd; }
            figure { margin: 0; width: 120px; text-align: center; }
            figure.query { border-right: 3px solid #888; padding-right: 10px; }
            img, .missing { width: 112px; height: 112px; object-fit: contain; image-rendering: pixelated;
                            background: #f3f3f3; }
            .missing { display: flex; align-items: center; justify-content: center; color: #999; }
            figcaption { overflow-wrap: anywhere; }
            </style></head><body>
            <h1>Nearest neighbours</h1>
            <p>Gallery <code>\(Markup.escape(gallery.name))</code>: \(gallery.count) items of \(gallery.dimension) features \
            from \(Markup.escape(gallery.embeddings.layer.description)); \(Markup.escape(metric)) distance.</p>
            \(rows)</body></html>

            """
    }

    private static func picture(_ uri: String?, _ source: String) -> String {
        guard let uri else { return "<div class=\"missing\" title=\"\(Markup.escape(source))\">no picture</div>" }
        return "<img src=\"\(uri)\" alt=\"\(Markup.escape(source))\">"
    }
}
