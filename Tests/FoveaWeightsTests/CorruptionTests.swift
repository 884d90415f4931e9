import Foundation
import Testing

@testable import FoveaWeights

/// Every reader must turn damaged files into a `WeightsError` naming the file: never a crash, never silence.
@Suite struct CorruptionTests {
    private static let checkpoints = [
        "model_zip.pth", "model_legacy.pth", "views_zip.pth", "views_legacy.pth", "dtypes_zip.pth", "dtypes_legacy.pth",
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
        let url = directory.url.appendingPathComponent(file)
        for length in 0..<bytes.count {
            try Data(bytes[0..<length]).write(to: url)
            expectWeightsError(about: url) { try Self.read(url) }
        }
    }

    /// Zip entries carry CRCs, so a flipped byte either leaves every tensor exactly right or is an error.
    @Test(arguments: ["model_zip.pth", "views_zip.pth"])
    func flippedBytesInZipCheckpointsAreCaught(file: String) throws {
        let bytes = try Fixtures.bytes(file)
        let expected = try PyTorchCheckpoint.read(contentsOf: Fixtures.url(file))
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = directory.url.appendingPathComponent(file)
        for position in bytes.indices {
            var damaged = bytes
            damaged[position] ^= 0xFF
            try Data(damaged).write(to: url)
            do {
                let tensors = try PyTorchCheckpoint.read(contentsOf: url)
                #expect(tensors.map(\.name) == expected.map(\.name), "byte \(position)")
                #expect(tensors.map(\.record) == expected.map(\.record), "byte \(position)")
            } catch let error as WeightsError {
                #expect(error.file == url)
            }
        }
    }

    /// Legacy files have no checksums, so damage may go unnoticed in data, but never crashes the reader.
    @Test(arguments: ["model_legacy.pth", "views_legacy.pth", "dtypes_legacy.pth", "reference.safetensors"])
    func flippedBytesElsewhereNeverCrash(file: String) throws {
        let bytes = try Fixtures.bytes(file)
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = directory.url.appendingPathComponent(file)
        for position in bytes.indices {
            for flip: UInt8 in [0xFF, 0x01, 0x80] {
                var damaged = bytes
                damaged[position] ^= flip
                try Data(damaged).write(to: url)
                do {
                    try Self.read(url)
                } catch let error as WeightsError {
                    #expect(error.file == url)
                }
            }
        }
    }
}
