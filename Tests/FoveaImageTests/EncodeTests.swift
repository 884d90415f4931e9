import Foundation
import Testing

@testable import FoveaImage

extension FoveaImageTests {
    @Suite("Encoding")
    struct EncodeTests {
        @Test(arguments: ["photo.png", "gray.png", "alpha.png"])
        func pngRoundTripsExactly(_ file: String) throws {
            let options = DecodeOptions(colorMode: file == "alpha.png" ? .rgba : .rgbOrGray)
            let image = try Image.decode(contentsOf: Fixtures.url(file), options: options)
            let again = try Image.decode(bytes: image.encodePNG(), options: options)
            #expect(again == image)
        }

        @Test func jpegRoundTripsClosely() throws {
            let image = try Image.decode(contentsOf: Fixtures.url("photo.png"))
            let again = try Image.decode(bytes: image.encodeJPEG(quality: 95))
            expectClose(again, image, largest: 40, mean: 3)
        }

        @Test func jpegRefusesAlphaAndBadQuality() throws {
            let rgba = try Image.decode(contentsOf: Fixtures.url("alpha.png"), options: DecodeOptions(colorMode: .rgba))
            guard case .unsupported = imageError({ try rgba.encodeJPEG() })?.problem else {
                Issue.record("RGBA JPEG was not refused")
                return
            }
            let rgb = try Image.decode(contentsOf: Fixtures.url("photo.png"))
            guard case .invalidArgument = imageError({ try rgb.encodeJPEG(quality: 0) })?.problem else {
                Issue.record("quality 0 was not refused")
                return
            }
        }

        @Test func writeChoosesTheFormatByExtension() throws {
            let image = try Image.decode(contentsOf: Fixtures.url("photo.png"))
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-image-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let png = folder.appendingPathComponent("copy.png")
            try image.write(to: png)
            #expect(try Image.decode(contentsOf: png) == image)
            let jpeg = folder.appendingPathComponent("copy.JPEG")
            try image.write(to: jpeg, jpegQuality: 80)
            #expect(try ImageInfo.probe(jpeg).loader == "jpegload")
            let bmp = folder.appendingPathComponent("copy.bmp")
            let error = imageError { try image.write(to: bmp) }
            #expect(error?.source == bmp.path)
            guard case .unsupported = error?.problem else {
                Issue.record("expected .unsupported, got \(String(describing: error))")
                return
            }
        }

        @Test func imageRejectsInconsistentSizes() {
            #expect(Image(width: 2, height: 2, channels: 3, pixels: [UInt8](repeating: 0, count: 12)) != nil)
            #expect(Image(width: 2, height: 2, channels: 3, pixels: [0]) == nil)
            #expect(Image(width: 2, height: 2, channels: 2, pixels: [UInt8](repeating: 0, count: 8)) == nil)
            #expect(Image(width: 0, height: 2, channels: 1, pixels: []) == nil)
            #expect(Image(width: Int.max, height: 2, channels: 1, pixels: []) == nil)
        }
    }
}
