import FoveaNN
import FoveaTensor

/// What the torchvision families share: their convolution–norm–activation unit, channel rounding, weight
/// initialisation and the rule that splits them into parameter groups.
enum TorchvisionLayers {
    /// torchvision's `Conv2dNormActivation`: a bias-free k×k convolution padded by (k − 1) / 2, batch norm and an
    /// optional activation, as `Sequential` children "0", "1" and "2".
    static func convNormActivation(
        _ inputs: Int, _ outputs: Int, kernelSize: Int = 3, stride: Int = 1, groups: Int = 1,
        activation: Activation.Kind?, batchNormEpsilon: Double = 1e-5, batchNormMomentum: Double = 0.1
    ) throws -> Sequential {
        var layers: [any Module] = [
            try Conv2d(
                inputChannels: inputs, outputChannels: outputs, kernelSize: kernelSize, stride: stride,
                padding: (kernelSize - 1) / 2, groups: groups, bias: false),
            try BatchNorm.twoD(features: outputs, epsilon: batchNormEpsilon, momentum: batchNormMomentum),
        ]
        if let activation { layers.append(Activation(activation)) }
        return Sequential(layers)
    }

    /// torchvision's `_make_divisible`: `value` rounded to the nearest multiple of `divisor` (at least `divisor`),
    /// rounded up once more when that loses over 10 %.
    static func makeDivisible(_ value: Double, by divisor: Int = 8) -> Int {
        let rounded = Swift.max(divisor, Int(value + Double(divisor) / 2) / divisor * divisor)
        return Double(rounded) < 0.9 * value ? rounded + divisor : rounded
    }

    /// How a family initialises its linear layers.
    enum LinearInitialization {
        /// Keep `nn.Linear`'s default (ResNets).
        case pytorchDefault
        /// N(0, std²) weights and zero biases (VGG, MobileNets).
        case normal(std: Double)
        /// U(−1/√outputs, 1/√outputs) weights and zero biases (EfficientNet).
        case uniformByOutputs
    }

    /// torchvision's initialisation, visiting modules in `modules()` order: convolution weights from
    /// `kaiming_normal_(mode='fan_out')` with zero biases, batch norms at weight 1 and bias 0, linear layers by
    /// `linear`. Built right after the same seed, a network then holds the same initial weights as torchvision's.
    static func initialize(_ model: any Module, linear: LinearInitialization) throws {
        try withNoGrad {
            for (_, module) in model.namedModules {
                if let conv = module as? Conv2d {
                    try Initialization.kaimingNormalFanOut(conv.weight)
                    try conv.bias?.zero_()
                } else if let batchNorm = module as? BatchNorm {
                    try batchNorm.weight?.fill_(1)
                    try batchNorm.bias?.zero_()
                } else if let layer = module as? Linear {
                    try initialize(layer, linear)
                }
            }
        }
    }

    private static func initialize(_ layer: Linear, _ rule: LinearInitialization) throws {
        switch rule {
        case .pytorchDefault:
            return
        case .normal(let std):
            try layer.weight.normal_(mean: 0, std: std)
        case .uniformByOutputs:
            let bound = 1 / Double(layer.weight.shape[0]).squareRoot()
            try layer.weight.uniform_(from: -bound, to: bound)
        }
        try layer.bias?.zero_()
    }

    /// The parameter groups of a network whose body is the `Sequential` `bodyPrefix` (e.g. "features"):
    /// the body's children up to the last one whose output stride is at most 8, the remaining children, and the
    /// head.
    ///
    /// - Parameter strides: each body child's stride (2 where it halves the resolution, else 1), in order.
    static func parameterGroups(bodyPrefix: String, strides: [Int], headPrefix: String) -> [[String]] {
        var outputStride = 1
        var early: [String] = []
        var late: [String] = []
        for (index, stride) in strides.enumerated() {
            outputStride *= stride
            if outputStride <= 8 {
                early.append("\(bodyPrefix).\(index)")
            } else {
                late.append("\(bodyPrefix).\(index)")
            }
        }
        return [early, late, [headPrefix]]
    }

    /// Refuses a class count below 1.
    static func checkClasses(_ classes: Int, _ architecture: String) throws {
        guard classes > 0 else { throw TorchError("\(architecture) needs at least one class, got \(classes)") }
    }
}
