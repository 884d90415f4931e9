import Foundation
import Testing

@testable import FoveaImage

/// How far decoded samples may be from PIL's.
struct Tolerance: Sendable {
    /// Largest per-sample difference.
    let largest: Int
    /// Largest mean difference.
    let mean: Double

    /// Lossless data: identical samples.
    static let exact = Tolerance(largest: 0, mean: 0)
    /// One level of rounding either way (16 to 8 bits, alpha blending).
    static let rounding = Tolerance(largest: 1, mean: 0.5)
    /// JPEG: identical with Debian's shared libjpeg-turbo; other builds may
    /// differ slightly in IDCT and upsampling.
    static let jpeg = Tolerance(largest: 2, mean: 0.25)
}

/// One fixture decoded in one mode, compared with PIL's decode of it.
struct PILCase: Sendable, CustomTestStringConvertible {
    let file: String
    let options: DecodeOptions
    /// The key of PIL's pixels in expected.json.
    let key: String
    let tolerance: Tolerance

    init(_ file: String, _ options: DecodeOptions, _ key: String, _ tolerance: Tolerance) {
        self.file = file
        self.options = options
        self.key = key
        self.tolerance = tolerance
    }

    var testDescription: String { key }

    static let rgb = DecodeOptions()
    static let gray = DecodeOptions(colorMode: .gray)
    static let rgba = DecodeOptions(colorMode: .rgba)
    static let onRed = DecodeOptions(background: RGBColor(red: 200, green: 30, blue: 10))

    static let all: [PILCase] = [
        PILCase("photo.png", rgb, "photo.png rgb", .exact),
        PILCase("photo.png", gray, "photo.png gray", .exact),
        PILCase("gray.png", gray, "gray.png gray", .exact),
        PILCase("gray.png", rgb, "gray.png rgb", .exact),
        PILCase("palette.png", rgb, "palette.png rgb", .exact),
        PILCase("alpha.png", rgba, "alpha.png rgba", .exact),
        PILCase("rgb16.png", rgb, "rgb16.png rgb", .rounding),
        PILCase("gray16.png", gray, "gray16.png gray", .rounding),
        PILCase("alpha.png", rgb, "alpha.png rgb white", .rounding),
        PILCase("alpha.png", onRed, "alpha.png rgb red", .rounding),
        PILCase("alpha.png", gray, "alpha.png gray white", .rounding),
        PILCase("photo.jpg", rgb, "photo.jpg rgb", .jpeg),
        PILCase("photo.jpg", gray, "photo.jpg gray", .jpeg),
        PILCase("gray.jpg", gray, "gray.jpg gray", .jpeg),
        PILCase("orientation6.jpg", rgb, "orientation6.jpg rgb", .jpeg),
    ]
}

extension FoveaImageTests {
    @Suite("Decoding matches PIL")
    struct DecodeTests {
        @Test(arguments: PILCase.all)
        func decodedPixelsMatchPIL(_ testCase: PILCase) throws {
            let image = try Image.decode(contentsOf: Fixtures.url(testCase.file), options: testCase.options)
            let tolerance = testCase.tolerance
            expectClose(image, try Fixtures.expected(testCase.key), largest: tolerance.largest, mean: tolerance.mean)
        }

        @Test(arguments: PILCase.all)
        func decodingBytesEqualsDecodingTheFile(_ testCase: PILCase) throws {
            let fromFile = try Image.decode(contentsOf: Fixtures.url(testCase.file), options: testCase.options)
            let fromBytes = try Image.decode(bytes: Fixtures.bytes(testCase.file), options: testCase.options)
            #expect(fromFile == fromBytes)
        }

        @Test func cmykBecomesSRGBNearPILsNaiveConversion() throws {
            let image = try Image.decode(contentsOf: Fixtures.url("cmyk.jpg"))
            // libvips converts through an ICC profile, PIL with plain
            // arithmetic ((255 - C) * (255 - K) / 255), so only the overall
            // picture agrees (measured mean 18; inverted or swapped channels
            // would be far over 25).
            expectClose(image, try Fixtures.expected("cmyk.jpg rgb"), largest: 255, mean: 25)
        }

        @Test func rgbOrGrayKeepsGraySourcesAtOneChannel() throws {
            let options = DecodeOptions(colorMode: .rgbOrGray)
            let gray = try Image.decode(contentsOf: Fixtures.url("gray.png"), options: options)
            #expect(gray == (try Fixtures.expected("gray.png gray")))
            let colour = try Image.decode(contentsOf: Fixtures.url("photo.png"), options: options)
            #expect(colour == (try Fixtures.expected("photo.png rgb")))
        }

        @Test func rgbaAddsOpaqueAlphaToImagesWithout() throws {
            let image = try Image.decode(contentsOf: Fixtures.url("photo.png"), options: PILCase.rgba)
            let rgb = try Fixtures.expected("photo.png rgb")
            #expect(image.channels == 4)
            #expect(stride(from: 3, to: image.pixels.count, by: 4).allSatisfy { image.pixels[$0] == 255 })
            let withoutAlpha = image.pixels.enumerated().filter { $0.offset % 4 != 3 }.map(\.element)
            #expect(withoutAlpha == rgb.pixels)
        }

        @Test func orientationIsAppliedOnlyWhenAsked() throws {
            let stored = try Image.decode(
                contentsOf: Fixtures.url("orientation6.jpg"), options: DecodeOptions(applyOrientation: false))
            let upright = try Image.decode(contentsOf: Fixtures.url("orientation6.jpg"))
            // The same pixel data as photo.jpg; only the EXIF tag differs.
            #expect(stored == (try Image.decode(contentsOf: Fixtures.url("photo.jpg"))))
            #expect((stored.width, stored.height) == (72, 48))
            #expect((upright.width, upright.height) == (48, 72))
            // Orientation 6: the upright pixel (x, y) is the stored pixel (y, H - 1 - x).
            for y in 0..<upright.height {
                for x in 0..<upright.width {
                    for channel in 0..<3 {
                        let rotated = upright.pixels[(y * upright.width + x) * 3 + channel]
                        let original = stored.pixels[((stored.height - 1 - x) * stored.width + y) * 3 + channel]
                        guard rotated == original else {
                            Issue.record("pixel (\(x), \(y)) channel \(channel): \(rotated) != \(original)")
                            return
                        }
                    }
                }
            }
        }
    }
}
