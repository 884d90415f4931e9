import CVips
import Foundation

extension Image {
    /// The image as PNG bytes (lossless).
    /// - Throws: `ImageError` if encoding fails.
    public func encodePNG() throws -> [UInt8] {
        try encode(FOVEA_VIPS_ENCODING_PNG, jpegQuality: nil, source: "<memory>")
    }

    /// The image as JPEG bytes at `quality` (1...100). JPEG has no alpha, so
    /// four-channel images are rejected.
    /// - Throws: `ImageError` if the image has alpha, the quality is out of
    ///   range or encoding fails.
    public func encodeJPEG(quality: Int = 90) throws -> [UInt8] {
        try encode(FOVEA_VIPS_ENCODING_JPEG, jpegQuality: quality, source: "<memory>")
    }

    /// Writes the image to `url` as PNG (".png") or JPEG (".jpg", ".jpeg"),
    /// chosen by the file extension, replacing any file there.
    /// - Throws: `ImageError` naming the file for an unknown extension, a
    ///   failed encoding or a failed write.
    public func write(to url: URL, jpegQuality: Int = 90) throws {
        let path = url.path
        let bytes: [UInt8]
        switch url.pathExtension.lowercased() {
        case "png":
            bytes = try encode(FOVEA_VIPS_ENCODING_PNG, jpegQuality: nil, source: path)
        case "jpg", "jpeg":
            bytes = try encode(FOVEA_VIPS_ENCODING_JPEG, jpegQuality: jpegQuality, source: path)
        default:
            throw ImageError(source: path, problem: .unsupported("unknown extension; use .png, .jpg or .jpeg"))
        }
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw ImageError(source: path, problem: .unwritable(error.localizedDescription))
        }
    }

    private func encode(_ encoding: FoveaVipsEncoding, jpegQuality: Int?, source: String) throws -> [UInt8] {
        let quality = jpegQuality ?? 0
        if jpegQuality != nil, !(1...100).contains(quality) {
            throw ImageError(source: source, problem: .invalidArgument("JPEG quality \(quality) is not in 1...100"))
        }
        var data: UnsafeMutableRawPointer?
        var length = 0
        let status = pixels.withUnsafeBufferPointer { buffer in
            fovea_vips_encode(
                buffer.baseAddress, Int32(width), Int32(height), Int32(channels), encoding, Int32(quality), &data,
                &length)
        }
        defer { fovea_vips_free(data) }
        guard status == FOVEA_VIPS_OK, let data else {
            throw imageError(for: status, source: source, header: nil, maxPixels: 0)
        }
        return [UInt8](UnsafeRawBufferPointer(start: data, count: length))
    }
}
