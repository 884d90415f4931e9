import Foundation
import FoveaData
import FoveaImage
import FoveaTensor
import Testing

/// Image trees made on the fly: PNG files written by libvips, plus the kinds of junk real folders hold.
@Suite struct ImageFolderTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-folder-\(UUID().uuidString)")

    /// Writes a `side`×`side` RGB image filled with one gray level.
    func writeImage(_ path: String, level: UInt8, side: Int = 12) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let image = try #require(Image(width: side, height: side, channels: 3, pixels: Array(repeating: level, count: side * side * 3)))
        try image.write(to: url)
    }

    func write(_ path: String, bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    @Test func loadsAndSplitsAClassTree() throws {
        for index in 0..<20 {
            try writeImage("dark/\(index).png", level: UInt8(index))
            try writeImage("light/\(index).png", level: UInt8(200 + index))
        }
        try write("dark/notes.txt", bytes: Array("not an image".utf8))
        try write("light/broken.png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0])
        var messages: [String] = []
        let splits = try DataSplits.load(root, size: 8, validationFraction: 0.15, seed: 0) { messages.append($0) }
        #expect(splits.classes == ["dark", "light"])
        let total = splits.train.count + (splits.validation?.count ?? 0) + (splits.test?.count ?? 0)
        #expect(total == 40)
        #expect(splits.train.images.shape.suffix(3) == [3, 8, 8])
        #expect(try splits.test?.classCounts() == [3, 3])
        #expect(messages.contains { $0.contains("non-image") && $0.contains("notes.txt") })
        #expect(messages.contains { $0.contains("broken.png") })
        // A flat gray image stays flat when shrunk: every pixel of a dark image is below 20.
        let darkIndex = try #require(try splits.train.labels.toArray(Int64.self).firstIndex(of: 0))
        #expect(try splits.train.images[darkIndex].toArray(UInt8.self).allSatisfy { $0 < 20 })
    }

    @Test func usesExistingSplitFolders() throws {
        for part in ["train", "val", "test"] {
            for index in 0..<3 {
                try writeImage("\(part)/cat/\(index).png", level: 10)
                try writeImage("\(part)/dog/\(index).png", level: 240)
            }
        }
        let splits = try DataSplits.load(root, size: 8, channels: 1, validationFraction: 0.2, seed: 0)
        #expect(splits.train.count == 6 && splits.validation?.count == 6 && splits.test?.count == 6)
        #expect(splits.train.channels == 1)
    }

    @Test func emptyFolderAndEmptyClassAreClearErrors() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let empty = #expect(throws: DatasetError.self) { try DataSplits.load(root, size: 8, validationFraction: 0.1, seed: 0) }
        #expect("\(empty!)".contains("no class folders"))

        try writeImage("cat/0.png", level: 1)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("dog"), withIntermediateDirectories: true)
        let noImages = #expect(throws: DatasetError.self) { try DataSplits.load(root, size: 8, validationFraction: 0.1, seed: 0) }
        #expect("\(noImages!)".contains("'dog' has no images"))

        let missing = #expect(throws: DatasetError.self) {
            try DataSplits.load(root.appendingPathComponent("nowhere"), size: 8, validationFraction: 0.1, seed: 0)
        }
        #expect("\(missing!)".contains("nowhere"))
    }
}
