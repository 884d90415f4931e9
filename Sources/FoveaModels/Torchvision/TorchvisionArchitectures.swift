import FoveaNN

/// torchvision's ImageNet classifiers under torchvision's names, with ImageNet normalisation, 224-pixel inputs,
/// their body/head split and three parameter groups.
enum TorchvisionArchitectures {
    static let all: [Architecture] = resNets + vggs + mobileNets + [efficientNetB0]

    private static let resNets: [Architecture] = [
        resNet("resnet18", .resnet18, "ResNet-18: basic blocks 2-2-2-2, 11.7M parameters"),
        resNet("resnet34", .resnet34, "ResNet-34: basic blocks 3-4-6-3, 21.8M parameters"),
        resNet("resnet50", .resnet50, "ResNet-50: bottleneck blocks 3-4-6-3, 25.6M parameters"),
        resNet("resnet101", .resnet101, "ResNet-101: bottleneck blocks 3-4-23-3, 44.5M parameters"),
        resNet("resnet152", .resnet152, "ResNet-152: bottleneck blocks 3-8-36-3, 60.2M parameters"),
        resNet("resnext50_32x4d", .resnext50_32x4d, "ResNeXt-50 32x4d: 32 groups of 4 channels, 25.0M parameters"),
        resNet("resnext101_32x8d", .resnext101_32x8d, "ResNeXt-101 32x8d: 32 groups of 8 channels, 88.8M parameters"),
        resNet("wide_resnet50_2", .wideResnet50_2, "Wide ResNet-50-2: ResNet-50 with twice the inner width, 68.9M parameters"),
    ]

    private static let vggs: [Architecture] = [
        vgg("vgg11", VGG.vgg11, batchNorm: false, "VGG-11 (configuration A), 132.9M parameters"),
        vgg("vgg11_bn", VGG.vgg11, batchNorm: true, "VGG-11 with batch norm, 132.9M parameters"),
        vgg("vgg13", VGG.vgg13, batchNorm: false, "VGG-13 (configuration B), 133.0M parameters"),
        vgg("vgg13_bn", VGG.vgg13, batchNorm: true, "VGG-13 with batch norm, 133.1M parameters"),
        vgg("vgg16", VGG.vgg16, batchNorm: false, "VGG-16 (configuration D), 138.4M parameters"),
        vgg("vgg16_bn", VGG.vgg16, batchNorm: true, "VGG-16 with batch norm, 138.4M parameters"),
        vgg("vgg19", VGG.vgg19, batchNorm: false, "VGG-19 (configuration E), 143.7M parameters"),
        vgg("vgg19_bn", VGG.vgg19, batchNorm: true, "VGG-19 with batch norm, 143.7M parameters"),
    ]

    private static let mobileNets: [Architecture] = [
        Architecture(
            name: "mobilenet_v2", summary: "MobileNetV2: 17 inverted residual blocks (ReLU6), 3.5M parameters",
            defaultSize: 224, normalization: .imageNet,
            split: BodyHeadSplit(headPrefix: "classifier", featureCount: MobileNetV2.lastChannels),
            parameterGroups: MobileNetV2.parameterGroups, build: { try MobileNetV2(input: $0, classes: $1) }),
        mobileNetV3("mobilenet_v3_large", .large, "MobileNetV3-Large: 15 blocks, hard swish, SE, 5.5M parameters"),
        mobileNetV3("mobilenet_v3_small", .small, "MobileNetV3-Small: 11 blocks, hard swish, SE, 2.5M parameters"),
    ]

    private static let efficientNetB0 = Architecture(
        name: "efficientnet_b0", summary: "EfficientNet-B0: 16 MBConv blocks with SE and stochastic depth, 5.3M parameters",
        defaultSize: 224, normalization: .imageNet,
        split: BodyHeadSplit(headPrefix: "classifier", featureCount: EfficientNet.lastChannels),
        parameterGroups: EfficientNet.parameterGroups, build: { try EfficientNet(input: $0, classes: $1) })

    private static func resNet(_ name: String, _ configuration: ResNet.Configuration, _ summary: String) -> Architecture {
        Architecture(
            name: name, summary: summary, defaultSize: 224, normalization: .imageNet,
            split: BodyHeadSplit(headPrefix: "fc", featureCount: configuration.featureCount),
            parameterGroups: ResNet.parameterGroups,
            build: { try ResNet(configuration, input: $0, classes: $1) })
    }

    private static func vgg(
        _ name: String, _ configuration: [VGG.Layer], batchNorm: Bool, _ summary: String
    ) -> Architecture {
        Architecture(
            name: name, summary: summary, defaultSize: 224, normalization: .imageNet,
            split: BodyHeadSplit(headPrefix: "classifier", featureCount: 512 * 7 * 7),
            parameterGroups: VGG.parameterGroups(configuration, batchNorm: batchNorm),
            build: { try VGG(configuration, batchNorm: batchNorm, input: $0, classes: $1) })
    }

    private static func mobileNetV3(
        _ name: String, _ configuration: MobileNetV3.Configuration, _ summary: String
    ) -> Architecture {
        Architecture(
            name: name, summary: summary, defaultSize: 224, normalization: .imageNet,
            split: BodyHeadSplit(headPrefix: "classifier", featureCount: configuration.featureCount),
            parameterGroups: MobileNetV3.parameterGroups(configuration),
            build: { try MobileNetV3(configuration, input: $0, classes: $1) })
    }
}
