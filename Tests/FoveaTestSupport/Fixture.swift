import Foundation
import FoveaTensor

/// A golden fixture written by a `scripts/fixtures/*.py` script: a safetensors file of reference tensors,
/// read whole from a test target's `Fixtures` folder.
public struct Fixture: Sendable {
    public let records: [String: TensorRecord]
    public let metadata: [String: String]

    /// Reads `Fixtures/<name>.safetensors` from `bundle` (the test target's `Bundle.module`).
    public init(named name: String, in bundle: Bundle) throws {
        guard let url = bundle.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures") else {
            throw FixtureError("no fixture named \(name)")
        }
        var records: [String: TensorRecord] = [:]
        for (key, record) in try SafeTensors.read(contentsOf: url) { records[key] = record }
        self.records = records
        metadata = try SafeTensors.metadata(contentsOf: url)
    }

    /// A fresh tensor holding the stored `name`.
    public func tensor(_ name: String) throws -> Tensor {
        guard let record = records[name] else { throw FixtureError("the fixture has no tensor \(name)") }
        return try Tensor(record)
    }

    public func contains(_ name: String) -> Bool { records[name] != nil }

    /// The stored names that start with `prefix`, sorted.
    public func names(withPrefix prefix: String) -> [String] {
        records.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
