import Foundation
import Testing

@testable import FoveaWeights

/// Access to the files `scripts/fixtures/weights.py` writes, and to PyTorch's own view of them.
enum Fixtures {
    static func url(_ name: String) throws -> URL {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return folder.appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(name)))
    }

    /// The tensor sets in `expected.json`, as PyTorch described them: "model", "views", "dtypes", "safetensors".
    static func expected(_ set: String) throws -> [ExpectedTensor] {
        try #require(try expectations().tensorSets[set], "expected.json has no set \(set)")
    }

    static func expectedSafeTensorsMetadata() throws -> [String: String] {
        try expectations().safeTensorsMetadata
    }

    private static func expectations() throws -> Expectations {
        try JSONDecoder().decode(Expectations.self, from: Data(contentsOf: url("expected.json")))
    }
}

private struct Expectations: Decodable {
    let tensorSets: [String: [ExpectedTensor]]
    let safeTensorsMetadata: [String: String]

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        var sets: [String: [ExpectedTensor]] = [:]
        for key in container.allKeys where key.stringValue != "safetensors_metadata" {
            sets[key.stringValue] = try container.decode([ExpectedTensor].self, forKey: key)
        }
        tensorSets = sets
        safeTensorsMetadata = try container.decode([String: String].self, forKey: Key(stringValue: "safetensors_metadata"))
    }
}

/// One tensor as PyTorch saw it: its bytes (contiguous, little-endian) and its values.
struct ExpectedTensor: Decodable {
    let name: String
    let dtype: DType
    let shape: [Int]
    let bytes: [UInt8]
    let values: [ElementValue]

    private enum CodingKeys: String, CodingKey { case name, dtype, shape, hex, values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        let dtypeName = try container.decode(String.self, forKey: .dtype)
        guard let dtype = DType.allCases.first(where: { $0.description == dtypeName }) else {
            throw DecodingError.dataCorruptedError(forKey: .dtype, in: container, debugDescription: dtypeName)
        }
        self.dtype = dtype
        shape = try container.decode([Int].self, forKey: .shape)
        let hex = Array(try container.decode(String.self, forKey: .hex).utf8)
        bytes = try stride(from: 0, to: hex.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) else {
                throw DecodingError.dataCorruptedError(forKey: .hex, in: container, debugDescription: "bad hex")
            }
            return byte
        }
        values = switch dtype {
        case .bool: try container.decode([Bool].self, forKey: .values).map(ElementValue.boolean)
        case .float16, .bfloat16, .float32, .float64: try container.decode([Double].self, forKey: .values).map(ElementValue.real)
        case .uint8, .int8, .int16, .int32, .int64: try container.decode([Int64].self, forKey: .values).map(ElementValue.integer)
        }
    }

    var record: TensorRecord { TensorRecord(dtype: dtype, shape: shape, bytes: bytes) }
}

/// An element decoded from a record, in a form PyTorch's `tolist()` values compare against exactly.
enum ElementValue: Equatable, CustomStringConvertible {
    case integer(Int64)
    case real(Double)
    case boolean(Bool)

    var description: String {
        switch self {
        case .integer(let value): "\(value)"
        case .real(let value): "\(value)"
        case .boolean(let value): "\(value)"
        }
    }

    /// Decodes a record's little-endian bytes independently of the library, element by element.
    static func decode(_ record: TensorRecord) -> [ElementValue] {
        let size = record.dtype.byteSize
        return stride(from: 0, to: record.bytes.count, by: size).map { start in
            let bits = record.bytes[start..<start + size].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            switch record.dtype {
            case .bool: return .boolean(bits != 0)
            case .uint8: return .integer(Int64(bits))
            case .int8: return .integer(Int64(Int8(truncatingIfNeeded: bits)))
            case .int16: return .integer(Int64(Int16(truncatingIfNeeded: bits)))
            case .int32: return .integer(Int64(Int32(truncatingIfNeeded: bits)))
            case .int64: return .integer(Int64(bitPattern: bits))
            case .float16: return .real(halfToDouble(UInt16(bits)))
            case .bfloat16: return .real(Double(Float(bitPattern: UInt32(bits) << 16)))
            case .float32: return .real(Double(Float(bitPattern: UInt32(bits))))
            case .float64: return .real(Double(bitPattern: bits))
            }
        }
    }

    private static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: FloatingPointSign = bits >> 15 == 1 ? .minus : .plus
        let exponent = Int(bits >> 10 & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return Double(sign: sign, exponent: -24, significand: fraction)
        case 31: return fraction == 0 ? (sign == .minus ? -.infinity : .infinity) : .nan
        default: return Double(sign: sign, exponent: exponent - 15, significand: 1 + fraction / 1024)
        }
    }
}

/// Runs `body`, which must throw a `WeightsError` about `file`; returns it for further checks.
@discardableResult
func expectWeightsError(
    about file: URL, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> WeightsError? {
    do {
        try body()
        Issue.record("expected a WeightsError about \(file.lastPathComponent), but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as WeightsError {
        #expect(error.file == file, sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix(file.path + ": "), sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a WeightsError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A fresh directory under the system's temporary directory, removed by `cleanUp()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("FoveaWeightsTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes a file without the fsync `Data.write` performs, which would dominate the corruption tests' time.
    func file(_ name: String, contents: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.write(contentsOf: contents)
        return file
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: url)
    }
}
