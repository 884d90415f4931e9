import Foundation
import FoveaTensor

/// Why a set of weights does not fit a module.
public struct StateDictMismatch: Error, CustomStringConvertible, Sendable {
    public var missing: [String]
    public var unexpected: [String]
    /// Name, the module's shape, the file's shape.
    public var wrongShapes: [(name: String, expected: [Int], found: [Int])]
    /// The weights file, when the weights came from one (``Module/loadWeights(contentsOf:key:strict:)``).
    public var file: URL? = nil

    public var description: String {
        var parts: [String] = []
        if !wrongShapes.isEmpty {
            let shown = wrongShapes.prefix(5).map { "\($0.name): model \($0.expected), weights \($0.found)" }
            parts.append("shape mismatch for \(wrongShapes.count) tensor(s): " + shown.joined(separator: "; "))
        }
        if !missing.isEmpty {
            parts.append("missing \(missing.count): " + missing.prefix(5).joined(separator: ", ")
                + (missing.count > 5 ? ", …" : ""))
        }
        if !unexpected.isEmpty {
            parts.append("unexpected \(unexpected.count): " + unexpected.prefix(5).joined(separator: ", ")
                + (unexpected.count > 5 ? ", …" : ""))
        }
        let prefix = file.map { "\($0.path): " } ?? ""
        return prefix + "weights do not fit the model: " + parts.joined(separator: "; ")
    }
}

extension Module {
    /// Copies `weights` into the module's parameters and buffers by name, converting element types.
    ///
    /// - Parameter strict: when true (the default) any missing, unexpected or wrongly shaped entry throws
    ///   ``StateDictMismatch`` and nothing is changed; when false, what matches is loaded and the rest is returned.
    /// - Returns: the mismatches that were skipped (empty when strict).
    @discardableResult
    public func loadStateDict(_ weights: [(name: String, record: TensorRecord)], strict: Bool = true) throws -> StateDictMismatch {
        let own = stateDict
        let ownNames = Set(own.map(\.name))
        var byName: [String: TensorRecord] = [:]
        for (name, record) in weights { byName[name] = record }
        var mismatch = StateDictMismatch(missing: [], unexpected: [], wrongShapes: [])
        var assignments: [(Tensor, TensorRecord)] = []
        for (name, tensor) in own {
            guard let record = byName[name] else {
                mismatch.missing.append(name)
                continue
            }
            if record.shape != tensor.shape {
                mismatch.wrongShapes.append((name, tensor.shape, record.shape))
                continue
            }
            assignments.append((tensor, record))
        }
        mismatch.unexpected = weights.map(\.name).filter { !ownNames.contains($0) }
        let failed = !(mismatch.missing.isEmpty && mismatch.unexpected.isEmpty && mismatch.wrongShapes.isEmpty)
        if strict && failed { throw mismatch }
        try withNoGrad {
            for (tensor, record) in assignments { try tensor.copy_(Tensor(record)) }
        }
        return mismatch
    }

    /// The module's state as records, in `state_dict()` order.
    public func stateDictRecords() throws -> [(name: String, record: TensorRecord)] {
        try stateDict.map { ($0.name, try $0.tensor.record()) }
    }
}
