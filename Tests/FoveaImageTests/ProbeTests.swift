import Foundation
import Testing

@testable import FoveaImage

extension FoveaImageTests {
    @Suite("Reading headers")
    struct ProbeTests {
        @Test func probeReportsTheStoredLayout() throws {
            let info = try ImageInfo.probe(Fixtures.url("orientation6.jpg"))
            #expect(info.width == 72 && info.height == 48)
            #expect(info.uprightWidth == 48 && info.uprightHeight == 72)
            #expect(info.orientation == 6)
            #expect(info.bands == 3 && info.sampleFormat == "uchar" && !info.hasAlpha)
            #expect(info.loader == "jpegload")
        }

        @Test func probeSeesSampleFormatAlphaAndCMYK() throws {
            let gray16 = try ImageInfo.probe(Fixtures.url("gray16.png"))
            #expect((gray16.bands, gray16.sampleFormat, gray16.loader) == (1, "ushort", "pngload"))
            #expect(try ImageInfo.probe(Fixtures.url("alpha.png")).hasAlpha)
            #expect(try ImageInfo.probe(Fixtures.url("cmyk.jpg")).bands == 4)
        }

        @Test func probeReadsHugeHeadersWithoutDecoding() throws {
            let info = try ImageInfo.probe(bytes: Fixtures.bytes("huge-declared.png"))
            #expect((info.width, info.height) == (60000, 60000))
        }

        @Test func probeFailsLikeDecode() throws {
            let url = try Fixtures.url("not-an-image.txt")
            #expect(imageError { try ImageInfo.probe(url) }?.problem == .notAnImage("no decoder recognises the data"))
            let error = imageError { try ImageInfo.probe(bytes: Fixtures.bytes("truncated.jpg"), name: "upload") }
            guard case .truncated = error?.problem else {
                Issue.record("expected .truncated, got \(String(describing: error))")
                return
            }
            #expect(error?.description.hasPrefix("upload: ") == true)
        }
    }
}
