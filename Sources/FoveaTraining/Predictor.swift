import Foundation
import FoveaData
import FoveaNN
import FoveaTensor

/// Classifies image files with a trained run.
public final class Predictor {
    public let model: any Module
    public let configuration: RunConfiguration

    public struct Prediction: Codable, Sendable {
        public var file: String
        public var labels: [Label]
    }

    public struct Label: Codable, Sendable {
        public var label: String
        public var probability: Double
    }

    public init(run: RunFolder) throws {
        (model, configuration) = try run.loadModel()
    }

    /// The `k` most probable classes of each file, decoded as the run's training images were.
    public func predict(files: [URL], k: Int = 3) throws -> [Prediction] {
        let input = configuration.input
        let pixels = try files.map { try ModelInput.pixels(of: $0, size: input.height, channels: input.channels) }
        let batch = try Tensor(bytes: pixels.flatMap { $0 }, dtype: .uint8, shape: [files.count, input.channels, input.height, input.width])
        let probabilities = try classify(batch)
        return try files.enumerated().map { index, file in
            let row = try probabilities[index]
            let top = try row.topK(Swift.min(k, configuration.classes.count))
            let values = try top.values.toArray(Float.self)
            let indices = try top.indices.toArray(Int64.self)
            return Prediction(
                file: file.path,
                labels: zip(indices, values).map { Label(label: configuration.classes[Int($0)], probability: Double($1)) })
        }
    }

    /// Class probabilities (N, classes) of uint8 NCHW images.
    public func classify(_ images: Tensor) throws -> Tensor {
        try withNoGrad {
            let input = try configuration.normalization.normalized(images.converted(to: .float32) / 255)
            return try model(input).softmax(dim: 1)
        }
    }
}
