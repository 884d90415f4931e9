@testable import FoveaServer
import Testing

@Suite struct TruncationCheckTests {
    /// Complete files of FoveaImageTests, including an EXIF-oriented JPEG (with its own markers before the scan),
    /// CMYK and gray JPEGs, 16-bit and palette PNGs.
    @Test(arguments: [
        "photo.jpg", "large.jpg", "orientation6.jpg", "cmyk.jpg", "gray.jpg", "photo.png", "rgb16.png", "palette.png",
        "alpha.png",
    ])
    func completeFilesPass(_ name: String) throws {
        #expect(TruncationCheck.problem(of: Array(try imageFixture(name))) == nil)
    }

    @Test(arguments: ["truncated.jpg", "truncated-half.jpg", "truncated-half.png"])
    func truncatedFilesAreFound(_ name: String) throws {
        #expect(TruncationCheck.problem(of: Array(try imageFixture(name))) != nil)
    }

    /// Cuts of a complete PNG and JPEG, from just past their signature (shorter ones are no PNG or JPEG at all, left
    /// to libvips), are found: no prefix ends as a whole file does.
    @Test func everyPrefixIsFound() throws {
        for name in ["photo.png", "photo.jpg"] {
            let bytes = Array(try imageFixture(name))
            // A PNG's last 8 bytes are IEND's length-less tail (type and CRC); cutting inside them keeps "IEND".
            let (signature, keepsEnd) = name.hasSuffix(".png") ? (8, 8) : (2, 0)
            for length in stride(from: signature, to: bytes.count - keepsEnd, by: 11) {
                #expect(TruncationCheck.problem(of: Array(bytes.prefix(length))) != nil, "\(name) cut at \(length)")
            }
        }
    }

    /// A WebP's RIFF header declares its size: 30 bytes declared, 20 present.
    @Test func shortWebPIsFound() {
        let header = Array("RIFF".utf8) + [22, 0, 0, 0] + Array("WEBP".utf8)
        #expect(TruncationCheck.problem(of: header + [UInt8](repeating: 0, count: 8)) == "the WebP declares 30 bytes but has 20")
        #expect(TruncationCheck.problem(of: header + [UInt8](repeating: 0, count: 18)) == nil)
    }
}
