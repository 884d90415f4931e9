import FoveaNN
import FoveaTensor

/// torchvision's `Bottleneck` (ResNet v1.5): 1×1 convolution to `width` channels, 3×3 (grouped, strided)
/// convolution, 1×1 convolution to 4 × `planes` channels, each with batch norm, plus a shortcut (a strided 1×1
/// convolution and batch norm, `downsample`, when the shape changes).
public final class Bottleneck: Module {
    /// Output channels per unit of `planes`.
    public static let expansion = 4

    let conv1: Conv2d, bn1: BatchNorm, conv2: Conv2d, bn2: BatchNorm, conv3: Conv2d, bn3: BatchNorm
    let downsample: Sequential?

    /// - Parameters:
    ///   - groups, widthPerGroup: the 3×3 convolution has `groups` groups of `widthPerGroup × planes / 64`
    ///     channels (1 and 64 for ResNet; 32 and 4 for ResNeXt-50 32x4d; 1 and 128 for Wide ResNet-50-2).
    public init(inputs: Int, planes: Int, stride: Int, groups: Int, widthPerGroup: Int) throws {
        let width = planes * widthPerGroup / 64 * groups
        let outputs = planes * Bottleneck.expansion
        // torchvision builds the shortcut before the block.
        downsample = stride != 1 || inputs != outputs
            ? Sequential(
                try Conv2d(inputChannels: inputs, outputChannels: outputs, kernelSize: 1, stride: stride, bias: false),
                try BatchNorm.twoD(features: outputs))
            : nil
        conv1 = try Conv2d(inputChannels: inputs, outputChannels: width, kernelSize: 1, bias: false)
        bn1 = try BatchNorm.twoD(features: width)
        conv2 = try Conv2d(
            inputChannels: width, outputChannels: width, kernelSize: 3, stride: stride, padding: 1, groups: groups,
            bias: false)
        bn2 = try BatchNorm.twoD(features: width)
        conv3 = try Conv2d(inputChannels: width, outputChannels: outputs, kernelSize: 1, bias: false)
        bn3 = try BatchNorm.twoD(features: outputs)
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        let reduced = try bn2(conv2(bn1(conv1(input)).relu())).relu()
        let residual = try bn3(conv3(reduced))
        let shortcut = try downsample?(input) ?? input
        return try (residual + shortcut).relu()
    }

    public var children: [(name: String, module: any Module)] {
        [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2), ("conv3", conv3), ("bn3", bn3)]
            + (downsample.map { [("downsample", $0)] } ?? [])
    }
}

/// torchvision's `ResNet` (and its ResNeXt and Wide ResNet variants): a 7×7 stride-2 stem with max pooling, four
/// stages (`layer1`…`layer4`, 64 to 512 planes, the last three halving the resolution), global average pooling
/// and a linear head `fc`. Names and shapes match torchvision's `state_dict`, so its weights load by name.
public final class ResNet: BodyHeadNetwork {
    /// The depth and block type of a ResNet.
    public struct Configuration: Sendable {
        public enum Block: Sendable { case basic, bottleneck }

        public let block: Block
        /// Blocks per stage.
        public let blocks: [Int]
        public let groups: Int
        public let widthPerGroup: Int

        public init(block: Block, blocks: [Int], groups: Int = 1, widthPerGroup: Int = 64) {
            self.block = block
            self.blocks = blocks
            self.groups = groups
            self.widthPerGroup = widthPerGroup
        }

        public static let resnet18 = Configuration(block: .basic, blocks: [2, 2, 2, 2])
        public static let resnet34 = Configuration(block: .basic, blocks: [3, 4, 6, 3])
        public static let resnet50 = Configuration(block: .bottleneck, blocks: [3, 4, 6, 3])
        public static let resnet101 = Configuration(block: .bottleneck, blocks: [3, 4, 23, 3])
        public static let resnet152 = Configuration(block: .bottleneck, blocks: [3, 8, 36, 3])
        public static let resnext50_32x4d = Configuration(block: .bottleneck, blocks: [3, 4, 6, 3], groups: 32, widthPerGroup: 4)
        public static let resnext101_32x8d = Configuration(block: .bottleneck, blocks: [3, 4, 23, 3], groups: 32, widthPerGroup: 8)
        public static let wideResnet50_2 = Configuration(block: .bottleneck, blocks: [3, 4, 6, 3], widthPerGroup: 128)

        /// The width of the last stage's output, the head's input.
        public var featureCount: Int { block == .basic ? 512 : 512 * Bottleneck.expansion }
    }

    let conv1: Conv2d, bn1: BatchNorm
    let maxPool = MaxPool2d(kernelSize: 3, stride: 2, padding: 1)
    let layer1: Sequential, layer2: Sequential, layer3: Sequential, layer4: Sequential
    let pool = AdaptiveAvgPool2d(outputSize: 1)
    let fc: Linear
    public let featureCount: Int

    /// A freshly initialised network as torchvision initialises it (for any channel count; ImageNet weights
    /// need 3).
    public init(_ configuration: Configuration, input: InputSpec, classes: Int) throws {
        try TorchvisionLayers.checkClasses(classes, "ResNet")
        guard configuration.blocks.count == 4, configuration.blocks.allSatisfy({ $0 > 0 }) else {
            throw TorchError("a ResNet has four stages of at least one block, got \(configuration.blocks)")
        }
        conv1 = try Conv2d(
            inputChannels: input.channels, outputChannels: 64, kernelSize: 7, stride: 2, padding: 3, bias: false)
        bn1 = try BatchNorm.twoD(features: 64)
        var channels = 64
        func stage(planes: Int, blocks: Int, stride: Int) throws -> Sequential {
            var stage: [any Module] = []
            for index in 0..<blocks {
                let blockStride = index == 0 ? stride : 1
                switch configuration.block {
                case .basic:
                    stage.append(try BasicBlock(inputs: channels, outputs: planes, stride: blockStride))
                    channels = planes
                case .bottleneck:
                    stage.append(try Bottleneck(
                        inputs: channels, planes: planes, stride: blockStride, groups: configuration.groups,
                        widthPerGroup: configuration.widthPerGroup))
                    channels = planes * Bottleneck.expansion
                }
            }
            return Sequential(stage)
        }
        layer1 = try stage(planes: 64, blocks: configuration.blocks[0], stride: 1)
        layer2 = try stage(planes: 128, blocks: configuration.blocks[1], stride: 2)
        layer3 = try stage(planes: 256, blocks: configuration.blocks[2], stride: 2)
        layer4 = try stage(planes: 512, blocks: configuration.blocks[3], stride: 2)
        featureCount = channels
        fc = try Linear(inputFeatures: channels, outputFeatures: classes)
        try TorchvisionLayers.initialize(self, linear: .pytorchDefault)
    }

    public func features(_ input: Tensor) throws -> Tensor {
        try pool(featureMap(input)).flattened(from: 1)
    }

    public var head: any Module { fc }

    public func forward(_ input: Tensor) throws -> Tensor { try fc(features(input)) }

    public var children: [(name: String, module: any Module)] {
        [("conv1", conv1), ("bn1", bn1), ("layer1", layer1), ("layer2", layer2), ("layer3", layer3),
         ("layer4", layer4), ("fc", fc)]
    }

    /// The stem with `layer1` and `layer2` (output stride up to 8), `layer3` with `layer4`, and `fc`.
    public static let parameterGroups = [["conv1", "bn1", "layer1", "layer2"], ["layer3", "layer4"], ["fc"]]
}
