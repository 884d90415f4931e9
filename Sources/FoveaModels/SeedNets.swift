import FoveaNN
import FoveaTensor

/// The small networks of the seed reports, rebuilt layer for layer.
public enum SeedNets {
    /// BaseNet of the 002 report (the course's LeNet-style baseline): conv 5×5 (6) → ReLU → max-pool 2 →
    /// conv 5×5 (16) → ReLU → max-pool 2 → flatten → linear 50 → ReLU → linear `classes`.
    public static func baseNet(input: InputSpec, classes: Int) throws -> Sequential {
        let height = ((input.height - 4) / 2 - 4) / 2
        let width = ((input.width - 4) / 2 - 4) / 2
        guard height > 0, width > 0 else {
            throw TorchError("BaseNet needs images of at least 16×16 pixels, got \(input.height)×\(input.width)")
        }
        return Sequential(
            try Conv2d(inputChannels: input.channels, outputChannels: 6, kernelSize: 5), Activation.relu, MaxPool2d(kernelSize: 2),
            try Conv2d(inputChannels: 6, outputChannels: 16, kernelSize: 5), Activation.relu, MaxPool2d(kernelSize: 2),
            Flatten(),
            try Linear(inputFeatures: 16 * height * width, outputFeatures: 50), Activation.relu,
            try Linear(inputFeatures: 50, outputFeatures: classes))
    }

    public enum BatchNormPlacement: Sendable { case none, beforeActivation, afterActivation }

    /// The improved network of the 002 report (its layer table): two blocks of a "same" conv 3×3 and a "valid"
    /// conv 3×3, each followed by max-pool 2 and dropout 0.25, then linear 512 → ReLU → dropout 0.5 → linear.
    /// With batch norm, each convolution gets one, before or after its ReLU (both variants were compared).
    public static func improvedNet(input: InputSpec, classes: Int, batchNorm: BatchNormPlacement) throws -> Sequential {
        func convolution(_ inputs: Int, _ outputs: Int, same: Bool) throws -> [any Module] {
            let conv = try Conv2d(
                inputChannels: inputs, outputChannels: outputs, kernelSize: 3, padding: same ? 1 : 0,
                bias: batchNorm != .beforeActivation)
            switch batchNorm {
            case .none: return [conv, Activation.relu]
            case .beforeActivation: return [conv, try BatchNorm.twoD(features: outputs), Activation.relu]
            case .afterActivation: return [conv, Activation.relu, try BatchNorm.twoD(features: outputs)]
            }
        }
        let height = ((input.height - 2) / 2 - 2) / 2
        let width = ((input.width - 2) / 2 - 2) / 2
        guard height > 0, width > 0 else {
            throw TorchError("the improved net needs images of at least 12×12 pixels, got \(input.height)×\(input.width)")
        }
        var layers: [any Module] = []
        layers += try convolution(input.channels, 32, same: true)
        layers += try convolution(32, 32, same: false)
        layers += [MaxPool2d(kernelSize: 2), try Dropout(probability: 0.25)]
        layers += try convolution(32, 64, same: true)
        layers += try convolution(64, 64, same: false)
        layers += [MaxPool2d(kernelSize: 2), try Dropout(probability: 0.25), Flatten()]
        layers += [try Linear(inputFeatures: 64 * height * width, outputFeatures: 512), Activation.relu]
        layers += [try Dropout(probability: 0.5), try Linear(inputFeatures: 512, outputFeatures: classes)]
        return Sequential(layers)
    }
}
