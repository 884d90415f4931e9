import Foundation

/// Reads and writes the [safetensors](https://github.com/huggingface/safetensors) format:
/// an 8-byte little-endian header length, a JSON header, then the raw little-endian tensor data.
public enum SafeTensors {
    /// Reads every tensor of a safetensors file, in the order their data lies in the file
    /// (the order the reference implementation reports them in).
    ///
    /// The header is validated completely before any data is read: header length, JSON syntax,
    /// dtypes, and that the data offsets tile the data exactly with sizes matching shape × dtype.
    /// - Throws: `WeightsError` naming the file and the problem.
    public static func read(contentsOf url: URL) throws -> [(name: String, record: TensorRecord)] {
        try WeightsError.naming(url) {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let (header, dataStart) = try readHeader(handle)
            try handle.seek(toOffset: UInt64(dataStart))
            return try header.entries.map { entry in
                let count = entry.end - entry.begin
                let bytes = [UInt8](try handle.read(upToCount: count) ?? Data())
                guard bytes.count == count else {
                    throw WeightsFailure.truncated("the file shrank while tensor \(JSONValue.quoted(entry.name)) was read")
                }
                return (entry.name, TensorRecord(dtype: entry.dtype, shape: entry.shape, bytes: bytes))
            }
        }
    }

    /// Reads the free-form `__metadata__` string map of a safetensors file (empty when it has none).
    ///
    /// Validates the header as `read(contentsOf:)` does, but reads no tensor data.
    /// - Throws: `WeightsError` naming the file and the problem.
    public static func metadata(contentsOf url: URL) throws -> [String: String] {
        try WeightsError.naming(url) {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            return try readHeader(handle).header.metadata
        }
    }

    /// Writes tensors, and optional metadata, as a safetensors file laid out as the reference
    /// implementation lays it out: tensors sorted by descending dtype alignment then by name,
    /// the header padded with spaces so the data starts 8-byte aligned.
    ///
    /// The file is replaced atomically: the bytes go to a temporary file in the same directory,
    /// which is flushed to disk and then renamed over `url`.
    /// - Throws: `WeightsError` naming the file, for inconsistent tensors (bytes that disagree with
    ///   shape × dtype, duplicate names, the reserved name `__metadata__`) or a failed write.
    public static func write(_ tensors: [(String, TensorRecord)], metadata: [String: String]? = nil, to url: URL) throws {
        try WeightsError.naming(url) {
            try validate(tensors)
            let ordered = tensors.sorted { left, right in
                if left.1.dtype.safeTensorsRank != right.1.dtype.safeTensorsRank {
                    return left.1.dtype.safeTensorsRank > right.1.dtype.safeTensorsRank
                }
                return Array(left.0.utf8).lexicographicallyPrecedes(Array(right.0.utf8))
            }
            var offset = 0
            let entries = ordered.map { name, record in
                defer { offset += record.bytes.count }
                return SafeTensorsHeader.Entry(
                    name: name, dtype: record.dtype, shape: record.shape, begin: offset, end: offset + record.bytes.count)
            }
            let header = SafeTensorsHeader.encode(entries, metadata: metadata)
            try AtomicFile.write(to: url) { handle in
                let length = UInt64(header.count)
                try handle.write(contentsOf: (0..<8).map { UInt8(truncatingIfNeeded: length >> ($0 * 8)) } + header)
                for (_, record) in ordered {
                    try handle.write(contentsOf: record.bytes)
                }
            }
        }
    }

    private static func readHeader(_ handle: FileHandle) throws -> (header: SafeTensorsHeader, dataStart: Int) {
        let fileSize = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        guard fileSize >= 8 else {
            throw WeightsFailure.truncated("the file has \(fileSize) bytes, fewer than the 8-byte header length")
        }
        var lengthReader = ByteReader([UInt8](try handle.read(upToCount: 8) ?? Data()))
        let headerLength = try lengthReader.readLittleEndian(UInt64.self, "the header length")
        guard headerLength <= SafeTensorsHeader.maximumLength else {
            throw WeightsFailure.malformed("header length \(headerLength) exceeds the 100 MB limit")
        }
        guard headerLength <= fileSize - 8 else {
            throw WeightsFailure.truncated(
                "header length \(headerLength) runs past the end of the \(fileSize)-byte file")
        }
        let headerBytes = [UInt8](try handle.read(upToCount: Int(headerLength)) ?? Data())
        guard headerBytes.count == Int(headerLength) else {
            throw WeightsFailure.truncated("the file shrank while its header was read")
        }
        let dataStart = 8 + Int(headerLength)
        guard let dataLength = Int(exactly: fileSize - UInt64(dataStart)) else {
            throw WeightsFailure.unsupported("the file is too large to address")
        }
        let header = try SafeTensorsHeader(parsing: headerBytes, dataLength: dataLength)
        return (header, dataStart)
    }

    private static func validate(_ tensors: [(String, TensorRecord)]) throws {
        var names = Set<String>()
        for (name, record) in tensors {
            let quotedName = JSONValue.quoted(name)
            guard name != "__metadata__" else { throw invalidInput("the name __metadata__ is reserved by the format") }
            guard names.insert(name).inserted else { throw invalidInput("two tensors are named \(quotedName)") }
            guard record.shape.allSatisfy({ $0 >= 0 }) else {
                throw invalidInput("tensor \(quotedName) has a negative extent in shape \(record.shape)")
            }
            let byteCount = try TensorRecord.byteCount(shape: record.shape, dtype: record.dtype) {
                invalidInput("tensor \(quotedName) has a shape whose byte size overflows")
            }
            guard record.bytes.count == byteCount else {
                throw invalidInput(
                    "tensor \(quotedName) has \(record.bytes.count) bytes, but shape \(record.shape) of "
                        + "\(record.dtype) needs \(byteCount)")
            }
        }
    }

    private static func invalidInput(_ detail: String) -> WeightsFailure {
        WeightsFailure(reason: .invalidInput(detail))
    }
}
