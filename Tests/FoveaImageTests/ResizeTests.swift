import Foundation
import Testing

@testable import FoveaImage

extension FoveaImageTests {
    @Suite("Shrink-on-load resizing")
    struct ResizeTests {
        // libvips shrinks JPEGs while decoding, then resamples with lanczos3; PIL
        // decodes at full size and resamples with its own Lanczos. Close, not
        // equal (measured: largest 26, mean 1.5 at worst).
        static let largest = 40
        static let mean = 2.5

        @Test func fitInsideKeepsAspectAndMatchesPIL() throws {
            let image = try Image.decode(
                contentsOf: Fixtures.url("large.jpg"), options: DecodeOptions(size: .fitInside(80)))
            #expect((image.width, image.height) == (80, 53))
            expectClose(image, try Fixtures.expected("large.jpg fitInside 80"), largest: Self.largest, mean: Self.mean)
        }

        @Test func coverCropGivesTheExactSquareAndMatchesPIL() throws {
            let image = try Image.decode(
                contentsOf: Fixtures.url("large.jpg"), options: DecodeOptions(size: .coverCrop(64)))
            #expect((image.width, image.height) == (64, 64))
            expectClose(image, try Fixtures.expected("large.jpg coverCrop 64"), largest: Self.largest, mean: Self.mean)
        }

        @Test func exactIgnoresAspectAndMatchesPIL() throws {
            let image = try Image.decode(
                contentsOf: Fixtures.url("large.jpg"), options: DecodeOptions(size: .exact(width: 50, height: 40)))
            #expect((image.width, image.height) == (50, 40))
            expectClose(image, try Fixtures.expected("large.jpg exact 50x40"), largest: Self.largest, mean: Self.mean)
        }

        @Test func resizingAppliesOrientationFirst() throws {
            let image = try Image.decode(
                contentsOf: Fixtures.url("orientation6.jpg"), options: DecodeOptions(size: .fitInside(48)))
            #expect((image.width, image.height) == (32, 48))
            expectClose(
                image, try Fixtures.expected("orientation6.jpg fitInside 48"), largest: Self.largest, mean: Self.mean)
        }

        @Test func fitInsideScalesSmallImagesUp() throws {
            let image = try Image.decode(
                contentsOf: Fixtures.url("photo.png"), options: DecodeOptions(size: .fitInside(120)))
            #expect((image.width, image.height) == (120, 80))
        }

        @Test(arguments: ["gray.png", "gray16.png", "rgb16.png", "palette.png", "alpha.png", "cmyk.jpg"])
        func everySourceLayoutResizesToRGB(_ file: String) throws {
            let image = try Image.decode(contentsOf: Fixtures.url(file), options: DecodeOptions(size: .coverCrop(24)))
            #expect((image.width, image.height, image.channels) == (24, 24, 3))
        }

        @Test func resizingFromBytesEqualsResizingTheFile() throws {
            let options = DecodeOptions(size: .coverCrop(64))
            let fromFile = try Image.decode(contentsOf: Fixtures.url("large.jpg"), options: options)
            let fromBytes = try Image.decode(bytes: Fixtures.bytes("large.jpg"), options: options)
            #expect(fromFile == fromBytes)
        }
    }
}
