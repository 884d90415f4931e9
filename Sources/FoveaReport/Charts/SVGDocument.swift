/// Finishes the SVG documents cairo writes: a title and description for readers and search, and element ids that
/// are deterministic and safe to inline beside other charts.
enum SVGDocument {
    static func finished(_ document: String, title: String, description: String) -> String {
        prefixingIdentifiers(insertingText(document, title: title, description: description))
    }

    /// Puts `<title>` and `<desc>` first inside the root element, where SVG readers look for them.
    private static func insertingText(_ document: String, title: String, description: String) -> String {
        guard let root = document.range(of: "<svg"),
              let end = document[root.upperBound...].firstIndex(of: ">")
        else { return document }
        let elements = "\n<title>\(escaped(title))</title>\n<desc>\(escaped(description))</desc>"
        var result = document
        result.insert(contentsOf: elements, at: document.index(after: end))
        return result
    }

    /// Renames every element id to `<prefix>-<n>`, numbered in order of appearance, along with its references.
    ///
    /// cairo numbers the root group from a counter shared by the whole process, so the same chart would come out
    /// different on each rendering; and its glyph ids (`glyph0-1`) are the same in every document, so two charts in
    /// one HTML page would draw each other's letters. The prefix is a hash of the content with plain numbers for ids.
    private static func prefixingIdentifiers(_ document: String) -> String {
        let pattern = /(id="|href="#|url\(#)([A-Za-z0-9_.:\-]+)/
        var ordinals: [Substring: Int] = [:]
        for match in document.matches(of: pattern) where match.output.1 == "id=\"" && ordinals[match.output.2] == nil {
            ordinals[match.output.2] = ordinals.count
        }
        func renamed(_ prefix: String) -> String {
            document.replacing(pattern) { match in
                guard let ordinal = ordinals[match.output.2] else { return match.output.0 }
                return "\(match.output.1)\(prefix)\(ordinal)"
            }
        }
        let prefix = "c" + String(fnv1a(renamed("")) >> 20, radix: 16) + "-"
        return renamed(prefix)
    }

    /// 64-bit FNV-1a of the UTF-8 bytes: a stable hash, unlike Swift's seeded `Hasher`.
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
