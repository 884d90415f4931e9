import FoveaTensor

/// A layer or a network: a function of one tensor with named parameters and buffers.
///
/// Names follow PyTorch's `state_dict`: a child's entries are prefixed by its name and a dot
/// (`features.0.weight`), so weights saved by torchvision load by name.
public protocol Module: AnyObject {
    /// The forward pass. Call a module as a function (`try layer(x)`) rather than this, so that forward hooks
    /// (``Module/withForwardHook(_:_:)``) see its output.
    func forward(_ input: Tensor) throws -> Tensor

    /// Sub-modules in registration order, with their names.
    var children: [(name: String, module: any Module)] { get }
    /// This module's own trainable tensors (not its children's).
    var localParameters: [(name: String, tensor: Tensor)] { get }
    /// This module's own state that is saved but not trained (running statistics).
    var localBuffers: [(name: String, tensor: Tensor)] { get }

    /// Switches between training and evaluation behaviour (dropout, batch statistics) for this module only;
    /// ``Module/setTraining(_:)`` applies it to the whole tree.
    func setLocalTraining(_ training: Bool)
}

extension Module {
    public var children: [(name: String, module: any Module)] { [] }
    public var localParameters: [(name: String, tensor: Tensor)] { [] }
    public var localBuffers: [(name: String, tensor: Tensor)] { [] }
    public func setLocalTraining(_ training: Bool) {}

    /// Training mode (`model.train()`) or evaluation mode (`model.eval()`) for this module and all below it.
    public func setTraining(_ training: Bool) {
        setLocalTraining(training)
        for child in children { child.module.setTraining(training) }
    }

    /// Every module of the tree with its dotted path ("" for `self`), parents before children.
    public var namedModules: [(name: String, module: any Module)] {
        var result: [(name: String, module: any Module)] = [("", self)]
        for (name, child) in children {
            for (inner, module) in child.namedModules {
                result.append((inner.isEmpty ? name : "\(name).\(inner)", module))
            }
        }
        return result
    }

    /// Every parameter of the tree with its `state_dict` name.
    public var namedParameters: [(name: String, tensor: Tensor)] {
        namedModules.flatMap { path, module in
            module.localParameters.map { (path.isEmpty ? $0.name : "\(path).\($0.name)", $0.tensor) }
        }
    }

    /// Every buffer of the tree with its `state_dict` name.
    public var namedBuffers: [(name: String, tensor: Tensor)] {
        namedModules.flatMap { path, module in
            module.localBuffers.map { (path.isEmpty ? $0.name : "\(path).\($0.name)", $0.tensor) }
        }
    }

    public var parameters: [Tensor] { namedParameters.map(\.tensor) }

    /// Parameters and buffers in PyTorch's `state_dict()` order: per module, parameters then buffers.
    public var stateDict: [(name: String, tensor: Tensor)] {
        namedModules.flatMap { path, module in
            (module.localParameters + module.localBuffers).map {
                (path.isEmpty ? $0.name : "\(path).\($0.name)", $0.tensor)
            }
        }
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.elementCount } }

    /// Stops (or restarts) training of every parameter in the tree.
    public func setRequiresGrad(_ enabled: Bool) throws {
        for parameter in parameters { try parameter.requiringGrad(enabled) }
    }
}

/// A module that applies a function with no state of its own.
public final class Function: Module {
    private let body: (Tensor) throws -> Tensor

    public init(_ body: @escaping (Tensor) throws -> Tensor) {
        self.body = body
    }

    public func forward(_ input: Tensor) throws -> Tensor { try body(input) }
}
