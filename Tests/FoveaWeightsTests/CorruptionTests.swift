import Foundation
import Testing

@testable import FoveaWeights

/// Every reader must turn damaged files into a `WeightsError` naming the file: never a crash, never silence.
@Suite struct CorruptionTests {
    private static let checkpoints = [
        "model_zip.pth", "model_legacy.pth", "views_zip.pth", "views_legacy.pth", "dtypes_zip.pth", "dtypes_legacy.pth",
        "model_zip64.pth", "model_deflated.pth",
    ]

    private static func read(_ url: URL) throws {
        if url.pathExtension == "safetensors" {
            _ = try SafeTensors.read(contentsOf: url)
        } else {
            _ = try PyTorchCheckpoint.read(contentsOf: url)
        }
    }

    @Test(arguments: checkpoints + ["reference.safetensors"])
    func truncationAtEveryByteIsAnError(file: String) throws {
        let bytes = try Fixtures.bytes(file)
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        for length in 0..<bytes.count {
            let url = try directory.file("\(length)-\(file)", contents: Array(bytes[0..<length]))
            expectWeightsError(about: url) { try Self.read(url) }
            try FileManager.default.removeItem(at: url)
        }
    }

    /// Zip entries carry CRCs, so a flipped byte either leaves every tensor exactly right or is an error.
    @Test(arguments: ["model_zip.pth", "views_zip.pth", "model_zip64.pth", "model_deflated.pth"])
    func flippedBytesInZipCheckpointsAreCaught(file: String) throws {
        let bytes = try Fixtures.bytes(file)
        let expected = try PyTorchCheckpoint.read(contentsOf: Fixtures.url(file))
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        for position in bytes.indices {
            var damaged = bytes
            damaged[position] ^= 0xFF
            let url = try directory.file("\(position)-\(file)", contents: damaged)
            defer { try? FileManager.default.removeItem(at: url) }
            do {
                let tensors = try PyTorchCheckpoint.read(contentsOf: url)
                #expect(tensors.map(\.name) == expected.map(\.name), "byte \(position)")
                #expect(tensors.map(\.record) == expected.map(\.record), "byte \(position)")
            } catch let error as WeightsError {
                #expect(error.file == url)
            }
        }
    }

    /// 64-bit sizes and offsets must be checked before any arithmetic or conversion uses them.
    @Test func hostileZIP64ValuesAreRefused() throws {
        let bytes = try Fixtures.bytes("model_zip64.pth")
        // Every 8-byte value in the ZIP64 extra fields (ID 1; 16 or 24 bytes) and those of the ZIP64 end record a reader uses.
        var positions: [Int] = []
        for start in 0..<(bytes.count - 4) where bytes[start] == 1 && bytes[start + 1] == 0 && bytes[start + 3] == 0 {
            if bytes[start + 2] == 24 { positions += [start + 4, start + 12, start + 20] }
            if bytes[start + 2] == 16 { positions += [start + 4, start + 12] }
        }
        let record = try #require((0..<(bytes.count - 4)).first { bytes[$0..<$0 + 4] == [0x50, 0x4B, 0x06, 0x06] })
        positions += [record + 32, record + 40, record + 48]  // entry count, directory size, directory offset
        #expect(positions.count == 2 + 3 * 10 + 3)
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        for position in positions {
            for value: UInt64 in [.max, 1 << 63, 1 << 62, UInt64(bytes.count) + 1] {
                var damaged = bytes
                damaged.replaceSubrange(position..<position + 8, with: Pickle.littleEndian(value))
                let url = try directory.file("\(position)-\(value).pth", contents: damaged)
                expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
            }
        }
    }

    /// Legacy files have no checksums, so damage may go unnoticed in data, but never crashes the reader.
    @Test(arguments: ["model_legacy.pth", "views_legacy.pth", "dtypes_legacy.pth", "reference.safetensors"])
    func flippedBytesElsewhereNeverCrash(file: String) throws {
        let bytes = try Fixtures.bytes(file)
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        for position in bytes.indices {
            for flip: UInt8 in [0xFF, 0x01, 0x80] {
                var damaged = bytes
                damaged[position] ^= flip
                let url = try directory.file("\(position)-\(flip)-\(file)", contents: damaged)
                defer { try? FileManager.default.removeItem(at: url) }
                do {
                    try Self.read(url)
                } catch let error as WeightsError {
                    #expect(error.file == url)
                }
            }
        }
    }
}
