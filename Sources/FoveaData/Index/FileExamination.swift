import Foundation
import FoveaImage

/// What indexing learns from one file: its content hash, the format its bytes show, its header, whether it decodes
/// completely (strictly: a truncated file is an error) and its perceptual hash. Never throws: a file that fails
/// any step is described by `error` and `errorMessage`.
struct FileExamination: Sendable {
    var sha256: String?
    var format: String?
    var width: Int?
    var height: Int?
    var bands: Int?
    var hasAlpha: Bool?
    var isGray: Bool?
    var perceptualHash: UInt64?
    var error: ImageProblem?
    /// What went wrong, without the file's name.
    var errorMessage: String?

    /// Examines the file at `path` of `bytes` bytes (as stat reported), within `limits`.
    static func examine(path: String, bytes: Int64, limits: DecodeOptions.Limits) -> FileExamination {
        var result = FileExamination()
        guard bytes > 0 else {
            result.fail(.empty, "the file is empty")
            return result
        }
        guard bytes <= Int64(limits.maxBytes) else {
            // Hashed in chunks so that duplicates are still found; never decoded.
            result.sha256 = try? FileAccess.sha256(path: path)
            result.format = try? FormatSniffer.format(of: FileAccess.bytes(path: path, limit: FormatSniffer.headLength))
            result.fail(.tooLarge, "\(bytes) bytes is over the limit of \(limits.maxBytes)")
            return result
        }
        let data: [UInt8]
        do {
            data = try FileAccess.bytes(path: path)
        } catch {
            result.fail(.unreadable, error.reason)
            return result
        }
        do {
            result.sha256 = try SHA256.hexDigest(of: data)
        } catch {
            result.fail(.unreadable, "\(error)")
            return result
        }
        result.format = FormatSniffer.format(of: Array(data.prefix(FormatSniffer.headLength)))
        do {
            let info = try ImageInfo.probe(bytes: data, name: path)
            result.width = info.uprightWidth
            result.height = info.uprightHeight
            result.bands = info.bands
            result.hasAlpha = info.hasAlpha
            result.format = result.format ?? String(info.loader.replacingOccurrences(of: "load", with: ""))
            // As imagehash sees it: the stored orientation, alpha kept apart (and then ignored).
            let options = DecodeOptions(
                colorMode: info.hasAlpha ? .rgba : .rgbOrGray, strict: true, applyOrientation: false, limits: limits)
            let image = try Image.decode(bytes: data, name: path, options: options)
            result.isGray = info.bands <= 2 || hasEqualChannels(image)
            result.perceptualHash = PerceptualHash.of(image)
        } catch let error as ImageError {
            // The row names the file already; keep the decoder's words.
            let text = error.description
            let named = path + ": "
            result.fail(problem(for: error.problem), text.hasPrefix(named) ? String(text.dropFirst(named.count)) : text)
        } catch {
            result.fail(.unsupported, "\(error)")
        }
        return result
    }

    private mutating func fail(_ problem: ImageProblem, _ message: String) {
        error = problem
        errorMessage = message
    }

    /// Whether every pixel of a colour image has equal red, green and blue.
    private static func hasEqualChannels(_ image: Image) -> Bool {
        guard image.channels >= 3 else { return true }
        let channels = image.channels
        return image.pixels.withUnsafeBufferPointer { pixels in
            stride(from: 0, to: pixels.count, by: channels).allSatisfy { base in
                pixels[base] == pixels[base + 1] && pixels[base] == pixels[base + 2]
            }
        }
    }

    private static func problem(for problem: ImageError.Problem) -> ImageProblem {
        switch problem {
        case .unreadable: .unreadable
        case .notAnImage: .notAnImage
        case .truncated: .truncated
        case .corrupt: .corrupt
        case .tooManyPixels, .tooLarge: .tooLarge
        case .unsupported, .invalidArgument, .unwritable: .unsupported
        }
    }
}
