import Foundation
import Testing

@testable import FoveaWeights

@Suite struct SafeTensorsTests {
    @Test func readsTheReferenceLayout() throws {
        let url = try Fixtures.url("reference.safetensors")
        let tensors = try SafeTensors.read(contentsOf: url)
        let expected = try Fixtures.expected("safetensors")
        #expect(tensors.map(\.name) == expected.map(\.name))
        #expect(tensors.map(\.record) == expected.map(\.record))
        for ((name, record), reference) in zip(tensors, expected) {
            #expect(ElementValue.decode(record) == reference.values, "\(name)")
        }
        #expect(try SafeTensors.metadata(contentsOf: url) == Fixtures.expectedSafeTensorsMetadata())
    }

    @Test func writesTheReferenceLayoutByteForByte() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        // Handed over in reverse order: the writer must sort as the reference implementation does.
        let tensors = try Fixtures.expected("safetensors").reversed().map { ($0.name, $0.record) }
        let url = directory.url.appendingPathComponent("written.safetensors")
        try SafeTensors.write(tensors, metadata: Fixtures.expectedSafeTensorsMetadata(), to: url)
        #expect(try Data(contentsOf: url) == Data(contentsOf: Fixtures.url("reference.safetensors")))
    }

    @Test func convertsACheckpointWithoutChange() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let tensors = try PyTorchCheckpoint.read(contentsOf: Fixtures.url("views_zip.pth"))
        let url = directory.url.appendingPathComponent("views.safetensors")
        try SafeTensors.write(tensors, metadata: ["format": "pt"], to: url)
        let read = try SafeTensors.read(contentsOf: url)
        #expect(Dictionary(uniqueKeysWithValues: read.map { ($0.name, $0.record) })
            == Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.record) }))
        // What was read writes back to the identical file.
        let again = directory.url.appendingPathComponent("again.safetensors")
        try SafeTensors.write(read, metadata: ["format": "pt"], to: again)
        #expect(try Data(contentsOf: again) == Data(contentsOf: url))
    }

    @Test func roundTripsEveryDType() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let tensors: [(String, TensorRecord)] = DType.allCases.enumerated().map { index, dtype in
            let shape = [index % 3 + 1, 2]
            let count = shape.reduce(1, *) * dtype.byteSize
            return ("layer\(index).\(dtype)", TensorRecord(dtype: dtype, shape: shape, bytes: (0..<count).map { UInt8(truncatingIfNeeded: $0 * 37 + index) }))
        } + [
            ("scalar", TensorRecord(dtype: .float64, shape: [], bytes: Pickle.littleEndian(Double.pi.bitPattern))),
            ("empty", TensorRecord(dtype: .float32, shape: [0, 4], bytes: [])),
            ("naïve \"quoted\"\n", TensorRecord(dtype: .uint8, shape: [1], bytes: [9])),
        ]
        let url = directory.url.appendingPathComponent("round.safetensors")
        try SafeTensors.write(tensors, metadata: ["k": "v\u{1}"], to: url)
        let read = try SafeTensors.read(contentsOf: url)
        #expect(Dictionary(uniqueKeysWithValues: read.map { ($0.name, $0.record) }) == Dictionary(uniqueKeysWithValues: tensors))
        #expect(read.count == tensors.count)
        #expect(try SafeTensors.metadata(contentsOf: url) == ["k": "v\u{1}"])
        // Each tensor's data is aligned to its element size within the data section, as in the reference.
        let fileBytes = [UInt8](try Data(contentsOf: url))
        let headerLength = fileBytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(headerLength % 8 == 0)
    }

    @Test func writingReplacesAnExistingFileAndLeavesNoTemporaryFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = try directory.file("model.safetensors", contents: Array("old contents".utf8))
        let tensors = [("w", TensorRecord(dtype: .int32, shape: [2], bytes: [1, 0, 0, 0, 2, 0, 0, 0]))]
        try SafeTensors.write(tensors, metadata: nil, to: url)
        #expect(try SafeTensors.read(contentsOf: url).map(\.record) == tensors.map(\.1))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["model.safetensors"])
    }

    @Test func invalidInputIsRefusedWithoutTouchingTheFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = directory.url.appendingPathComponent("out.safetensors")
        let good = TensorRecord(dtype: .float32, shape: [1], bytes: [0, 0, 0, 0])
        let cases: [([(String, TensorRecord)], String)] = [
            ([("w", TensorRecord(dtype: .float32, shape: [2], bytes: [0, 0, 0, 0]))], "tensor \"w\" has 4 bytes, but shape [2] of float32 needs 8"),
            ([("w", good), ("w", good)], "two tensors are named \"w\""),
            ([("__metadata__", good)], "the name __metadata__ is reserved by the format"),
            ([("w", TensorRecord(dtype: .float32, shape: [-1], bytes: []))], "tensor \"w\" has a negative extent in shape [-1]"),
            ([("w", TensorRecord(dtype: .int64, shape: [Int.max, 2], bytes: []))], "tensor \"w\" has a shape whose byte size overflows"),
        ]
        for (tensors, problem) in cases {
            let error = expectWeightsError(about: url) { try SafeTensors.write(tensors, metadata: nil, to: url) }
            #expect(error?.reason == .invalidInput(problem))
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let nowhere = directory.url.appendingPathComponent("missing/out.safetensors")
        let error = expectWeightsError(about: nowhere) { try SafeTensors.write([("w", good)], metadata: nil, to: nowhere) }
        #expect(error?.reason.isIO == true)
    }

    /// A file with `header` (padded to 8 bytes) followed by `dataLength` zero bytes.
    private static func file(header: String, dataLength: Int = 0, declaredLength: UInt64? = nil) -> [UInt8] {
        var headerBytes = Array(header.utf8)
        headerBytes += Array(repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8)
        return Pickle.littleEndian(declaredLength ?? UInt64(headerBytes.count)) + headerBytes
            + Array(repeating: 0, count: dataLength)
    }

    private static let corruptFiles: [String: ([UInt8], WeightsError.Reason)] = [
        "short": ([1, 2, 3], .truncated("the file has 3 bytes, fewer than the 8-byte header length")),
        "beyond": (file(header: "{}", declaredLength: 64), .truncated("header length 64 runs past the end of the 16-byte file")),
        "huge": (file(header: "{}", declaredLength: UInt64.max), .malformed("header length 18446744073709551615 exceeds the 100 MB limit")),
        "not json": (file(header: "{\"a\":}"), .malformed("header is not valid JSON: expected a value at header byte 5")),
        "array": (file(header: "[]"), .malformed("header is not a JSON object")),
        "utf8": (Pickle.littleEndian(UInt64(8)) + [0x7B, 0xFF, 0x7D, 0x20, 0x20, 0x20, 0x20, 0x20], .malformed("header is not valid UTF-8")),
        "dtype": (file(header: #"{"w":{"dtype":"U16","shape":[1],"data_offsets":[0,2]}}"#, dataLength: 2),
         .unsupported("tensor \"w\" has unknown or unsupported dtype \"U16\"")),
        "shape": (file(header: #"{"w":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}"#, dataLength: 1),
         .malformed("shape of tensor \"w\" holds something other than a non-negative integer")),
        "field": (file(header: #"{"w":{"dtype":"U8","shape":[1]}}"#, dataLength: 1),
         .malformed("tensor \"w\" lacks dtype, shape or data_offsets")),
        "overlap": (file(header: #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[1,3]}}"#, dataLength: 3),
         .malformed("tensor \"b\" data_offsets [1, 3] overlap tensor \"a\"")),
        "gap": (file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#, dataLength: 2),
         .malformed("a gap of 1 bytes precedes tensor \"a\"")),
        "range": (file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, dataLength: 4),
         .malformed("tensor \"a\" has data_offsets [0, 8] beyond the 4 data bytes in the file")),
        "reversed": (file(header: #"{"a":{"dtype":"U8","shape":[0],"data_offsets":[2,0]}}"#, dataLength: 2),
         .malformed("tensor \"a\" has data_offsets [2, 0] that end before they begin")),
        "size": (file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, dataLength: 8),
         .malformed("tensor \"a\" has 8 bytes, but shape [3] of float32 needs 12")),
        "overflow": (file(header: #"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, dataLength: 8),
         .malformed("tensor \"a\" has a shape whose byte size overflows")),
        "offset overflow": (file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,99999999999999999999]}}"#, dataLength: 1),
         .malformed("data_offsets of tensor \"a\" holds something other than a non-negative integer")),
        "trailing": (file(header: #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}"#, dataLength: 3),
         .malformed("2 bytes follow the last tensor's data")),
        "duplicate": (file(header: #"{"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}"#),
         .malformed("header is not valid JSON: duplicate member \"a\" at header byte 56")),
        "metadata": (file(header: #"{"__metadata__":{"k":1}}"#), .malformed("__metadata__ value for \"k\" is not a string")),
        "deep": (file(header: String(repeating: "[", count: 1000)), .malformed("header is not valid JSON: nesting deeper than 64 levels at header byte 64")),
    ]

    @Test(arguments: corruptFiles.keys.sorted())
    func corruptHeadersAreRefused(name: String) throws {
        let (bytes, reason) = try #require(Self.corruptFiles[name])
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = try directory.file("\(name).safetensors", contents: bytes)
        let error = expectWeightsError(about: url) { _ = try SafeTensors.read(contentsOf: url) }
        #expect(error?.reason == reason)
    }

    @Test func acceptsAnEmptyFileOfTheReferenceLayout() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        // The reference implementation's serialization of no tensors: "{}" and six spaces.
        let url = try directory.file("empty.safetensors", contents: [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32])
        #expect(try SafeTensors.read(contentsOf: url).isEmpty)
        let written = directory.url.appendingPathComponent("written.safetensors")
        try SafeTensors.write([], metadata: nil, to: written)
        #expect(try Data(contentsOf: written) == Data(contentsOf: url))
    }
}
