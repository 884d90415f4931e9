import Foundation
import FoveaImage

/// A self-contained HTML page: sections of text, tables and images, with its style inline and every image as a
/// `data:` URI, so it opens anywhere without a network or the files beside it.
///
/// A short script checks the page once it has loaded: every section it was built with is present and every image
/// decoded. It writes the result into `<body data-check="…">` ("ok", or what is missing), which a headless
/// browser reads back (`chromium --headless --dump-dom`).
public struct HTMLPage: Sendable {
    public var title: String
    public var subtitle: String
    public private(set) var sections: [Section] = []

    public struct Section: Sendable {
        /// The element id, also the link target of the page's table of contents.
        public let id: String
        public let title: String
        /// The section's body, already HTML.
        public let body: String
    }

    public init(title: String, subtitle: String = "") {
        self.title = title
        self.subtitle = subtitle
    }

    public mutating func add(id: String, title: String, body: String) {
        sections.append(Section(id: id, title: title, body: body))
    }

    public func render() -> String {
        let contents = sections.map { "<a href=\"#\($0.id)\">\(Markup.escape($0.title))</a>" }.joined(separator: " · ")
        let body = sections.map {
            "<section id=\"\($0.id)\"><h2>\(Markup.escape($0.title))</h2>\n\($0.body)\n</section>"
        }.joined(separator: "\n")
        let expected = sections.map { "\"\($0.id)\"" }.joined(separator: ",")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Markup.escape(title))</title>
            <style>\(Self.style)</style></head>
            <body data-check="pending">
            <header><h1>\(Markup.escape(title))</h1><p class="subtitle">\(Markup.escape(subtitle))</p><nav>\(contents)</nav></header>
            <main>
            \(body)
            </main>
            <footer>Written by Fovea. Self-contained: every picture is inside this file.</footer>
            <script>
            window.addEventListener("load", function () {
              var missing = [];
              [\(expected)].forEach(function (id) { if (!document.getElementById(id)) missing.push("section " + id); });
              Array.prototype.forEach.call(document.images, function (image) {
                if (!image.complete || image.naturalWidth === 0) missing.push("image " + (image.alt || image.src.slice(0, 40)));
              });
              document.body.setAttribute("data-check", missing.length ? "missing: " + missing.join("; ") : "ok");
            });
            </script>
            </body></html>

            """
    }

    /// Writes the page atomically.
    public func write(to url: URL) throws {
        try Data(render().utf8).write(to: url, options: .atomic)
    }

    static let style = """
        :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--accent:#0b6bcb;--bad:#c0392b}
        *{box-sizing:border-box}body{margin:0;font:15px/1.5 "DejaVu Sans",system-ui,sans-serif;color:var(--ink);background:#f7f8fa}
        header{background:#fff;border-bottom:1px solid var(--line);padding:20px 32px}h1{margin:0;font-size:24px}
        .subtitle{margin:4px 0 8px;color:var(--muted)}nav a{color:var(--accent);text-decoration:none;font-size:14px}
        main{max-width:1200px;margin:0 auto;padding:8px 32px 32px}
        section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 24px;margin:20px 0}
        h2{margin:0 0 12px;font-size:19px}table{border-collapse:collapse;margin:8px 0;font-size:14px}
        th,td{padding:4px 12px;border-bottom:1px solid var(--line);text-align:left}
        td.number,th.number{text-align:right;font-variant-numeric:tabular-nums}
        figure{display:inline-block;margin:8px 16px 8px 0;vertical-align:top}figure img{max-width:100%;height:auto}
        figcaption{color:var(--muted);font-size:13px}.figures{display:flex;flex-wrap:wrap;gap:8px}
        .gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px}
        .tile{border:1px solid var(--line);border-radius:6px;padding:8px;font-size:13px;background:#fcfcfd}
        .tile img{width:100%;image-rendering:pixelated;display:block;margin-bottom:4px}
        .pair{display:flex;gap:4px}.pair img{width:50%}.wrong{color:var(--bad)}.muted{color:var(--muted)}
        footer{color:var(--muted);font-size:12px;text-align:center;padding:16px}
        """
}

/// Small pieces of HTML, their text escaped with `Markup.escape`.
public enum HTML {
    /// A table; the columns listed in `numeric` are right-aligned.
    public static func table(header: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            "<\(tag)\(numeric.contains(column) ? " class=\"number\"" : "")>\(Markup.escape(text))</\(tag)>"
        }
        let head = "<tr>" + header.enumerated().map { cell("th", $1, $0) }.joined() + "</tr>"
        let body = rows.map { "<tr>" + $0.enumerated().map { cell("td", $1, $0) }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table><thead>\(head)</thead><tbody>\n\(body)\n</tbody></table>"
    }

    /// Label and value rows.
    public static func keyValues(_ pairs: [(String, String)]) -> String {
        let rows = pairs.map { "<tr><th>\(Markup.escape($0.0))</th><td>\(Markup.escape($0.1))</td></tr>" }
        return "<table><tbody>\n" + rows.joined(separator: "\n") + "\n</tbody></table>"
    }

    /// An `<img>` holding PNG bytes.
    public static func image(png: some DataProtocol, alt: String, width: Int? = nil) -> String {
        let size = width.map { " width=\"\($0)\"" } ?? ""
        return "<img src=\"data:image/png;base64,\(Data(png).base64EncodedString())\" alt=\"\(Markup.escape(alt))\"\(size)>"
    }

    /// A figure: a PNG with a caption.
    public static func figure(png: some DataProtocol, caption: String, width: Int? = nil) -> String {
        "<figure>\(image(png: png, alt: caption, width: width))<figcaption>\(Markup.escape(caption))</figcaption></figure>"
    }

    public static func paragraph(_ text: String, muted: Bool = false) -> String {
        "<p\(muted ? " class=\"muted\"" : "")>\(Markup.escape(text))</p>"
    }
}
