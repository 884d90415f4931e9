import Foundation
import Testing

@testable import FoveaImage

extension FoveaImageTests {
    @Suite("Errors name the file and the problem")
    struct ErrorTests {
        @Test func nonPositiveLimitsAreInvalidArguments() throws {
            let url = try Fixtures.url("photo.png")
            for limits in [DecodeOptions.Limits(maxBytes: 0), DecodeOptions.Limits(maxPixels: -1)] {
                let error = imageError { try Image.decode(contentsOf: url, options: DecodeOptions(limits: limits)) }
                #expect(error?.problem == .invalidArgument("limits must be positive"))
            }
        }

        @Test(arguments: ["truncated.jpg", "truncated-half.jpg", "truncated-half.png"])
        func truncatedFilesAreRejectedInStrictMode(_ file: String) throws {
            let url = try Fixtures.url(file)
            let error = imageError { try Image.decode(contentsOf: url) }
            guard case .truncated = error?.problem else {
                Issue.record("expected .truncated, got \(String(describing: error))")
                return
            }
            #expect(error?.description.contains(url.path) == true)
            #expect(error?.description.contains("truncated") == true)
        }

        @Test func truncatedBytesAreRejectedInStrictMode() throws {
            let error = imageError { try Image.decode(bytes: Fixtures.bytes("truncated-half.png")) }
            guard case .truncated = error?.problem else {
                Issue.record("expected .truncated, got \(String(describing: error))")
                return
            }
            #expect(error?.description.hasPrefix("<memory>: truncated") == true)
        }

        @Test func lenientModeDecodesWhatIsThere() throws {
            let lenient = DecodeOptions(strict: false)
            let cut = try Image.decode(contentsOf: Fixtures.url("truncated-half.jpg"), options: lenient)
            let complete = try Image.decode(contentsOf: Fixtures.url("photo.jpg"))
            #expect((cut.width, cut.height) == (complete.width, complete.height))
            // The rows before the cut survive.
            let firstRows = cut.width * 3 * 8
            #expect(cut.pixels.prefix(firstRows) == complete.pixels.prefix(firstRows))
            // libpng gives up on the whole cut-off data chunk: the size is right,
            // the pixels are blank.
            let png = try Image.decode(contentsOf: Fixtures.url("truncated-half.png"), options: lenient)
            #expect((png.width, png.height, png.channels) == (60, 40, 3))
        }

        @Test func nonImageFileIsNotAnImage() throws {
            let url = try Fixtures.url("not-an-image.txt")
            let error = imageError { try Image.decode(contentsOf: url) }
            #expect(error?.problem == .notAnImage("no decoder recognises the data"))
            #expect(error?.description.contains("not-an-image.txt") == true)
        }

        @Test func emptyFileIsNotAnImage() throws {
            let url = try Fixtures.url("empty.png")
            let error = imageError { try Image.decode(contentsOf: url) }
            #expect(error == ImageError(source: url.path, problem: .notAnImage("the file is empty")))
            let noBytes = imageError { try Image.decode(bytes: [UInt8](), name: "blob") }
            #expect(noBytes?.description == "blob: not an image (no bytes)")
        }

        @Test func missingFileAndFolderAreUnreadable() throws {
            let missing = try Fixtures.url("no-such-file.jpg")
            let error = imageError { try Image.decode(contentsOf: missing) }
            #expect(error?.problem == .unreadable("No such file or directory"))
            #expect(error?.description.contains("no-such-file.jpg") == true)
            let folder = try Fixtures.folder()
            #expect(imageError { try Image.decode(contentsOf: folder) }?.problem == .unreadable("not a regular file"))
        }

        @Test func declaredDecompressionBombIsRejectedFromTheHeader() throws {
            let url = try Fixtures.url("huge-declared.png")
            let before = VipsResources.current()
            let started = ContinuousClock.now
            let error = imageError { try Image.decode(contentsOf: url) }
            // 60000 × 60000 RGB would be 10.8 GB: rejected at once, nothing allocated.
            #expect(ContinuousClock.now - started < .seconds(2))
            #expect(error?.problem == .tooManyPixels(width: 60000, height: 60000, limit: 100_000_000))
            #expect(error?.description.contains("huge-declared.png") == true)
            #expect(VipsResources.current() == before)
            let fromBytes = imageError { try Image.decode(bytes: Fixtures.bytes("huge-declared.png")) }
            #expect(fromBytes?.problem == .tooManyPixels(width: 60000, height: 60000, limit: 100_000_000))
            // Resizing does not get around the limit either.
            let resized = imageError {
                try Image.decode(contentsOf: url, options: DecodeOptions(size: .coverCrop(224)))
            }
            #expect(resized?.problem == .tooManyPixels(width: 60000, height: 60000, limit: 100_000_000))
        }

        @Test func pixelLimitAppliesToTheHeaderAndToTheResult() throws {
            let small = DecodeOptions(limits: DecodeOptions.Limits(maxPixels: 1000))
            let error = imageError { try Image.decode(contentsOf: Fixtures.url("photo.png"), options: small) }
            #expect(error?.problem == .tooManyPixels(width: 60, height: 40, limit: 1000))
            let upscale = DecodeOptions(size: .fitInside(3000), limits: DecodeOptions.Limits(maxPixels: 1_000_000))
            let upscaled = imageError { try Image.decode(contentsOf: Fixtures.url("photo.png"), options: upscale) }
            #expect(upscaled?.problem == .tooManyPixels(width: 3000, height: 2000, limit: 1_000_000))
        }

        @Test func fileOverTheByteLimitIsTooLarge() throws {
            let url = try Fixtures.url("large.jpg")
            let options = DecodeOptions(limits: DecodeOptions.Limits(maxBytes: 1000))
            let size = try Fixtures.bytes("large.jpg").count
            let error = imageError { try Image.decode(contentsOf: url, options: options) }
            #expect(error == ImageError(source: url.path, problem: .tooLarge(bytes: size, limit: 1000)))
            #expect(error?.description == "\(url.path): too large: \(size) bytes is over the limit of 1000")
            let fromBytes = imageError { try Image.decode(bytes: Fixtures.bytes("large.jpg"), options: options) }
            #expect(fromBytes?.problem == .tooLarge(bytes: size, limit: 1000))
        }

        @Test(arguments: [
            DecodeOptions.Size.fitInside(0), .coverCrop(-3), .exact(width: 10, height: 0), .fitInside(20_000_000),
        ])
        func outOfRangeSizesAreInvalidArguments(_ size: DecodeOptions.Size) throws {
            let url = try Fixtures.url("photo.png")
            let error = imageError { try Image.decode(contentsOf: url, options: DecodeOptions(size: size)) }
            guard case .invalidArgument = error?.problem else {
                Issue.record("expected .invalidArgument, got \(String(describing: error))")
                return
            }
        }
    }
}
