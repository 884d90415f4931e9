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

        public init(label: String, probability: Double) {
            self.label = label
            self.probability = probability
        }
    }

    public init(run: RunFolder) throws {
        (model, configuration) = try run.loadModel()
    }

    /// The `k` most probable classes of each file, decoded as the run's training images were.
    public func predict(files: [URL], k: Int = 3) throws -> [Prediction] {
        let probabilities = try classify(configuration.images(of: files))
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
        try withNoGrad { try model(configuration.modelInput(images)).softmax(dim: 1) }
    }
}

extension RunConfiguration {
    /// Image files decoded as the run's training images were: uint8 (N, C, H, W).
    /// - Throws: `ImageError` naming the first file that cannot be decoded.
    public func images(of files: [URL]) throws -> Tensor {
        let pixels = try files.map { try ModelInput.pixels(of: $0, size: input.height, channels: input.channels) }
        return try Tensor(
            bytes: pixels.flatMap { $0 }, dtype: .uint8, shape: [files.count, input.channels, input.height, input.width])
    }

    /// uint8 images as the model takes them: float32 scaled to [0, 1] and normalised as in training.
    public func modelInput(_ images: Tensor) throws -> Tensor {
        try normalization.normalized(images.converted(to: .float32) / 255)
    }
}
