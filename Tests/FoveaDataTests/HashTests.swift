import Foundation
@testable import FoveaData
import FoveaImage
import Testing

/// Content and perceptual hashes against independent references: `sha256sum`, FIPS 180-2's test vectors and the
/// Python package imagehash (scripts/fixtures/dataset.py).
@Suite struct HashTests {
    @Test func sha256MatchesTheStandardVectors() throws {
        #expect(try SHA256.hexDigest(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(try SHA256.hexDigest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            try SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// A million "a" (FIPS 180-2, appendix B.3), hashed from a file in 1 MiB chunks.
    @Test func sha256OfAFileReadInChunks() throws {
        let tree = try TemporaryTree()
        try tree.write("a.bin", bytes: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
        #expect(try FileAccess.sha256(path: tree.url("a.bin").path)
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every fixture photo examined as the index examines it: SHA-256 as sha256sum printed, byte count and size as
    /// PIL read them, and the perceptual hash bit for bit as imagehash.phash computed it (JPEG and PNG; RGB,
    /// gray, palette and alpha; 96 to 640 pixels wide).
    @Test func examinationMatchesSha256sumPILAndImagehash() throws {
        let expected = try DatasetFixtures.expected()
        #expect(expected.count == 12)
        for (name, reference) in expected.sorted(by: { $0.key < $1.key }) {
            let url = try DatasetFixtures.url(name)
            let result = FileExamination.examine(path: url.path, bytes: Int64(reference.bytes), limits: .init())
            #expect(result.error == nil, "\(name): \(result.errorMessage ?? "")")
            #expect(result.sha256 == reference.sha256, "\(name)")
            #expect(result.width == reference.width && result.height == reference.height, "\(name)")
            #expect(result.perceptualHash.map(PerceptualHash.hexadecimal) == reference.phash, "\(name)")
        }
    }

    /// The hash ignores alpha as PIL's convert("L") does, and counts bits as imagehash's subtraction does.
    @Test func hashIgnoresAlphaAndDistanceCountsBits() throws {
        let decoded = try Image.decode(
            contentsOf: DatasetFixtures.url("coffee-alpha.png"), options: DecodeOptions(colorMode: .rgba))
        var opaque = decoded.pixels
        for index in stride(from: 3, to: opaque.count, by: 4) { opaque[index] = 255 }
        let flattened = try #require(Image(width: decoded.width, height: decoded.height, channels: 4, pixels: opaque))
        #expect(PerceptualHash.of(decoded) == PerceptualHash.of(flattened))
        // 0x9db8c2c7445dbb24 (china) and 0x9db8c287463d3b25 (china-bright) differ in 0x40, 0x02, 0x60, 0x80 and
        // 0x01 of their xor 0x0000004002608001: 1 + 1 + 2 + 1 + 1 = 6 bits.
        #expect(PerceptualHash.distance(0x9db8_c2c7_445d_bb24, 0x9db8_c287_463d_3b25) == 6)
        #expect(PerceptualHash.hexadecimal(0x00ff) == "00000000000000ff")
    }

    /// PIL's Lanczos weights for a 2:1 reduction, worked by hand: output sample 0 is centred on input 1.0
    /// (scale 2, support 6), inputs 0 to 6 sit at distances -0.5, 0.5, 1.5, … 5.5 scaled by 1/2, i.e.
    /// x = -0.25, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75; the weights are sinc(x)·sinc(x/3), normalised to sum to 1.
    @Test func lanczosWeightsFollowPIL() {
        let taps = LanczosResampler.weights(inputSize: 16, outputSize: 8)[0]
        #expect(taps.first == 0)
        func sinc(_ x: Double) -> Double { x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x) }
        let raw = [-0.25, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75].map { sinc($0) * sinc($0 / 3) }
        let total = raw.reduce(0, +)
        let fixed = raw.map { Int32(($0 / total * 4_194_304).rounded()) }
        #expect(taps.weights == fixed)
        // A flat image stays flat: the fixed-point weights sum to 1 within rounding.
        let flat = LanczosResampler.resized([UInt8](repeating: 77, count: 100 * 60), width: 100, height: 60, to: 32, 32)
        #expect(flat.allSatisfy { $0 == 77 })
    }

    @Test func sniffingTellsFormatsFromTheirFirstBytes() throws {
        #expect(FormatSniffer.format(of: Array(try DatasetFixtures.bytes("china.jpg").prefix(12))) == "jpeg")
        #expect(FormatSniffer.format(of: Array(try DatasetFixtures.bytes("chelsea.png").prefix(12))) == "png")
        #expect(FormatSniffer.format(of: Array("GIF89a".utf8)) == "gif")
        #expect(FormatSniffer.format(of: Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBP".utf8)) == "webp")
        #expect(FormatSniffer.format(of: Array("plain text".utf8)) == nil)
        #expect(FormatSniffer.format(ofExtension: "JPG") == "jpeg")
    }
}
