import CVips
import Foundation

extension Image {
    /// Decodes the image file at `url` (JPEG, PNG, WebP, GIF, TIFF, HEIF and
    /// the other formats libvips reads), as `options` ask.
    ///
    /// Safe to call from many threads at once.
    /// - Throws: `ImageError` naming the file and the problem.
    public static func decode(contentsOf url: URL, options: DecodeOptions = DecodeOptions()) throws -> Image {
        guard url.isFileURL else {
            throw ImageError(source: url.absoluteString, problem: .invalidArgument("not a file URL"))
        }
        let path = url.path
        var vipsOptions = try options.vipsOptions(source: path)
        let size = try checkedFileSize(path: path)
        guard size <= options.limits.maxBytes else {
            throw ImageError(source: path, problem: .tooLarge(bytes: size, limit: options.limits.maxBytes))
        }
        var header = FoveaVipsHeader()
        var handle: OpaquePointer?
        let status = fovea_vips_open_file(path, &vipsOptions, &header, &handle)
        return try render(
            opened: status, handle: handle, header: header, source: path, limits: options.limits,
            tail: { fileTail(path: path, count: 16) })
    }

    /// Decodes an encoded image held in memory (the whole file's bytes).
    /// `name` stands for the data in error messages.
    ///
    /// Safe to call from many threads at once.
    /// - Throws: `ImageError` naming `name` and the problem.
    public static func decode(
        bytes: some ContiguousBytes, name: String = "<memory>", options: DecodeOptions = DecodeOptions()
    ) throws -> Image {
        var vipsOptions = try options.vipsOptions(source: name)
        return try bytes.withUnsafeBytes { buffer in
            guard buffer.count > 0 else {
                throw ImageError(source: name, problem: .notAnImage("no bytes"))
            }
            guard buffer.count <= options.limits.maxBytes else {
                throw ImageError(source: name, problem: .tooLarge(bytes: buffer.count, limit: options.limits.maxBytes))
            }
            var header = FoveaVipsHeader()
            var handle: OpaquePointer?
            let status = fovea_vips_open_buffer(buffer.baseAddress, buffer.count, &vipsOptions, &header, &handle)
            // libvips reads `buffer` lazily, so render before leaving the closure.
            return try render(
                opened: status, handle: handle, header: header, source: name, limits: options.limits,
                tail: { Array(buffer.suffix(16)) })
        }
    }

    /// Runs an opened pipeline into a new image, releasing the pipeline.
    private static func render(
        opened status: FoveaVipsStatus, handle: OpaquePointer?, header: FoveaVipsHeader, source: String,
        limits: DecodeOptions.Limits, tail: () -> [UInt8]
    ) throws -> Image {
        defer { fovea_vips_image_free(handle) }
        guard status == FOVEA_VIPS_OK, let handle else {
            throw imageError(for: status, source: source, header: header, maxPixels: limits.maxPixels, tail: tail)
        }
        let width = Int(fovea_vips_image_width(handle))
        let height = Int(fovea_vips_image_height(handle))
        let channels = Int(fovea_vips_image_channels(handle))
        // The header passed the limit; an upscaling resize could still exceed it.
        guard width * height <= limits.maxPixels else {
            throw ImageError(
                source: source, problem: .tooManyPixels(width: width, height: height, limit: limits.maxPixels))
        }
        let count = width * height * channels
        var readStatus = FOVEA_VIPS_OK
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            readStatus = fovea_vips_image_read(handle, buffer.baseAddress, count)
            initialized = readStatus == FOVEA_VIPS_OK ? count : 0
        }
        guard readStatus == FOVEA_VIPS_OK else {
            throw imageError(
                for: readStatus, source: source, header: header, maxPixels: limits.maxPixels, tail: tail)
        }
        return Image(checkedWidth: width, height: height, channels: channels, pixels: pixels)
    }
}
