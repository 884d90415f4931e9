import FoveaTensor

/// Modules applied in order (`nn.Sequential`); children are named "0", "1", … unless named explicitly.
public final class Sequential: Module {
    public let children: [(name: String, module: any Module)]

    public init(_ modules: [any Module]) {
        children = modules.enumerated().map { (String($0.offset), $0.element) }
    }

    public convenience init(_ modules: any Module...) {
        self.init(modules)
    }

    /// Children with explicit names, as `nn.Sequential(OrderedDict(...))`.
    public init(named modules: [(String, any Module)]) {
        children = modules.map { ($0.0, $0.1) }
    }

    public func forward(_ input: Tensor) throws -> Tensor {
        try children.reduce(input) { try $1.module($0) }
    }

    public var count: Int { children.count }

    public subscript(index: Int) -> any Module { children[index].module }
}
