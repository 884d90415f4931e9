import Foundation
import FoveaData
import FoveaImage
import FoveaTensor

/// Grad-CAM overlays of image files with a trained run: what `fovea explain` draws.
public final class Explainer {
    public let configuration: RunConfiguration
    public let gradCAM: GradCAM

    /// - Parameter layer: the layer to explain by its `state_dict` path; nil for the last feature map.
    /// - Throws: `ModuleLookupError` listing the layers when the model has none named `layer`.
    public init(run: RunFolder, layer: String? = nil) throws {
        let (model, configuration) = try run.loadModel()
        self.configuration = configuration
        gradCAM = try GradCAM(model: model, layer: layer)
    }

    public struct Explanation: Sendable {
        public let file: URL
        /// The most probable class and its probability.
        public let predicted: String
        public let probability: Double
        /// The class the map explains.
        public let explained: String
        public let layer: String
        /// The image, cropped as the model saw it, with the map drawn over it in ``ColorMap/cubehelix(_:)``.
        public let overlay: Image
    }

    /// The index of the class named `name`.
    /// - Throws: ``RunError`` listing the run's classes.
    public func classIndex(named name: String) throws -> Int {
        guard let index = configuration.classes.firstIndex(of: name) else {
            throw RunError("no class named '\(name)'; the classes are: \(configuration.classes.joined(separator: ", "))")
        }
        return index
    }

    /// Grad-CAM of one file for class `classIndex` (default: the predicted class), drawn over the image.
    ///
    /// - Parameter displaySize: the overlay's side (default: the model's input size, at least 224): the file is
    ///   decoded again at that size with the model input's crop, and the map is upsampled to it.
    /// - Throws: `ImageError` naming the file when it cannot be decoded.
    public func explain(file: URL, classIndex: Int? = nil, displaySize: Int? = nil) throws -> Explanation {
        let result = try gradCAM.explain(
            configuration.modelInput(configuration.images(of: [file])), classes: classIndex.map { [$0] })
        guard result.logits.shape[1] == configuration.classes.count else {
            throw RunError(
                "the model gives \(result.logits.shape[1]) scores for the run's \(configuration.classes.count) classes")
        }
        let side = displaySize ?? max(configuration.input.height, 224)
        let image = try Image.decode(contentsOf: file, options: DecodeOptions(size: .coverCrop(side), colorMode: .rgb))
        let heat = try result.maps(height: image.height, width: image.width).toArray(Float.self)
        let probabilities = try result.logits.softmax(dim: 1).toArray(Float.self)
        let predicted = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
        return Explanation(
            file: file, predicted: configuration.classes[predicted], probability: Double(probabilities[predicted]),
            explained: configuration.classes[result.classes[0]], layer: result.layer,
            overlay: try image.overlaid(heat: heat))
    }
}
