import Foundation
import FoveaTensor

/// A golden fixture written by `scripts/fixtures/tensor_ops.py`: a safetensors file read whole.
///
/// Test-only reader, independent of FoveaWeights: 8 bytes of little-endian header length, a JSON header
/// `{name: {dtype, shape, data_offsets}, "__metadata__": {…}}`, then the tensors' bytes.
struct Fixture: Sendable {
    let records: [String: TensorRecord]
    let metadata: [String: String]

    init(named name: String) throws {
        guard let url = Bundle.module.url(forResource: name, withExtension: "safetensors", subdirectory: "Fixtures")
        else { throw FixtureError("no fixture named \(name)") }
        let bytes = [UInt8](try Data(contentsOf: url))
        guard bytes.count >= 8 else { throw FixtureError("\(name): too short") }
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let dataStart = 8 + headerLength
        guard dataStart <= bytes.count,
              let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])) as? [String: Any]
        else { throw FixtureError("\(name): bad header") }
        var records: [String: TensorRecord] = [:]
        var metadata: [String: String] = [:]
        for (key, value) in header {
            if key == "__metadata__" {
                metadata = value as? [String: String] ?? [:]
                continue
            }
            guard let entry = value as? [String: Any],
                  let code = entry["dtype"] as? String, let dtype = Fixture.dtypes[code],
                  let shape = entry["shape"] as? [Int],
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                  dataStart + offsets[1] <= bytes.count
            else { throw FixtureError("\(name): bad entry \(key)") }
            let data = Array(bytes[(dataStart + offsets[0])..<(dataStart + offsets[1])])
            records[key] = TensorRecord(dtype: dtype, shape: shape, bytes: data)
        }
        self.records = records
        self.metadata = metadata
    }

    private static let dtypes: [String: DType] = [
        "F32": .float32, "F64": .float64, "F16": .float16, "BF16": .bfloat16, "I64": .int64, "I32": .int32,
        "I16": .int16, "I8": .int8, "U8": .uint8, "BOOL": .bool,
    ]

    /// A fresh tensor holding the stored `name`.
    func tensor(_ name: String) throws -> Tensor {
        guard let record = records[name] else { throw FixtureError("the fixture has no tensor \(name)") }
        return try Tensor(record)
    }

    func contains(_ name: String) -> Bool { records[name] != nil }

    /// The stored names that start with `prefix`, sorted.
    func names(withPrefix prefix: String) -> [String] {
        records.keys.filter { $0.hasPrefix(prefix) }.sorted()
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
