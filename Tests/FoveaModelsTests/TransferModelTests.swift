import Foundation
import FoveaModels
import FoveaNN
import FoveaTensor
import FoveaTestSupport
import Testing

/// A two-stage EfficientNet-Lite (stem 8, blocks of 8 and 16 channels, head 32) for gray 28×28 images: batch
/// norms everywhere, no dropout, no stochastic depth, and milliseconds per batch.
func tinyLite(classes: Int = 10, inputChannels: Int = 1) throws -> EfficientNetLite {
    try EfficientNetLite(
        stages: [
            EfficientNetLite.Stage(repeats: 1, kernelSize: 3, stride: 1, expansion: 1, outputs: 8),
            EfficientNetLite.Stage(repeats: 2, kernelSize: 3, stride: 2, expansion: 4, outputs: 16),
        ],
        classes: classes, inputChannels: inputChannels, stemChannels: 8, headChannels: 32, dropoutRate: 0,
        dropConnectRate: 0)
}

/// ``tinyLite(classes:inputChannels:)`` as an architecture with a split and three groups.
let tinyLiteArchitecture = Architecture(
    name: "tiny-lite", summary: "a two-stage EfficientNet-Lite for tests", defaultSize: 28,
    split: BodyHeadSplit(headPrefix: "_fc", featureCount: 32),
    parameterGroups: [["_conv_stem", "_bn0", "_blocks.0"], ["_blocks.1", "_blocks.2", "_conv_head", "_bn1"], ["_fc"]],
    build: { try tinyLite(classes: $1, inputChannels: $0.channels) })

/// The ImageNet weights of EfficientNet-Lite0, where scripts/fetch-pretrained puts them; nil when absent.
private let liteWeights: URL? = {
    let environment = ProcessInfo.processInfo.environment
    let home = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/fovea").path
    let path = environment["FOVEA_EFFICIENTNET_LITE0"] ?? (environment["FOVEA_CACHE"] ?? home) + "/weights/efficientnet_lite0.pth"
    return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
}()

@Suite struct TransferModelTests {
    private static func values(_ tensor: Tensor) throws -> [Float] {
        try tensor.converted(to: .float32).toArray(Float.self)
    }

    @Test func fastaiHeadOnResNet18HasFastaisLayersAndParameterCount() throws {
        let head = try withSeed(0) { try HeadDesign.fastai().build(inputWidth: 512, classes: 10) }
        let shapes = head.stateDict.map { "\($0.name) \($0.tensor.shape)" }
        #expect(shapes == [
            "2.weight [1024]", "2.bias [1024]", "2.running_mean [1024]", "2.running_var [1024]",
            "2.num_batches_tracked []", "4.weight [512, 1024]",
            "6.weight [512]", "6.bias [512]", "6.running_mean [512]", "6.running_var [512]",
            "6.num_batches_tracked []", "8.weight [10, 512]",
        ])
        // BatchNorm1d(1024): 2·1024; Linear(1024, 512, no bias): 524,288; BatchNorm1d(512): 2·512;
        // Linear(512, 10, no bias): 5,120.
        #expect(head.parameterCount == 2_048 + 524_288 + 1_024 + 5_120)
        let dropouts = head.children.compactMap { ($0.module as? Dropout)?.probability }
        #expect(dropouts == [0.25, 0.5])
        // kaiming_normal_ (fan_in): std √(2/1024) for the first linear layer.
        let std = try (head.namedParameters.first { $0.name == "4.weight" }?.tensor.standardDeviation())
            .map { Double(try $0.scalar(Float.self)) }
        #expect(abs((std ?? 0) - (2.0 / 1024).squareRoot()) < 0.002)

        let model = try withSeed(1) {
            try TransferModel(
                architecture: Architectures.named("resnet18"), input: InputSpec(channels: 3, height: 64, width: 64),
                classes: 10, head: .fastai())
        }
        // resnet18 has 11,689,512 parameters, 513,000 of them in its 1000-class `fc`.
        #expect(model.parameterCount == 11_689_512 - 513_000 + 532_480)
        #expect(model.groupCount == 3)
        // conv1, bn1 (2), layer1 (2 × 6) and layer2 (6 + 3 for the shortcut, 6); layer3 and layer4 alike; the
        // head's two batch norms and two linear weights.
        #expect(try model.parameterGroups().map(\.count) == [30, 30, 6])
        model.setTraining(false)
        #expect(try model(Tensor.zeros([2, 3, 64, 64])).shape == [2, 10])
    }

    @Test func reportHeadsHaveTheReportsLayers() throws {
        let dense = try HeadDesign(named: "two-layer").build(inputWidth: 512, classes: 10)
        #expect(dense.parameterCount == 512 * 1024 + 1024 + 1024 * 10 + 10)
        #expect(dense.children.count == 3)
        let dropout = try HeadDesign(named: "two-layer-dropout").build(inputWidth: 512, classes: 10)
        #expect(dropout.children.compactMap { ($0.module as? Dropout)?.probability } == [0.75])
        let convolutional = try HeadDesign(named: "conv").build(inputWidth: 2048, classes: 200)
        // Conv2D(64, 3×3) on 2,048 channels, Dense(1024), Dense(200).
        #expect(convolutional.parameterCount == 2048 * 64 * 9 + 64 + 64 * 1024 + 1024 + 1024 * 200 + 200)
        convolutional.setTraining(false)
        #expect(try convolutional(Tensor.zeros([2, 2048, 7, 7])).shape == [2, 200])
        #expect(try HeadDesign(named: "linear") == .linear)
        #expect(throws: UnknownHead.self) { try HeadDesign(named: "mlp") }
        #expect(HeadDesign.linear.input == .pooledFeatures && HeadDesign.fastai().input == .featureMap)
    }

    @Test func featureMapsPoolToTheFeatures() throws {
        let input = try withSeed(2) { try Tensor.randomNormal([1, 3, 64, 64]) }
        let networks: [(String, Int)] = [
            ("resnet18", 512), ("mobilenet_v2", 1280), ("mobilenet_v3_small", 576), ("efficientnet_b0", 1280),
            ("efficientnet_lite0", 1280),
        ]
        for (name, channels) in networks {
            let network = try withSeed(3) {
                try Architectures.named(name).build(InputSpec(channels: 3, height: 64, width: 64), 10)
            }
            let mapped = try #require(network as? any FeatureMapNetwork, "\(name)")
            mapped.setTraining(false)
            let map = try withNoGrad { try mapped.featureMap(input) }
            #expect(map.shape == [1, channels, 2, 2], "\(name)")
            #expect(mapped.featureMapChannels == channels, "\(name)")
            let pooled = try map.adaptiveAvgPool2d(outputSize: [1, 1]).flattened(from: 1)
            expectClose(pooled, try withNoGrad { try mapped.features(input) }, rtol: 0, atol: 1e-6, name)
        }
    }

    @Test func freezingKeepsTheBodyButTrainsBatchNormsAndHead() throws {
        let model = try withSeed(4) {
            try TransferModel(architecture: tinyLiteArchitecture, input: InputSpec(channels: 1, height: 28, width: 28),
                              classes: 10, head: .linear)
        }
        try model.freeze()
        #expect(model.frozenGroupCount == 2)
        let before = try Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.name, try Self.values($0.tensor)) })
        let (images, labels) = try withSeed(5) {
            (try Tensor.randomNormal([16, 1, 28, 28]), try Tensor.randomIntegers([16], high: 10))
        }
        try model(images).crossEntropy(target: labels).backward()
        // Plain SGD with weight decay, so a parameter without a gradient would still move if it were stepped.
        try withNoGrad {
            for parameter in try model.parameterGroups().joined() {
                guard let grad = parameter.grad else { continue }
                try parameter.add_(grad + parameter * 0.01, alpha: -0.1)
            }
        }
        let batchNormNames = Set(model.namedModules.filter { $0.module is BatchNorm }.flatMap { path, module in
            module.localParameters.map { "\(path).\($0.name)" }
        })
        var changedBatchNorms = 0
        for (name, tensor) in model.namedParameters {
            let changed = try Self.values(tensor) != before[name]
            if name.hasPrefix("_fc.") {
                #expect(changed, "\(name)")
            } else if batchNormNames.contains(name) {
                changedBatchNorms += changed ? 1 : 0
            } else {
                #expect(!changed, "\(name) moved while frozen")
                #expect(!tensor.requiresGrad, "\(name)")
            }
        }
        #expect(changedBatchNorms == batchNormNames.count)

        try model.freeze(groupsBefore: 1, trainBatchNorm: false)
        let trains = try model.namedParameterGroups().map { $0.map(\.tensor.requiresGrad) }
        #expect(trains[0].allSatisfy { !$0 } && trains[1].allSatisfy { $0 } && trains[2].allSatisfy { $0 })
        try model.unfreeze()
        #expect(model.parameters.allSatisfy { $0.requiresGrad })
        #expect(throws: TorchError.self) { try model.freeze(groupsBefore: 4) }
    }

    @Test func pretrainedWeightsLoadIntoTheBodyAndTheirHeadIsDropped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-transfer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tiny-imagenet.safetensors")
        let pretrained = try withSeed(6) { try tinyLite(classes: 1000) }
        try withNoGrad { for (_, tensor) in pretrained.namedBuffers { try tensor.fill_(3) } }
        try SafeTensors.write(pretrained.stateDictRecords(), to: file)

        let model = try withSeed(7) {
            try TransferModel(architecture: tinyLiteArchitecture, input: InputSpec(channels: 1, height: 28, width: 28),
                              classes: 5, head: .fastai(), pretrainedWeights: file)
        }
        let saved = try Dictionary(uniqueKeysWithValues: pretrained.stateDict.map { ($0.name, try Self.values($0.tensor)) })
        var bodyEntries = 0
        for (name, tensor) in model.stateDict where !name.hasPrefix("_fc.") {
            #expect(try Self.values(tensor) == saved[name], "\(name)")
            bodyEntries += 1
        }
        #expect(bodyEntries == pretrained.stateDict.count - 2)
        #expect(model.stateDict.filter { $0.name.hasPrefix("_fc.") }.map(\.tensor.shape).last == [5, 512])
        #expect(try model(Tensor.zeros([2, 1, 28, 28])).shape == [2, 5])

        let other = folder.appendingPathComponent("other.safetensors")
        try SafeTensors.write(withSeed(8) { try tinyLite(classes: 1000, inputChannels: 3) }.stateDictRecords(), to: other)
        let error = #expect(throws: StateDictMismatch.self) {
            try TransferModel(architecture: tinyLiteArchitecture, input: InputSpec(channels: 1, height: 28, width: 28),
                              classes: 5, pretrainedWeights: other)
        }
        #expect(error?.file == other)
    }

    @Test(.enabled(if: liteWeights != nil, "run scripts/fetch-pretrained for the ImageNet weights"))
    func liteZeroWeightsLoadByTheirOwnNames() throws {
        let file = try #require(liteWeights)
        let model = try withSeed(9) {
            try TransferModel(
                architecture: Architectures.named("efficientnet_lite0"), input: InputSpec(channels: 3, height: 224, width: 224),
                classes: 10, pretrainedWeights: file)
        }
        var saved: [String: TensorRecord] = [:]
        for (name, record) in try WeightsFile.read(contentsOf: file) { saved[name] = record }
        for (name, tensor) in model.stateDict where !name.hasPrefix("_fc.") {
            let record = try #require(saved[name], "\(name)")
            #expect(try Self.values(tensor) == Self.values(Tensor(record)), "\(name)")
        }
        #expect(model.stateDict.count == saved.count)
        #expect(model.head.parameters.map(\.shape) == [[10, 1280], [10]])
        #expect(try model.parameterGroups().last?.count == 2)
    }
}
