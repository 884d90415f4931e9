import CVips
import Foundation

/// What an image's header declares, read without decoding pixels.
public struct ImageInfo: Sendable, Equatable {
    /// Width as stored, before orientation.
    public let width: Int
    /// Height as stored, before orientation.
    public let height: Int
    /// Samples per pixel as stored (alpha included; 4 for CMYK).
    public let bands: Int
    /// libvips's name of the sample type: "uchar" (8-bit), "ushort" (16-bit),
    /// "float", ...
    public let sampleFormat: String
    /// libvips's name of the loader that recognised the data: "jpegload",
    /// "pngload", "webpload", ...
    public let loader: String
    /// EXIF orientation, 1 (upright) to 8.
    public let orientation: Int
    /// Whether the image has an alpha channel.
    public let hasAlpha: Bool

    /// Width once the orientation is applied.
    public var uprightWidth: Int { orientation >= 5 ? height : width }
    /// Height once the orientation is applied.
    public var uprightHeight: Int { orientation >= 5 ? width : height }

    /// Reads the header of the image file at `url`.
    /// - Throws: `ImageError` naming the file and the problem.
    public static func probe(_ url: URL) throws -> ImageInfo {
        guard url.isFileURL else {
            throw ImageError(source: url.absoluteString, problem: .invalidArgument("not a file URL"))
        }
        let path = url.path
        _ = try checkedFileSize(path: path)
        var header = FoveaVipsHeader()
        let status = fovea_vips_probe_file(path, &header)
        return try ImageInfo(status: status, header: header, source: path)
    }

    /// Reads the header of an encoded image in memory; `name` stands for the
    /// data in error messages.
    /// - Throws: `ImageError` naming `name` and the problem.
    public static func probe(bytes: some ContiguousBytes, name: String = "<memory>") throws -> ImageInfo {
        try bytes.withUnsafeBytes { buffer in
            guard buffer.count > 0 else {
                throw ImageError(source: name, problem: .notAnImage("no bytes"))
            }
            var header = FoveaVipsHeader()
            let status = fovea_vips_probe_buffer(buffer.baseAddress, buffer.count, &header)
            return try ImageInfo(status: status, header: header, source: name)
        }
    }

    private init(status: FoveaVipsStatus, header: FoveaVipsHeader, source: String) throws {
        guard status == FOVEA_VIPS_OK else {
            throw imageError(for: status, source: source, header: header, maxPixels: 0)
        }
        width = Int(header.width)
        height = Int(header.height)
        bands = Int(header.bands)
        sampleFormat = header.formatName
        loader = header.loaderName
        orientation = Int(header.orientation)
        hasAlpha = header.has_alpha != 0
    }
}
