/// Finds uploads cut short, from their bytes alone. libvips 8.14 decodes a truncated PNG or JPEG through its
/// shrink-on-load thumbnail path without failing (filling what is missing), even in strict mode, so the server
/// checks the container itself before decoding: cheap, and exact for these formats.
enum TruncationCheck {
    /// Why `bytes` look cut short, or nil when they end as their format requires (or the format is not one of
    /// PNG, JPEG and WebP).
    static func problem(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            // Every PNG ends with an IEND chunk; its type cannot occur by design before the end, and by chance in
            // compressed data only once in 2³² positions.
            return contains(bytes, Array("IEND".utf8), after: 8) ? nil : "the PNG has no IEND chunk"
        }
        if bytes.starts(with: [0xFF, 0xD8]) {
            // The entropy-coded data of a scan cannot hold a marker other than RSTn (0xFF is stuffed as FF 00), so
            // the last start of scan (FF DA, after any EXIF thumbnail's) must be followed by the end of image (FF D9).
            guard let scan = lastIndex(of: [0xFF, 0xDA], in: bytes) else { return "the JPEG has no scan" }
            return contains(bytes, [0xFF, 0xD9], after: scan + 2) ? nil : "the JPEG's last scan has no end-of-image marker"
        }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            // RIFF declares its size (little-endian, after the first 8 bytes).
            let declared = (0..<4).reduce(0) { $0 | Int(bytes[4 + $1]) << (8 * $1) }
            return bytes.count >= declared + 8 ? nil : "the WebP declares \(declared + 8) bytes but has \(bytes.count)"
        }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ pattern: [UInt8], after start: Int) -> Bool {
        guard let last = lastIndex(of: pattern, in: bytes) else { return false }
        return last >= start
    }

    /// The start of the last occurrence of `pattern`, searching from the end (where these markers are).
    private static func lastIndex(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for start in stride(from: bytes.count - pattern.count, through: 0, by: -1)
        where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start
        }
        return nil
    }
}
