import CVips

/// The text libvips (or the shim) left for this thread's last failed call.
func lastVipsError() -> String {
    String(cString: fovea_vips_last_error())
}

/// The error for a failed shim call about `source`. `tail` gives the last
/// bytes of the encoded data, read only when a decoding failure may be a
/// truncation.
func imageError(
    for status: FoveaVipsStatus, source: String, header: FoveaVipsHeader?, maxPixels: Int,
    tail: () -> [UInt8] = { [] }
) -> ImageError {
    let details = lastVipsError()
    let problem: ImageError.Problem
    switch status {
    case FOVEA_VIPS_ERROR_NOT_AN_IMAGE:
        problem = .notAnImage("no decoder recognises the data")
    case FOVEA_VIPS_ERROR_HEADER, FOVEA_VIPS_ERROR_DECODE:
        let truncated = mentionsTruncation(details) || lacksEndMarker(tail(), loader: header?.loaderName ?? "")
        problem = truncated ? .truncated(details) : .corrupt(details)
    case FOVEA_VIPS_ERROR_TOO_MANY_PIXELS:
        problem = .tooManyPixels(
            width: Int(header?.width ?? 0), height: Int(header?.height ?? 0), limit: maxPixels)
    case FOVEA_VIPS_ERROR_ARGUMENT:
        problem = .invalidArgument(details)
    case FOVEA_VIPS_ERROR_ENCODE:
        problem = .unwritable(details)
    default:
        problem = .unsupported(details)
    }
    return ImageError(source: source, problem: problem)
}

/// Whether libvips's message says the data ended early. libvips has no
/// separate status for it, so this reads the loaders' wording
/// (libjpeg: "Premature end of JPEG file").
private func mentionsTruncation(_ details: String) -> Bool {
    let text = details.lowercased()
    return ["premature end", "truncated", "unexpected end", "end of file"].contains { text.contains($0) }
}

/// Whether data that failed to decode lacks the marker its format ends with.
/// libvips reports a cut-off PNG only as "libpng read error", so the end of
/// the data tells truncation from other damage.
private func lacksEndMarker(_ tail: [UInt8], loader: String) -> Bool {
    switch loader {
    case "pngload":
        // An IEND chunk: length 0, type "IEND", CRC.
        tail.suffix(8) != [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
    case "jpegload":
        // The EOI marker.
        tail.suffix(2) != [0xFF, 0xD9]
    default:
        false
    }
}

extension FoveaVipsHeader {
    /// The loader nickname as a Swift string.
    var loaderName: String { cString(loader) }
    /// The sample format nickname as a Swift string.
    var formatName: String { cString(format) }
}

/// A NUL-terminated C character array (imported as a tuple) as a string.
private func cString<Characters>(_ characters: Characters) -> String {
    withUnsafeBytes(of: characters) { bytes in
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}

extension DecodeOptions {
    /// The options as the shim takes them, or an error naming what is out of range.
    func vipsOptions(source: String) throws -> FoveaVipsDecodeOptions {
        guard limits.maxBytes > 0, limits.maxPixels > 0 else {
            throw ImageError(source: source, problem: .invalidArgument("limits must be positive"))
        }
        let resize: FoveaVipsResize
        let width: Int
        let height: Int
        switch size {
        case .original:
            (resize, width, height) = (FOVEA_VIPS_RESIZE_NONE, 0, 0)
        case .fitInside(let side):
            (resize, width, height) = (FOVEA_VIPS_RESIZE_FIT_INSIDE, side, side)
        case .coverCrop(let side):
            (resize, width, height) = (FOVEA_VIPS_RESIZE_COVER_CROP, side, side)
        case .exact(let exactWidth, let exactHeight):
            (resize, width, height) = (FOVEA_VIPS_RESIZE_EXACT, exactWidth, exactHeight)
        }
        // libvips's own coordinate limit; larger sizes would also overflow Int32.
        let sides = 1...10_000_000
        guard resize == FOVEA_VIPS_RESIZE_NONE || sides.contains(width) && sides.contains(height) else {
            let text = "target size \(width) × \(height) is out of range"
            throw ImageError(source: source, problem: .invalidArgument(text))
        }
        let color: FoveaVipsColor =
            switch colorMode {
            case .rgb: FOVEA_VIPS_COLOR_RGB
            case .rgba: FOVEA_VIPS_COLOR_RGBA
            case .gray: FOVEA_VIPS_COLOR_GRAY
            case .rgbOrGray: FOVEA_VIPS_COLOR_RGB_OR_GRAY
            }
        return FoveaVipsDecodeOptions(
            resize: resize,
            target_width: Int32(width),
            target_height: Int32(height),
            color: color,
            background: (background.red, background.green, background.blue),
            strict: strict ? 1 : 0,
            autorotate: applyOrientation ? 1 : 0,
            max_pixels: UInt64(limits.maxPixels))
    }
}

/// libvips's count of what it holds now; tests use it to show decoding leaks nothing.
struct VipsResources: Equatable {
    var bytes: Int
    var allocations: Int
    var files: Int

    static func current() -> VipsResources {
        var bytes = 0
        var allocations: Int32 = 0
        var files: Int32 = 0
        fovea_vips_resources(&bytes, &allocations, &files)
        return VipsResources(bytes: bytes, allocations: Int(allocations), files: Int(files))
    }
}
