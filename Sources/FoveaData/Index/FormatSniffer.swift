/// The image format the first bytes of a file show, independent of its extension and of whether the rest decodes.
enum FormatSniffer {
    /// Every format `format(of:)` can name.
    static let knownFormats: Set<String> = ["jpeg", "png", "gif", "webp", "tiff", "bmp", "heif", "avif"]

    /// How many leading bytes `format(of:)` needs.
    static let headLength = 12

    /// "jpeg", "png", "gif", "webp", "tiff", "bmp", "heif" or "avif"; nil when the bytes are none of these.
    static func format(of head: [UInt8]) -> String? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        if starts([0xFF, 0xD8, 0xFF]) { return "jpeg" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "png" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "gif" }
        if starts(Array("RIFF".utf8)), starts(Array("WEBP".utf8), at: 8) { return "webp" }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return "tiff" }
        if starts(Array("BM".utf8)) { return "bmp" }
        if starts(Array("ftyp".utf8), at: 4) {
            return starts(Array("avif".utf8), at: 8) ? "avif" : "heif"
        }
        return nil
    }

    /// The format a file extension promises, lowercase; nil for extensions that are not images'.
    static func format(ofExtension pathExtension: String) -> String? {
        switch pathExtension.lowercased() {
        case "jpg", "jpeg", "jpe", "jfif": "jpeg"
        case "png": "png"
        case "gif": "gif"
        case "webp": "webp"
        case "tif", "tiff": "tiff"
        case "bmp": "bmp"
        case "heic", "heif": "heif"
        case "avif": "avif"
        default: nil
        }
    }
}
