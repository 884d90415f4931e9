import Foundation
import FoveaData
import FoveaImage
import FoveaModels
import FoveaServer
import FoveaTensor
import FoveaTraining
import HummingbirdTesting
import Testing

/// A basenet trained for one epoch on a tiny generated tree (dark against light 20×20 images, 16×16 input), shared
/// by the suite: training takes a few seconds, once.
enum TinyRun {
    static let trained = Result { try train() }

    static var url: URL {
        get throws { try trained.get() }
    }

    private static func train() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-serve-\(UUID().uuidString)")
        var generator = SplitMix64(seed: 1)
        for (name, range) in [("dark", UInt8(0)...UInt8(60)), ("light", UInt8(190)...UInt8(255))] {
            let folder = root.appendingPathComponent("data/\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<16 {
                let pixels = (0..<(20 * 20 * 3)).map { _ in UInt8.random(in: range, using: &generator) }
                guard let image = Image(width: 20, height: 20, channels: 3, pixels: pixels) else {
                    throw ServerTestError("cannot make a 20×20 test image")
                }
                try image.write(to: folder.appendingPathComponent("\(index).png"))
            }
        }
        let configuration = RunConfiguration(
            architecture: "basenet", data: root.appendingPathComponent("data").path,
            input: InputSpec(channels: 3, height: 16, width: 16), classes: [], epochs: 1, batchSize: 8,
            learningRate: 3e-3, optimizer: "adam", schedule: "onecycle", weightDecay: 0, labelSmoothing: 0,
            validationFraction: 0.15, seed: 0, normalization: Normalization(mean: [], std: []), augmentation: .none)
        let run = root.appendingPathComponent("run")
        var job = TrainingJob(configuration: configuration, output: run, progress: .silent)
        job.registryFile = nil
        _ = try job.run { _ in }
        return run
    }

    /// An image of the tree.
    static func image(_ name: String, _ index: Int) throws -> URL {
        try url.deletingLastPathComponent().appendingPathComponent("data/\(name)/\(index).png")
    }
}

struct ServerTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The image fixtures of FoveaImageTests (written by scripts/fixtures/images.py), read from the source tree.
func imageFixture(_ name: String) throws -> Data {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FoveaImageTests/Fixtures")
    return try Data(contentsOf: folder.appendingPathComponent(name))
}

/// The answer of `POST /v1/predict`, or the error body.
struct PredictReply: Decodable {
    var labels: [Predictor.Label]?
    var model: String?
    var error: String?
    var detail: String?
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(type, from: Data(body.readableBytesView))
    }
}

/// Checks that two label lists name the same classes in the same order with the same probabilities.
func expectSameLabels(
    _ actual: [Predictor.Label]?, _ expected: [Predictor.Label], tolerance: Double = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("no labels in the answer", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.map(\.label) == expected.map(\.label), sourceLocation: sourceLocation)
    for (mine, theirs) in zip(actual, expected) {
        #expect(abs(mine.probability - theirs.probability) <= tolerance, "\(mine) vs \(theirs)", sourceLocation: sourceLocation)
    }
}
