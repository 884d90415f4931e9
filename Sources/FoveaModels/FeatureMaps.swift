import FoveaNN
import FoveaTensor

/// A body/head network whose body output can also be had before its global pooling, for heads that pool it
/// their own way (fastai's concatenated max and average pooling) or convolve it first.
///
/// ```swift
/// let network = try ResNet(.resnet18, input: InputSpec(channels: 3, height: 224, width: 224), classes: 1000)
/// let map = try network.featureMap(images)      // (N, 512, 7, 7)
/// let pooled = try network.features(images)     // (N, 512)
/// ```
public protocol FeatureMapNetwork: BodyHeadNetwork {
    /// The body's output before pooling: (N, ``featureMapChannels``, h, w), with h and w 1/32 of the input's for
    /// every ImageNet network here (7×7 at 224 pixels).
    func featureMap(_ input: Tensor) throws -> Tensor
    /// The channels of ``featureMap(_:)``; equal to `featureCount` except for VGG, whose pooled features are the
    /// 7×7 map flattened (512 channels, 25,088 features).
    var featureMapChannels: Int { get }
}

extension ResNet: FeatureMapNetwork {
    /// The stem and the four stages: (N, 512 or 2,048, h, w).
    public func featureMap(_ input: Tensor) throws -> Tensor {
        let stem = try maxPool(bn1(conv1(input)).relu())
        return try layer4(layer3(layer2(layer1(stem))))
    }

    public var featureMapChannels: Int { featureCount }
}





/// torchvision's `features` → adaptive average pooling → `classifier` layout, shared by VGG, the MobileNets and
/// EfficientNet: the body is `features` (its output is the feature map), the head is `classifier`.
public protocol PooledClassifierNetwork: FeatureMapNetwork {
    var featureLayers: Sequential { get }
    var pool: AdaptiveAvgPool2d { get }
    var classifier: Sequential { get }
}

extension PooledClassifierNetwork {
    public func features(_ input: Tensor) throws -> Tensor {
        try pool(featureLayers(input)).flattened(from: 1)
    }

    /// `features`, before the adaptive pooling.
    public func featureMap(_ input: Tensor) throws -> Tensor { try featureLayers(input) }

    /// The pooled features' channels: `featureCount` divided by the pooled map's area (7×7 for VGG, 1 otherwise).
    public var featureMapChannels: Int { featureCount / (pool.outputSize[0] * pool.outputSize[1]) }

    public var head: any Module { classifier }

    public func forward(_ input: Tensor) throws -> Tensor { try classifier(features(input)) }

    public var children: [(name: String, module: any Module)] {
        [("features", featureLayers), ("classifier", classifier)]
    }
}

extension EfficientNetLite: FeatureMapNetwork {
    /// The stem, the blocks and `_conv_head` with its batch norm and ReLU6: (N, `headChannels`, h, w).
    public func featureMap(_ input: Tensor) throws -> Tensor {
        let stem = try bn0(convStem(input)).relu6()
        return try bn1(convHead(blocks(stem))).relu6()
    }

    public var featureMapChannels: Int { featureCount }
}
