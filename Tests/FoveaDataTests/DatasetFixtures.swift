import Foundation
import FoveaImage
import Testing

/// The photos of scripts/fixtures/dataset.py and what imagehash and sha256sum said of them.
enum DatasetFixtures {
    struct Expected: Decodable {
        let phash: String
        let sha256: String
        let bytes: Int
        let width: Int
        let height: Int
    }

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(name)
    }

    static func expected() throws -> [String: Expected] {
        try JSONDecoder().decode([String: Expected].self, from: Data(contentsOf: url("expected.json")))
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: url(name)))
    }
}

/// A dataset folder made for one test, removed when the test is done with it.
final class TemporaryTree {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-dataset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Writes `bytes` at `path` (relative), creating folders.
    func write(_ path: String, bytes: [UInt8]) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Copies the fixture photo `name` to `path`.
    func copy(_ name: String, to path: String) throws {
        try write(path, bytes: DatasetFixtures.bytes(name))
    }

    /// Writes a PNG of `side` × `side` pixels, filled with a pattern that `seed` varies (distinct seeds give
    /// perceptually different images).
    func writePattern(_ path: String, seed: Int, side: Int = 48) throws {
        var pixels = [UInt8](repeating: 0, count: side * side * 3)
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        // Blocks of random colour: 6 × 6 cells, so the low frequencies differ from one seed to the next.
        var colours: [[UInt8]] = []
        for _ in 0..<36 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            colours.append([UInt8(truncatingIfNeeded: state), UInt8(truncatingIfNeeded: state >> 8), UInt8(truncatingIfNeeded: state >> 16)])
        }
        for y in 0..<side {
            for x in 0..<side {
                let colour = colours[(y * 6 / side) * 6 + x * 6 / side]
                for channel in 0..<3 { pixels[(y * side + x) * 3 + channel] = colour[channel] }
            }
        }
        let image = try #require(Image(width: side, height: side, channels: 3, pixels: pixels))
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try image.write(to: url)
    }
}
