import FoveaNN
import FoveaTensor

/// One layer of a network, named by its dotted `state_dict` path (`layer4.1.conv2`, `features.3`), whose output a
/// forward hook catches while the whole network runs: what `fovea embed --layer` takes features from and what
/// Grad-CAM differentiates.
public struct LayerTap {
    public let name: String
    let module: any Module

    /// - Throws: `ModuleLookupError` listing the network's layers when it has none named `name`.
    public init(_ name: String, in model: any Module) throws {
        guard !name.isEmpty else {
            throw ModuleLookupError(name: name, validNames: model.namedModules.map(\.name).filter { !$0.isEmpty })
        }
        self.name = name
        module = try model.module(named: name)
    }

    private init(name: String, module: any Module) {
        self.name = name
        self.module = module
    }

    /// Runs `model` on `input`: its output, and this layer's output during that pass.
    /// - Throws: ``RunError`` when the layer did not run or ran more than once (its output would be ambiguous).
    public func run(_ model: any Module, on input: Tensor) throws -> (layer: Tensor, output: Tensor) {
        var caught: [Tensor] = []
        let output = try module.withForwardHook({ caught.append($0) }) { try model(input) }
        guard caught.count == 1, let layerOutput = caught.first else {
            throw RunError(
                caught.isEmpty
                    ? "layer '\(name)' did not run in the network's forward pass"
                    : "layer '\(name)' runs \(caught.count) times in one forward pass; choose a layer that runs once")
        }
        return (layerOutput, output)
    }

    /// The last layer of `model` to finish whose output is a feature map — (N, C, h, w) with more than one spatial
    /// position — and that runs once per pass: the last convolutional stage, found by running `model` on `input`
    /// with every layer tapped. Its output and the model's come back with it.
    ///
    /// A 1×1 map (after global pooling, or a stage at a tiny input) is passed over: it says nothing about where.
    /// A container finishes after its children, so of a stage and its last block, which give the same tensor, the
    /// stage is chosen (`layer4` rather than `layer4.1`).
    /// - Throws: ``RunError`` when no layer gives such a map.
    public static func lastFeatureMap(
        of model: any Module, on input: Tensor
    ) throws -> (tap: LayerTap, layer: Tensor, output: Tensor) {
        // One hook per module object: a module reachable under two paths is one layer, named by its first path.
        var layers: [(name: String, module: any Module)] = []
        var seen = Set<ObjectIdentifier>()
        for (name, module) in model.namedModules where !name.isEmpty && seen.insert(ObjectIdentifier(module)).inserted {
            layers.append((name, module))
        }
        var finished: [Int] = []
        var runs = [Int](repeating: 0, count: layers.count)
        var maps: [Int: Tensor] = [:]
        let output = try withForwardHooks(on: layers.map(\.module), { index, tensor in
            finished.append(index)
            runs[index] += 1
            if tensor.rank == 4, tensor.shape[2] * tensor.shape[3] > 1 { maps[index] = tensor }
        }) { try model(input) }
        guard let chosen = finished.last(where: { runs[$0] == 1 && maps[$0] != nil }), let map = maps[chosen] else {
            throw RunError(
                "no layer gives a feature map larger than 1×1 at input \(input.shape); name one (the layers are: "
                    + layers.map(\.name).prefix(60).joined(separator: ", ") + ")")
        }
        return (LayerTap(name: layers[chosen].name, module: layers[chosen].module), map, output)
    }
}
