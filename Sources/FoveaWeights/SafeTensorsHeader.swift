/// The JSON header of a safetensors file: where each tensor's bytes lie, plus free-form metadata.
struct SafeTensorsHeader {
    struct Entry {
        let name: String
        let dtype: DType
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    /// The reference implementation refuses larger headers; so does this one.
    static let maximumLength = 100_000_000

    /// Tensor entries sorted by where their data lies (empty tensors sharing an offset, by name).
    var entries: [Entry]
    var metadata: [String: String]

    /// Parses and validates a header; `dataLength` is the number of bytes after the header.
    ///
    /// As in the reference implementation, the entries must tile the data exactly: no gaps,
    /// no overlaps, nothing after the last tensor.
    init(parsing bytes: [UInt8], dataLength: Int) throws {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw WeightsFailure.malformed("header is not valid UTF-8")
        }
        guard case .object(let members) = try JSONValue.parse(bytes) else {
            throw WeightsFailure.malformed("header is not a JSON object")
        }
        metadata = [:]
        entries = []
        for (key, value) in members {
            if key == "__metadata__" {
                metadata = try Self.parseMetadata(value)
            } else {
                entries.append(try Self.parseEntry(named: key, value))
            }
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        try validateLayout(dataLength: dataLength)
    }

    private static func parseMetadata(_ value: JSONValue) throws -> [String: String] {
        guard case .object(let members) = value else {
            throw WeightsFailure.malformed("__metadata__ is not an object")
        }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else {
                throw WeightsFailure.malformed("__metadata__ value for \(JSONValue.quoted(key)) is not a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    private static func parseEntry(named name: String, _ value: JSONValue) throws -> Entry {
        let quotedName = JSONValue.quoted(name)
        guard case .object(let fields) = value else {
            throw WeightsFailure.malformed("tensor \(quotedName) is not an object")
        }
        var dtypeCode: String?
        var shape: [Int]?
        var offsets: [Int]?
        for (field, fieldValue) in fields {
            switch field {
            case "dtype":
                guard case .string(let code) = fieldValue else {
                    throw WeightsFailure.malformed("tensor \(quotedName) has a non-string dtype")
                }
                dtypeCode = code
            case "shape":
                shape = try naturalNumbers(fieldValue, "shape of tensor \(quotedName)")
            case "data_offsets":
                offsets = try naturalNumbers(fieldValue, "data_offsets of tensor \(quotedName)")
            default:
                throw WeightsFailure.malformed("tensor \(quotedName) has an unknown field \(JSONValue.quoted(field))")
            }
        }
        guard let dtypeCode, let shape, let offsets else {
            throw WeightsFailure.malformed("tensor \(quotedName) lacks dtype, shape or data_offsets")
        }
        guard let dtype = DType(safeTensorsCode: dtypeCode) else {
            throw WeightsFailure.unsupported("tensor \(quotedName) has unknown or unsupported dtype \(JSONValue.quoted(dtypeCode))")
        }
        guard offsets.count == 2 else {
            throw WeightsFailure.malformed("data_offsets of tensor \(quotedName) is not a [begin, end] pair")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    /// An array of non-negative integers that fit in `Int`.
    private static func naturalNumbers(_ value: JSONValue, _ what: String) throws -> [Int] {
        guard case .array(let elements) = value else { throw WeightsFailure.malformed("\(what) is not an array") }
        return try elements.map { element in
            guard case .number(let text) = element, let number = Int(text), number >= 0 else {
                throw WeightsFailure.malformed("\(what) holds something other than a non-negative integer")
            }
            return number
        }
    }

    private func validateLayout(dataLength: Int) throws {
        var previous: Entry?
        for entry in entries {
            let quotedName = JSONValue.quoted(entry.name)
            let range = "[\(entry.begin), \(entry.end)]"
            guard entry.begin <= entry.end else {
                throw WeightsFailure.malformed("tensor \(quotedName) has data_offsets \(range) that end before they begin")
            }
            guard entry.end <= dataLength else {
                throw WeightsFailure.malformed(
                    "tensor \(quotedName) has data_offsets \(range) beyond the \(dataLength) data bytes in the file")
            }
            let expectedEnd = previous?.end ?? 0
            if entry.begin < expectedEnd, let previous {
                throw WeightsFailure.malformed(
                    "tensor \(quotedName) data_offsets \(range) overlap tensor \(JSONValue.quoted(previous.name))")
            }
            guard entry.begin == expectedEnd else {
                throw WeightsFailure.malformed("a gap of \(entry.begin - expectedEnd) bytes precedes tensor \(quotedName)")
            }
            let byteCount = try TensorRecord.byteCount(shape: entry.shape, dtype: entry.dtype) {
                WeightsFailure.malformed("tensor \(quotedName) has a shape whose byte size overflows")
            }
            guard entry.end - entry.begin == byteCount else {
                throw WeightsFailure.malformed(
                    "tensor \(quotedName) has \(entry.end - entry.begin) bytes, but shape \(entry.shape) of "
                        + "\(entry.dtype) needs \(byteCount)")
            }
            previous = entry
        }
        let end = previous?.end ?? 0
        guard end == dataLength else {
            throw WeightsFailure.malformed("\(dataLength - end) bytes follow the last tensor's data")
        }
    }

    /// Encodes a header in the reference implementation's layout: compact JSON, `__metadata__` first,
    /// tensors in the given order, padded with spaces to a multiple of 8 bytes.
    static func encode(_ entries: [Entry], metadata: [String: String]?) -> [UInt8] {
        var members: [String] = []
        if let metadata {
            let pairs = metadata.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
                .map { JSONValue.quoted($0.key) + ":" + JSONValue.quoted($0.value) }
            members.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        for entry in entries {
            let shape = entry.shape.map(String.init).joined(separator: ",")
            members.append(
                JSONValue.quoted(entry.name) + ":{\"dtype\":\"\(entry.dtype.safeTensorsCode)\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(entry.begin),\(entry.end)]}")
        }
        var bytes = Array(("{" + members.joined(separator: ",") + "}").utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - bytes.count % 8) % 8))
        return bytes
    }
}

extension DType {
    /// The dtype's name in a safetensors header.
    var safeTensorsCode: String {
        switch self {
        case .bool: "BOOL"
        case .uint8: "U8"
        case .int8: "I8"
        case .int16: "I16"
        case .float16: "F16"
        case .bfloat16: "BF16"
        case .int32: "I32"
        case .float32: "F32"
        case .float64: "F64"
        case .int64: "I64"
        }
    }

    init?(safeTensorsCode: String) {
        guard let dtype = DType.allCases.first(where: { $0.safeTensorsCode == safeTensorsCode }) else { return nil }
        self = dtype
    }

    /// Position in the reference implementation's dtype enumeration; its writer stores higher ranks first,
    /// which keeps every tensor's data aligned to its element size.
    var safeTensorsRank: Int {
        switch self {
        case .bool: 0
        case .uint8: 1
        case .int8: 2
        case .int16: 5
        case .float16: 7
        case .bfloat16: 8
        case .int32: 9
        case .float32: 11
        case .float64: 12
        case .int64: 13
        }
    }
}

extension TensorRecord {
    /// Bytes a tensor of this shape and dtype occupies, or `overflow()` thrown when that exceeds `Int`.
    static func byteCount(shape: [Int], dtype: DType, overflow: () -> WeightsFailure) throws -> Int {
        var count = dtype.byteSize
        for extent in shape {
            let (product, overflowed) = count.multipliedReportingOverflow(by: extent)
            guard !overflowed else { throw overflow() }
            count = product
        }
        return count
    }
}
