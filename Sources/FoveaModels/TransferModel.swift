import Foundation
import FoveaNN
import FoveaTensor

/// A pretrained network's body with a new head in place of its own (fastai's `vision_learner` model), in
/// parameter groups that can be frozen and trained at discriminative rates.
///
/// The body keeps the network's `state_dict` names and the new head takes the old head's name ("fc",
/// "classifier", "_fc"), so the architecture's parameter groups apply unchanged: its body groups, then the head.
///
/// ```swift
/// let model = try TransferModel(
///     architecture: Architectures.named("resnet18"), input: InputSpec(channels: 3, height: 224, width: 224),
///     classes: 10, head: .fastai(), pretrainedWeights: URL(fileURLWithPath: "resnet18.pth"))
/// try model.freeze()            // train the head (and the body's batch norms) only
/// try model.unfreeze()          // then everything
/// ```
public final class TransferModel: Module {
    /// The whole pretrained network; its own head is no part of this model (but stays in memory).
    public let network: any FeatureMapNetwork
    /// The new head, a child named ``headName``.
    public let head: any Module
    public let design: HeadDesign
    public let headName: String
    /// The parameter groups as `state_dict` name prefixes, from the input side to the head (the last group).
    public let groupPrefixes: [[String]]
    /// The leading groups whose parameters do not train (0: none); see ``freeze(groupsBefore:trainBatchNorm:)``.
    public private(set) var frozenGroupCount = 0
    /// What a non-strict load of pretrained weights left out (empty after a strict load or without weights).
    public private(set) var pretrainedMismatch: StateDictMismatch?
    private let bodyChildren: [(name: String, module: any Module)]

    /// Puts a new `design` head, for `classes` classes, on `network` in place of its child `headName`.
    ///
    /// - Parameter bodyGroups: the body's parameter groups as name prefixes (a prefix matches a name equal to it
    ///   or starting with it and a dot; "" matches all); the head becomes one more group.
    /// - Throws: when `network` has no child `headName`.
    public init(
        network: any FeatureMapNetwork, headName: String, bodyGroups: [[String]], head design: HeadDesign, classes: Int
    ) throws {
        let kept = network.children.filter { $0.name != headName }
        guard kept.count < network.children.count else {
            throw TorchError("the network has no child named '\(headName)' to replace with a new head")
        }
        let width = design.input == .featureMap ? network.featureMapChannels : network.featureCount
        self.network = network
        self.head = try design.build(inputWidth: width, classes: classes)
        self.design = design
        self.headName = headName
        bodyChildren = kept
        groupPrefixes = bodyGroups.filter { !$0.isEmpty } + [[headName]]
    }

    /// A network of `architecture` (which must have a body/head split) with a new head; with `pretrainedWeights`,
    /// the file's weights are loaded into the whole network first, under the network's own names and with its
    /// own head's class count (read from the file), and that head is then dropped.
    ///
    /// Call inside `withSeed` for a reproducible head (and body, without weights).
    /// - Parameter key: the part of the file holding the weights; see `WeightsFile.read(contentsOf:key:)`.
    /// - Parameter strict: false loads the entries that fit and keeps the rest in ``pretrainedMismatch``.
    /// - Throws: `StateDictMismatch` (naming the file) when the file does not fit the architecture (and `strict`).
    public convenience init(
        architecture: Architecture, input: InputSpec, classes: Int, head design: HeadDesign = .linear,
        pretrainedWeights: URL? = nil, key: String? = nil, strict: Bool = true
    ) throws {
        guard let split = architecture.split else {
            throw TorchError("\(architecture.name) has no body/head split to put a new head on")
        }
        var builtClasses = classes
        var weights: [(name: String, record: TensorRecord)]?
        if let pretrainedWeights {
            let records = try WeightsFile.read(contentsOf: pretrainedWeights, key: key)
            builtClasses = try Self.classCount(in: records, headPrefix: split.headPrefix, file: pretrainedWeights)
            weights = records
        }
        guard let network = try architecture.build(input, builtClasses) as? any FeatureMapNetwork else {
            throw TorchError("\(architecture.name) cannot give its unpooled features to a new head")
        }
        var skipped: StateDictMismatch?
        if let weights {
            do {
                skipped = try network.loadStateDict(weights, strict: strict)
                skipped?.file = pretrainedWeights
            } catch var mismatch as StateDictMismatch {
                mismatch.file = pretrainedWeights
                throw mismatch
            }
        }
        let bodyGroups = architecture.parameterGroups.map { prefixes in
            prefixes.filter { $0 != split.headPrefix && !$0.hasPrefix(split.headPrefix + ".") }
        }
        try self.init(
            network: network, headName: split.headPrefix, bodyGroups: bodyGroups, head: design, classes: classes)
        pretrainedMismatch = skipped
    }

    /// The output width of the last matrix under `headPrefix` in a pretrained file: its class count.
    private static func classCount(
        in weights: [(name: String, record: TensorRecord)], headPrefix: String, file: URL
    ) throws -> Int {
        let matrices = weights.filter { $0.name.hasPrefix(headPrefix + ".") && $0.record.shape.count == 2 }
        guard let last = matrices.last?.record.shape.first else {
            throw TorchError("\(file.path): no '\(headPrefix)' head to read the pretrained class count from")
        }
        return last
    }

    public func forward(_ input: Tensor) throws -> Tensor { try head(bodyOutput(input)) }

    /// What the body hands the head: the pooled features or the map, as ``design`` reads them.
    public func bodyOutput(_ input: Tensor) throws -> Tensor {
        switch design.input {
        case .pooledFeatures: try network.features(input)
        case .featureMap: try network.featureMap(input)
        }
    }

    public var children: [(name: String, module: any Module)] { bodyChildren + [(headName, head)] }

    public var groupCount: Int { groupPrefixes.count }

    /// The index of the group of the parameter or module `name`: the head's (the last) for the head's names, else
    /// the first group with a matching prefix.
    public func groupIndex(of name: String) -> Int? {
        if name == headName || name.hasPrefix(headName + ".") { return groupCount - 1 }
        return groupPrefixes.firstIndex { prefixes in
            prefixes.contains { $0.isEmpty || name == $0 || name.hasPrefix($0 + ".") }
        }
    }

    /// The parameters by group, each in the model's parameter order, with their names.
    /// - Throws: `UngroupedParameters` when a parameter falls in no group.
    public func namedParameterGroups() throws -> [[(name: String, tensor: Tensor)]] {
        var groups = Array(repeating: [(name: String, tensor: Tensor)](), count: groupCount)
        var ungrouped: [String] = []
        for (name, tensor) in namedParameters {
            if let index = groupIndex(of: name) {
                groups[index].append((name, tensor))
            } else {
                ungrouped.append(name)
            }
        }
        guard ungrouped.isEmpty else { throw UngroupedParameters(architecture: "transfer model", names: ungrouped) }
        return groups
    }

    /// The parameters by group, for an optimizer with one parameter group per model group.
    public func parameterGroups() throws -> [[Tensor]] {
        try namedParameterGroups().map { $0.map(\.tensor) }
    }

    /// The names of every batch-norm weight and bias.
    private var batchNormParameterNames: Set<String> {
        var names = Set<String>()
        for (path, module) in namedModules where module is BatchNorm {
            for (name, _) in module.localParameters { names.insert(path.isEmpty ? name : "\(path).\(name)") }
        }
        return names
    }

    /// Stops training groups `0..<count` (fastai's `freeze_to(count)`) and trains the rest: their parameters stop
    /// (or start) requiring gradients, so optimizers skip them and they stay bit for bit as they are.
    ///
    /// - Parameter trainBatchNorm: keep the frozen groups' batch-norm weights and biases training (fastai's
    ///   `train_bn=True`, its default): they adapt the pretrained statistics to the new data at little cost.
    public func freeze(groupsBefore count: Int, trainBatchNorm: Bool = true) throws {
        guard (0...groupCount).contains(count) else {
            throw TorchError("cannot freeze \(count) of \(groupCount) parameter groups")
        }
        let batchNorm = trainBatchNorm ? batchNormParameterNames : []
        for (index, group) in try namedParameterGroups().enumerated() {
            for (name, tensor) in group {
                try tensor.requiringGrad(index >= count || batchNorm.contains(name))
            }
        }
        frozenGroupCount = count
    }

    /// Freezes every body group and trains the head (fastai's `freeze`).
    public func freeze(trainBatchNorm: Bool = true) throws {
        try freeze(groupsBefore: groupCount - 1, trainBatchNorm: trainBatchNorm)
    }

    /// Trains every group (fastai's `unfreeze`).
    public func unfreeze() throws {
        try freeze(groupsBefore: 0)
    }

    /// Puts the batch norms of the frozen groups in evaluation mode, so their running statistics stay the
    /// pretrained ones (fastai's `BnFreeze`); call after each `setTraining(true)`.
    public func freezeBatchNormStatistics() {
        for (path, module) in namedModules where module is BatchNorm {
            if let index = groupIndex(of: path), index < frozenGroupCount { module.setLocalTraining(false) }
        }
    }
}
