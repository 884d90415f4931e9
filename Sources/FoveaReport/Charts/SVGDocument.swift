import FoveaImage

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
        let elements = "\n<title>\(Markup.escape(title))</title>\n<desc>\(Markup.escape(description))</desc>"
        var result = document
        result.insert(contentsOf: elements, at: document.index(after: end))
        return result
    }

    /// Renames every element id to `<prefix><n>`, numbered in order of appearance, along with its references.
    ///
    /// cairo numbers the root group from a counter shared by the whole process, so the same chart would come out
    /// different on each rendering; and its glyph ids (`glyph0-1`) are the same in every document, so two charts in
    /// one HTML page would draw each other's letters. The prefix is a hash of the content with plain numbers for ids.
    private static func prefixingIdentifiers(_ document: String) -> String {
        let bytes = Array(document.utf8)
        var ordinals: [ArraySlice<UInt8>: Int] = [:]
        _ = rewritingIdentifiers(bytes) { id, isDefinition in
            if isDefinition, ordinals[id] == nil { ordinals[id] = ordinals.count }
            return nil
        }
        func renamed(_ prefix: String) -> [UInt8] {
            rewritingIdentifiers(bytes) { id, _ in ordinals[id].map { Array("\(prefix)\($0)".utf8) } }
        }
        let prefix = "c" + String(fnv1a(renamed("")) >> 20, radix: 16) + "-"
        return String(decoding: renamed(prefix), as: UTF8.self)
    }

    /// `bytes` with every id (after ` id="`) and id reference (after `href="#` or `url(#`) replaced by what `rename`
    /// returns for it, or kept where it returns nil. `rename` learns whether the id is defined there.
    private static func rewritingIdentifiers(
        _ bytes: [UInt8], _ rename: (_ id: ArraySlice<UInt8>, _ isDefinition: Bool) -> [UInt8]?
    ) -> [UInt8] {
        let markers: [(bytes: [UInt8], isDefinition: Bool)] = [
            (Array(" id=\"".utf8), true), (Array("href=\"#".utf8), false), (Array("url(#".utf8), false),
        ]
        let firstBytes = Set(markers.map { $0.bytes[0] })
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        // Copy the text between ids in runs: per byte, only look for a marker where one could start.
        var copied = 0, index = 0
        while index < bytes.count {
            guard firstBytes.contains(bytes[index]),
                  let marker = markers.first(where: { hasPrefix(bytes, $0.bytes, at: index) })
            else {
                index += 1
                continue
            }
            index += marker.bytes.count
            output += bytes[copied..<index]
            let start = index
            while index < bytes.count, isIdentifierByte(bytes[index]) { index += 1 }
            let id = bytes[start..<index]
            if let renamed = rename(id, marker.isDefinition) { output += renamed } else { output += id }
            copied = index
        }
        output += bytes[copied...]
        return output
    }

    private static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8], at index: Int) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in prefix.indices where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    /// Letters, digits, `_`, `.`, `:` and `-`: the characters of the ids cairo writes.
    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"),
             UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// 64-bit FNV-1a: a stable hash, unlike Swift's seeded `Hasher`.
    private static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
