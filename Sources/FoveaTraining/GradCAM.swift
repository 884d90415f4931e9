import FoveaNN
import FoveaTensor

/// Grad-CAM (Selvaraju et al., 2017): where in an image a network found its evidence for a class.
///
/// For a layer's activation A (N, K, h, w) and a class c per image, the weight of channel k is the spatial mean of
/// ∂logit_c/∂A_k, and the coarse map is ReLU(Σ_k w_k A_k): the places whose features push the class's score up.
/// ``Result/maps(height:width:)`` upsamples it bilinearly (as `F.interpolate(…, align_corners=False)`) and scales
/// each image's map to [0, 1].
///
/// ```swift
/// let cam = try GradCAM(model: model)                       // the last feature map larger than 1×1
/// let result = try cam.explain(normalizedImages)           // the predicted classes
/// let heat = try result.maps()                             // (N, H, W) in [0, 1]
/// ```
public struct GradCAM {
    public let model: any Module
    /// The layer chosen by name, or nil for the last feature map (``LayerTap/lastFeatureMap(of:on:)``).
    public let layer: LayerTap?

    /// - Parameter layer: a dotted `state_dict` path (`layer4`, `features.10`); nil for the last feature map.
    /// - Throws: `ModuleLookupError` listing the layers when `model` has none named `layer`.
    public init(model: any Module, layer: String? = nil) throws {
        self.model = model
        self.layer = try layer.map { try LayerTap($0, in: model) }
    }

    /// What Grad-CAM found for a batch.
    public struct Result: @unchecked Sendable {
        /// The layer that was differentiated.
        public let layer: String
        /// The explained class of each image.
        public let classes: [Int]
        /// float32 (N, classes): the model's output.
        public let logits: Tensor
        /// float32 (N, h, w), non-negative: ReLU(Σ_k w_k A_k) at the layer's resolution.
        public let coarse: Tensor
        /// The input's height and width.
        public let inputSize: (height: Int, width: Int)

        /// The maps upsampled bilinearly to `height` × `width` (default: the input's size) and scaled per image to
        /// [0, 1] by (map − min) / (max − min); a map without variation (max − min ≤ 10⁻⁶ · max) is all zeros.
        public func maps(height: Int? = nil, width: Int? = nil) throws -> Tensor {
            let size = [height ?? inputSize.height, width ?? inputSize.width]
            let maps = try coarse.unsqueezed(dim: 1).interpolate(size: size, mode: .bilinear(alignCorners: false))
                .squeezed(dim: 1)
            let low = try Tensor.call1("aten::amin", [.tensor(maps), .ints([1, 2]), .bool(true)])
            let high = try Tensor.call1("aten::amax", [.tensor(maps), .ints([1, 2]), .bool(true)])
            let span = try high - low
            let scaled = try (maps - low) / span.clamped(min: 1e-30)
            return try Tensor.select(span.greater(high * 1e-6), scaled, Tensor.zeros([1, 1, 1]))
        }
    }

    /// Grad-CAM of normalised images (N, C, H, W) in evaluation mode, for `classes` (one per image) or the
    /// predicted ones. The images are independent: the gradient of the sum of their class logits gives each its own.
    /// - Throws: ``RunError`` for a class count or index that does not fit, or a layer whose output is not a
    ///   (N, C, h, w) feature map.
    public func explain(_ images: Tensor, classes: [Int]? = nil) throws -> Result {
        guard images.rank == 4 else { throw RunError("Grad-CAM takes images (N, C, H, W), got shape \(images.shape)") }
        model.setTraining(false)
        return try withGradEnabled(true) {
            // A leaf that records gradients, so that the activation is in the graph even with frozen weights.
            let input = try images.detached().converted(to: .float32).requiringGrad()
            let (name, activation, logits) = try run(on: input)
            guard activation.rank == 4 else {
                throw RunError("layer '\(name)' gives shape \(activation.shape), not a feature map (N, C, h, w)")
            }
            let explained = try classes ?? logits.argmax(dim: 1).toArray(Int64.self).map { Int($0) }
            let classCount = logits.shape[1]
            guard explained.count == images.shape[0] else {
                throw RunError("\(explained.count) classes to explain for \(images.shape[0]) images")
            }
            if let wrong = explained.first(where: { !(0..<classCount).contains($0) }) {
                throw RunError("class \(wrong) is not among the model's \(classCount) classes")
            }
            let index = try Tensor(explained.map(Int64.init)).unsqueezed(dim: 1)
            let score = try logits.gather(dim: 1, index: index).sum()
            let gradient = try score.gradient(withRespectTo: activation)
            let weights = try gradient.mean(dims: [2, 3], keepDims: true)
            let coarse = try (weights * activation).sum(dims: [1]).relu().detached()
            return Result(
                layer: name, classes: explained, logits: try logits.detached(), coarse: coarse,
                inputSize: (images.shape[2], images.shape[3]))
        }
    }

    private func run(on input: Tensor) throws -> (name: String, activation: Tensor, logits: Tensor) {
        if let layer {
            let (activation, logits) = try layer.run(model, on: input)
            return (layer.name, activation, logits)
        }
        let (tap, activation, logits) = try LayerTap.lastFeatureMap(of: model, on: input)
        return (tap.name, activation, logits)
    }
}
