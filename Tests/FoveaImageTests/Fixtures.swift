import Foundation
import Testing

@testable import FoveaImage

/// The committed fixtures and what PIL decodes from them
/// (written by scripts/fixtures/images.py).
enum Fixtures {
    /// The folder holding the fixture files.
    static func folder() throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    }

    static func url(_ name: String) throws -> URL {
        try folder().appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: url(name)))
    }

    /// PIL's pixels for a key of expected.json, such as "photo.png rgb".
    static func expected(_ key: String) throws -> Image {
        let data = try Data(contentsOf: url("expected.json"))
        let records = try JSONDecoder().decode([String: Record].self, from: data)
        let record = try #require(records[key], "no expected pixels for \(key)")
        let pixels = try #require(Data(base64Encoded: record.pixels))
        return try #require(
            Image(width: record.width, height: record.height, channels: record.channels, pixels: [UInt8](pixels)))
    }

    private struct Record: Decodable {
        let width: Int
        let height: Int
        let channels: Int
        let pixels: String
    }
}

/// How far apart two images of the same shape are, sample by sample.
struct Difference: CustomStringConvertible {
    let largest: Int
    let mean: Double

    init(_ actual: Image, _ expected: Image) {
        precondition(actual.pixels.count == expected.pixels.count)
        var largest = 0
        var total = 0
        for (left, right) in zip(actual.pixels, expected.pixels) {
            let distance = abs(Int(left) - Int(right))
            largest = max(largest, distance)
            total += distance
        }
        self.largest = largest
        mean = Double(total) / Double(max(1, actual.pixels.count))
    }

    var description: String { "largest \(largest), mean \(mean)" }
}

/// Expects `actual` to have `expected`'s shape and samples within `largest`
/// (each) and `mean` (on average).
func expectClose(
    _ actual: Image, _ expected: Image, largest: Int, mean: Double, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.width == expected.width, sourceLocation: sourceLocation)
    #expect(actual.height == expected.height, sourceLocation: sourceLocation)
    #expect(actual.channels == expected.channels, sourceLocation: sourceLocation)
    guard actual.pixels.count == expected.pixels.count else { return }
    let difference = Difference(actual, expected)
    #expect(difference.largest <= largest, "\(difference)", sourceLocation: sourceLocation)
    #expect(difference.mean <= mean, "\(difference)", sourceLocation: sourceLocation)
}

/// The `ImageError` that `body` throws, failing the test if it throws none or another type.
func imageError(_ body: () throws -> Any, sourceLocation: SourceLocation = #_sourceLocation) -> ImageError? {
    do {
        _ = try body()
        Issue.record("expected an ImageError, got a result", sourceLocation: sourceLocation)
    } catch let error as ImageError {
        return error
    } catch {
        Issue.record("expected an ImageError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
