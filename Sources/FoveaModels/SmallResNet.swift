import FoveaNN
import FoveaTensor

/// torchvision's `BasicBlock`: two 3×3 convolutions with batch norm and a shortcut (1×1 conv when the shape changes).
public final class BasicBlock: Module {
    let conv1: Conv2d, bn1: BatchNorm, conv2: Conv2d, bn2: BatchNorm
    let downsample: Sequential?

    public init(inputs: Int, outputs: Int, stride: Int) throws {
        conv1 = try Conv2d(inputChannels: inputs, outputChannels: outputs, kernelSize: 3, stride: stride, padding: 1, bias: false)
        bn1 = try BatchNorm.twoD(features: outputs)
        conv2 = try Conv2d(inputChannels: outputs, outputChannels: outputs, kernelSize: 3, padding: 1, bias: false)
        bn2 = try BatchNorm.twoD(features: outputs)
        downsample = stride != 1 || inputs != outputs
            ? Sequential(
                try Conv2d(inputChannels: inputs, outputChannels: outputs, kernelSize: 1, stride: stride, bias: false),
                try BatchNorm.twoD(features: outputs))
            : nil
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let residual = try bn2(conv2(bn1(conv1(input)).relu()))
        let shortcut = try downsample?(input) ?? input
        return try (residual + shortcut).relu()
    }

    public var children: [(name: String, module: any Module)] {
        [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2)] + (downsample.map { [("downsample", $0)] } ?? [])
    }
}

/// A ResNet for small images (CIFAR, Fashion-MNIST): a 3×3 stem and three stages of two basic blocks
/// (32, 64, 128 channels; the last two halve the resolution), global average pooling and a linear head.
/// Parameter names follow torchvision's ResNet (`conv1`, `bn1`, `layer1.0.conv1`, …, `fc`).
public final class SmallResNet: Module {
    let conv1: Conv2d, bn1: BatchNorm
    let layer1: Sequential, layer2: Sequential, layer3: Sequential
    let pool = AdaptiveAvgPool2d(outputSize: 1)
    let fc: Linear

    public init(input: InputSpec, classes: Int) throws {
        conv1 = try Conv2d(inputChannels: input.channels, outputChannels: 32, kernelSize: 3, padding: 1, bias: false)
        bn1 = try BatchNorm.twoD(features: 32)
        layer1 = Sequential(try BasicBlock(inputs: 32, outputs: 32, stride: 1), try BasicBlock(inputs: 32, outputs: 32, stride: 1))
        layer2 = Sequential(try BasicBlock(inputs: 32, outputs: 64, stride: 2), try BasicBlock(inputs: 64, outputs: 64, stride: 1))
        layer3 = Sequential(try BasicBlock(inputs: 64, outputs: 128, stride: 2), try BasicBlock(inputs: 128, outputs: 128, stride: 1))
        fc = try Linear(inputFeatures: 128, outputFeatures: classes)
        for (_, module) in namedModules {
            if let conv = module as? Conv2d { try Initialization.kaimingNormalFanOut(conv.weight) }
        }
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let stem = try bn1(conv1(input)).relu()
        let features = try layer3(layer2(layer1(stem)))
        return try fc(pool(features).flattened(from: 1))
    }

    public var children: [(name: String, module: any Module)] {
        [("conv1", conv1), ("bn1", bn1), ("layer1", layer1), ("layer2", layer2), ("layer3", layer3), ("fc", fc)]
    }
}
