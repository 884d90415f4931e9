import ArgumentParser
import Foundation
import FoveaImage
import FoveaTensor
import FoveaTraining
@testable import fovea
import Testing

@Suite struct EmbedCommandTests {
    @Test func embedsTheTestPartAndEvaluatesRetrieval() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-embed-\(UUID().uuidString)")
        for (name, level) in [("dark", UInt8(20)), ("light", UInt8(230))] {
            let folder = root.appendingPathComponent("data/\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<14 {
                let pixels = [UInt8](repeating: level &+ UInt8(index), count: 16 * 16 * 3)
                try #require(Image(width: 16, height: 16, channels: 3, pixels: pixels))
                    .write(to: folder.appendingPathComponent("\(index).png"))
            }
        }
        let run = root.appendingPathComponent("run")
        try Train.parse([
            root.appendingPathComponent("data").path, "--arch", "basenet", "--size", "16", "--epochs", "1",
            "--batch-size", "8", "--out", run.path, "--json",
        ]).run()

        let file = root.appendingPathComponent("embeddings.safetensors")
        try Embed.parse([run.path, "--split", "all", "--out", file.path]).run()
        let embeddings = try Embeddings.load(from: file)
        // BaseNet's penultimate layer is its 50-unit ReLU; every one of the 28 images is embedded once.
        #expect(embeddings.features.shape == [28, 50])
        #expect(embeddings.classes == ["dark", "light"])
        #expect(embeddings.labels.sorted() == Array(repeating: 0, count: 14) + Array(repeating: 1, count: 14))
        #expect(Set(embeddings.sources).count == 28)
        #expect(try embeddings.features.min().scalar(Float.self) >= 0)

        // The saved features are the model's own: recompute one image's directly.
        let (model, configuration) = try RunFolder.open(run).loadModel()
        let index = try #require(embeddings.sources.firstIndex { $0.hasSuffix("light/3.png") })
        let image = URL(fileURLWithPath: embeddings.sources[index])
        let pixels = try configuration.modelInput(configuration.images(of: [image]))
        let extract = try Embeddings.penultimate(of: model)
        let direct = try withNoGrad { try extract(pixels) }
        #expect(try direct.flattened().allClose(embeddings.features[index], rtol: 1e-5, atol: 1e-6))

        try EvaluateRetrieval.parse([file.path, "-k", "1,3", "--json"]).run()
        #expect(throws: (any Error).self) { try EvaluateRetrieval.parse([file.path, "--metric", "manhattan"]) }
        #expect(throws: (any Error).self) { try EvaluateRetrieval.parse([root.appendingPathComponent("nope").path]).run() }
    }
}
