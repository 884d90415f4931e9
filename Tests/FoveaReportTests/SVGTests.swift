import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import FoveaReport

/// Reads the parts of an SVG document the tests look at.
private final class SVGReader: NSObject, XMLParserDelegate {
    var rootAttributes: [String: String] = [:]
    var elementCounts: [String: Int] = [:]
    var ids: [String] = []
    var references: [String] = []
    var texts: [String: String] = [:]
    private var current: String?

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        if elementCounts.isEmpty { rootAttributes = attributes }
        elementCounts[name, default: 0] += 1
        if let id = attributes["id"] { ids.append(id) }
        if let link = attributes["xlink:href"], link.hasPrefix("#") { references.append(String(link.dropFirst())) }
        for value in attributes.values {
            if let start = value.range(of: "url(#"), let end = value[start.upperBound...].firstIndex(of: ")") {
                references.append(String(value[start.upperBound..<end]))
            }
        }
        current = name
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current, current == "title" || current == "desc" { texts[current, default: ""] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        current = nil
    }

    static func read(_ document: String) throws -> SVGReader {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = reader
        guard parser.parse() else {
            throw ChartError("not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        return reader
    }
}

@Suite("SVG output")
struct SVGTests {
    static func chart() throws -> ConfusionMatrixChart {
        try ConfusionMatrixChart(
            classNames: ["T-shirt/top", "Trouser", "Ankle boot"], counts: [[9, 1, 0], [2, 8, 0], [0, 1, 9]],
            title: "Fashion & <friends>")
    }

    @Test("one well-formed document of the chart's size in points, with its title and summary as text")
    func structure() throws {
        let chart = try Self.chart()
        let svg = try chart.svg()
        let reader = try SVGReader.read(svg)
        #expect(reader.rootAttributes["width"] == "\(Int(chart.size.width))pt")
        #expect(reader.rootAttributes["height"] == "\(Int(chart.size.height))pt")
        #expect(reader.rootAttributes["viewBox"] == "0 0 \(Int(chart.size.width)) \(Int(chart.size.height))")
        // The title's markup characters survive escaping.
        #expect(reader.texts["title"] == "Fashion & <friends>")
        for name in chart.classNames { #expect(reader.texts["desc"]?.contains(name) == true, "\(name)") }
    }

    @Test("its glyphs spell exactly the text drawn: one glyph use per character")
    func glyphs() throws {
        let chart = try Self.chart()
        var drawn: [String] = []
        let raw = try CairoOutput.svg(size: chart.size) { canvas in
            chart.draw(in: canvas)
            drawn = canvas.drawnText
        }
        // The class names on both axes, the counts (none for empty cells), the axis titles and the title.
        for name in chart.classNames { #expect(drawn.filter { $0 == name }.count == 2) }
        #expect(drawn.contains("Fashion & <friends>") && drawn.contains("Predicted class") && drawn.contains("True class"))
        #expect(drawn.filter { $0 == "0" }.isEmpty)
        let reader = try SVGReader.read(SVGDocument.finished(raw, title: chart.title, description: chart.summary))
        let glyphUses = reader.references.filter { id in reader.ids.contains(id) }.count
        let characters = drawn.reduce(0) { $0 + $1.unicodeScalars.count }
        #expect(reader.elementCounts["use"] == characters)
        #expect(glyphUses >= characters)
    }

    @Test("the same chart gives the same bytes, its ids resolve, and no two charts share an id")
    func identifiers() throws {
        let chart = try Self.chart()
        let svg = try chart.svg()
        #expect(try chart.svg() == svg)
        #expect(try chart.png() == chart.png())
        let reader = try SVGReader.read(svg)
        #expect(Set(reader.ids).count == reader.ids.count)
        #expect(reader.references.allSatisfy { Set(reader.ids).contains($0) })
        let other = try SVGReader.read(
            try BarChart(title: "Other", categories: ["a"], series: [.init(name: "v", values: [1])]).svg())
        #expect(Set(reader.ids).isDisjoint(with: other.ids))
    }
}
