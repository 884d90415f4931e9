import Foundation
import Testing

@testable import FoveaWeights

@Suite struct PyTorchCheckpointTests {
    /// Checks names, order, dtypes, shapes, bytes and decoded values against what PyTorch reported.
    private func expectMatches(
        _ tensors: [(name: String, record: TensorRecord)], _ expected: [ExpectedTensor],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(tensors.map(\.name) == expected.map(\.name), sourceLocation: sourceLocation)
        for ((name, record), reference) in zip(tensors, expected) {
            #expect(record.dtype == reference.dtype, "\(name)", sourceLocation: sourceLocation)
            #expect(record.shape == reference.shape, "\(name)", sourceLocation: sourceLocation)
            #expect(record.bytes == reference.bytes, "\(name)", sourceLocation: sourceLocation)
            #expect(ElementValue.decode(record) == reference.values, "\(name)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        ("model_zip.pth", "model"), ("model_legacy.pth", "model"), ("model_zip64.pth", "model"),
        ("model_deflated.pth", "model"),
        ("views_zip.pth", "views"), ("views_legacy.pth", "views"),
        ("dtypes_zip.pth", "dtypes"), ("dtypes_legacy.pth", "dtypes"),
    ])
    func readsWhatPyTorchSaved(file: String, set: String) throws {
        let tensors = try PyTorchCheckpoint.read(contentsOf: Fixtures.url(file))
        expectMatches(tensors, try Fixtures.expected(set))
    }

    @Test func modelIncludesTheBatchNormCounter() throws {
        let tensors = try PyTorchCheckpoint.read(contentsOf: Fixtures.url("model_zip.pth"))
        let counter = try #require(tensors.first { $0.name == "1.num_batches_tracked" }?.record)
        #expect(counter == TensorRecord(dtype: .int64, shape: [], bytes: [7, 0, 0, 0, 0, 0, 0, 0]))
    }

    @Test func viewsComeBackContiguous() throws {
        let tensors = try PyTorchCheckpoint.read(contentsOf: Fixtures.url("views_zip.pth"))
        let byName = Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0.record) })
        let base = try #require(byName["base"])
        let transposed = try #require(byName["transposed"])
        #expect(transposed.shape == [6, 4])
        // transposed[i][j] == base[j][i], element by element (4-byte floats).
        for row in 0..<6 {
            for column in 0..<4 {
                let transposedStart = (row * 4 + column) * 4
                let baseStart = (column * 6 + row) * 4
                #expect(transposed.bytes[transposedStart..<transposedStart + 4] == base.bytes[baseStart..<baseStart + 4])
            }
        }
    }

    @Test func legacyAndZipAgree() throws {
        for set in ["model", "views", "dtypes"] {
            let zip = try PyTorchCheckpoint.read(contentsOf: Fixtures.url("\(set)_zip.pth"))
            let legacy = try PyTorchCheckpoint.read(contentsOf: Fixtures.url("\(set)_legacy.pth"))
            #expect(zip.map(\.name) == legacy.map(\.name))
            #expect(zip.map(\.record) == legacy.map(\.record))
        }
    }

    @Test func nestedCheckpointFlattensWithDottedNames() throws {
        let tensors = try PyTorchCheckpoint.read(contentsOf: Fixtures.url("model_nested.pth"))
        let expected = try Fixtures.expected("model")
        // "epoch" (an int) and "note" (a str) are not tensors and are skipped.
        #expect(tensors.map(\.name) == expected.map { "state_dict." + $0.name })
        #expect(tensors.map(\.record) == expected.map(\.record))
    }

    @Test func keySelectsOneTopLevelDict() throws {
        let tensors = try PyTorchCheckpoint.read(contentsOf: Fixtures.url("model_nested.pth"), key: "state_dict")
        expectMatches(tensors, try Fixtures.expected("model"))
    }

    @Test func missingKeyIsNotFound() throws {
        let url = try Fixtures.url("model_nested.pth")
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url, key: "model") }
        #expect(error?.reason == .notFound("the checkpoint has no top-level key \"model\""))
    }

    @Test func keyOfANonDictIsRefused() throws {
        let url = try Fixtures.url("model_nested.pth")
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url, key: "epoch") }
        #expect(error?.description.contains("is a int, not a dict of tensors") == true)
    }

    @Test func storageTooSmallForTheViewIsRefused() throws {
        let url = try Fixtures.url("storage_too_small.pth")
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(
            error?.reason == .malformed(
                "a tensor with offset 1, shape [3, 2] and strides [2, 1] needs 7 elements, but storage 0 holds 4"))
    }

    @Test func missingStorageEntryIsRefused() throws {
        let url = try Fixtures.url("missing_storage.pth")
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(
            error?.reason
                == .malformed("the pickle refers to storage 0, but the archive has no weird_folder_name/data/0"))
    }

    @Test func storageShorterThanDeclaredIsRefused() throws {
        let url = try Fixtures.url("short_storage.pth")
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(
            error?.reason
                == .malformed("zip entry weird_folder_name/data/0 holds 12 bytes, but the pickle declares 16"))
    }

    @Test func filesThatAreNoCheckpointAreRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let empty = try directory.file("empty.pth", contents: [])
        #expect(expectWeightsError(about: empty) { _ = try PyTorchCheckpoint.read(contentsOf: empty) }?.reason
            == .truncated("the file is empty"))
        let png = try directory.file("image.pth", contents: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(expectWeightsError(about: png) { _ = try PyTorchCheckpoint.read(contentsOf: png) }?.reason
            == .malformed("not a PyTorch checkpoint: neither a zip archive nor a pickle"))
        let fakeZip = try directory.file("fake.pth", contents: Array("PK but not a zip".utf8))
        let zipError = expectWeightsError(about: fakeZip) { _ = try PyTorchCheckpoint.read(contentsOf: fakeZip) }
        #expect(zipError?.reason == .malformed("not a readable zip archive: it has no end-of-central-directory record"))
        let missing = directory.url.appendingPathComponent("missing.pth")
        #expect(expectWeightsError(about: missing) { _ = try PyTorchCheckpoint.read(contentsOf: missing) }?.reason.isIO == true)
    }

    @Test func aPickleThatIsNotTorchsMagicNumberIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        // PROTO 2, BININT1 7, STOP: a valid pickle, but not a checkpoint.
        let url = try directory.file("seven.pkl", contents: [0x80, 0x02, 0x4B, 0x07, 0x2E])
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .malformed("not a PyTorch checkpoint: the first pickle is not torch's magic number"))
    }
}

extension WeightsError.Reason {
    var isIO: Bool {
        if case .io = self { true } else { false }
    }
}
