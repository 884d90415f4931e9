import FoveaNN
import FoveaTensor

/// Parameters trained with their own hyper-parameters (PyTorch's `param_groups`), e.g. a lower learning rate for a
/// pretrained body than for a new head.
public struct ParameterGroup {
    public var parameters: [Tensor]
    public var learningRate: Double
    public var weightDecay: Double
    /// SGD and RMSprop momentum; Adam and AdamW's β₁. One-cycle schedules move it opposite to the learning rate.
    public var momentum: Double

    public init(parameters: [Tensor], learningRate: Double, weightDecay: Double = 0, momentum: Double = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.momentum = momentum
    }
}

/// Updates parameters from their gradients. Conforming types follow `torch.optim`'s update rules exactly.
public protocol Optimizer: AnyObject {
    var groups: [ParameterGroup] { get set }

    /// Applies one update to every parameter that has a gradient.
    func step() throws

    /// Per-parameter state (moment estimates, step counts) under stable names, for checkpoints.
    func stateTensors() -> [(name: String, tensor: Tensor)]

    /// Restores state saved by ``stateTensors()``.
    func loadStateTensors(_ tensors: [String: Tensor]) throws
}

extension Optimizer {
    /// Clears every gradient (`zero_grad(set_to_none=True)`).
    public func zeroGrad() throws {
        for group in groups {
            for parameter in group.parameters { try parameter.setGrad(nil) }
        }
    }

    /// Sets one learning rate for every group.
    public func setLearningRate(_ rate: Double) {
        for index in groups.indices { groups[index].learningRate = rate }
    }

    /// Every (group, parameter index, parameter) that has a gradient, in order.
    func parametersWithGradients() -> [(group: ParameterGroup, key: String, parameter: Tensor, grad: Tensor)] {
        var result: [(ParameterGroup, String, Tensor, Tensor)] = []
        for (groupIndex, group) in groups.enumerated() {
            for (index, parameter) in group.parameters.enumerated() {
                if let grad = parameter.grad { result.append((group, "\(groupIndex).\(index)", parameter, grad)) }
            }
        }
        return result
    }

    /// Hyper-parameters and per-parameter state together, as records for a checkpoint file.
    public func checkpointRecords(prefix: String = "optimizer.") throws -> [(name: String, record: TensorRecord)] {
        var records: [(String, TensorRecord)] = []
        for (index, group) in groups.enumerated() {
            let values = [group.learningRate, group.weightDecay, group.momentum]
            records.append(("\(prefix)group.\(index)", try Tensor(values).record()))
        }
        for (name, tensor) in stateTensors() {
            records.append(("\(prefix)state.\(name)", try tensor.record()))
        }
        return records
    }

    /// Restores what ``checkpointRecords(prefix:)`` saved.
    public func loadCheckpointRecords(_ records: [String: TensorRecord], prefix: String = "optimizer.") throws {
        for index in groups.indices {
            guard let record = records["\(prefix)group.\(index)"] else {
                throw TorchError("optimizer checkpoint has no parameter group \(index)")
            }
            let values = try Tensor(record).toArray(Double.self)
            guard values.count == 3 else { throw TorchError("optimizer group \(index) is malformed") }
            groups[index].learningRate = values[0]
            groups[index].weightDecay = values[1]
            groups[index].momentum = values[2]
        }
        let statePrefix = "\(prefix)state."
        var state: [String: Tensor] = [:]
        for (name, record) in records where name.hasPrefix(statePrefix) {
            state[String(name.dropFirst(statePrefix.count))] = try Tensor(record)
        }
        try loadStateTensors(state)
    }
}

/// Per-parameter tensors kept between steps, keyed "group.index.name".
final class OptimizerState {
    private(set) var tensors: [String: Tensor] = [:]

    func get(_ key: String, _ name: String) -> Tensor? { tensors["\(key).\(name)"] }

    func set(_ key: String, _ name: String, _ tensor: Tensor) { tensors["\(key).\(name)"] = tensor }

    var sorted: [(name: String, tensor: Tensor)] {
        tensors.keys.sorted().compactMap { key in tensors[key].map { (key, $0) } }
    }

    func replace(with loaded: [String: Tensor]) { tensors = loaded }
}
