import FoveaTensor
import Synchronization

/// PyTorch's forward hooks: code that sees the output of a chosen module whenever the network runs, to tap a
/// layer's features (`fovea embed --layer`) or keep an activation for Grad-CAM.
///
/// A module is reached through ``Module/callAsFunction(_:)``, which runs ``Module/forward(_:)`` and hands the
/// output to the hooks of that module. While no hook is installed that costs one atomic load per call.
extension Module {
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let output = try forward(input)
        if ForwardHookRegistry.isActive { try ForwardHookRegistry.notify(self, output) }
        return output
    }

    /// Runs `body` while `observer` sees this module's output each time it runs (in any thread).
    public func withForwardHook<Result>(
        _ observer: @escaping (Tensor) throws -> Void, _ body: () throws -> Result
    ) throws -> Result {
        let token = ForwardHookRegistry.install(on: self, observer)
        defer { ForwardHookRegistry.remove(token) }
        return try body()
    }

    /// The module at a dotted path of ``namedModules`` (`layer4.1.conv2`, `features.3`); "" is the whole network.
    public func module(named name: String) throws(ModuleLookupError) -> any Module {
        let modules = namedModules
        guard let found = modules.first(where: { $0.name == name }) else {
            throw ModuleLookupError(name: name, validNames: modules.map(\.name).filter { !$0.isEmpty })
        }
        return found.module
    }
}

/// Runs `body` while `observer` sees the output of every module of `modules` each time one runs, with that
/// module's index in `modules`, in the order the modules finish: one pass that taps a whole network (to find its
/// last feature map, say).
public func withForwardHooks<Result>(
    on modules: [any Module], _ observer: @escaping (Int, Tensor) throws -> Void, _ body: () throws -> Result
) throws -> Result {
    let tokens = modules.enumerated().map { index, module in
        ForwardHookRegistry.install(on: module) { try observer(index, $0) }
    }
    defer { tokens.forEach(ForwardHookRegistry.remove) }
    return try body()
}

/// A dotted module path that the network does not have, with the paths it has.
public struct ModuleLookupError: Error, CustomStringConvertible {
    public let name: String
    public let validNames: [String]

    public init(name: String, validNames: [String]) {
        self.name = name
        self.validNames = validNames
    }

    public var description: String {
        let shown = validNames.prefix(60).joined(separator: ", ")
        let more = validNames.count > 60 ? ", … (\(validNames.count) in all)" : ""
        return "no layer named '\(name)'; the layers are: \(shown)\(more)"
    }
}

/// The installed hooks, process-wide: a network may run in a thread other than the one that installed the hook.
enum ForwardHookRegistry {
    struct Hook: @unchecked Sendable {  // The observer is called under no lock and only touches what its owner gave it.
        let token: Int
        let module: ObjectIdentifier
        let observer: (Tensor) throws -> Void
    }

    private static let hooks = Mutex<(next: Int, installed: [Hook])>((0, []))
    private static let count = Atomic<Int>(0)

    static var isActive: Bool { count.load(ordering: .acquiring) > 0 }

    static func install(on module: any Module, _ observer: @escaping (Tensor) throws -> Void) -> Int {
        let token = hooks.withLock { state in
            state.next += 1
            state.installed.append(Hook(token: state.next, module: ObjectIdentifier(module), observer: observer))
            return state.next
        }
        count.add(1, ordering: .releasing)
        return token
    }

    static func remove(_ token: Int) {
        hooks.withLock { state in state.installed.removeAll { $0.token == token } }
        count.subtract(1, ordering: .releasing)
    }

    static func notify(_ module: any Module, _ output: Tensor) throws {
        let id = ObjectIdentifier(module)
        let observers = hooks.withLock { state in state.installed.filter { $0.module == id }.map(\.observer) }
        for observer in observers { try observer(output) }
    }
}
