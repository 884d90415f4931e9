import Foundation
import FoveaNN
import FoveaTensor
import Testing

/// `Module.loadWeights(contentsOf:)` on the fixtures of scripts/fixtures/weights_file.py: one state dict of
/// `Sequential(Conv2d(2, 3, 3), BatchNorm2d(3), ReLU, Flatten, Linear(12, 5))` in every format.
@Suite struct WeightsFileTests {
    private func fixture(_ name: String) throws -> URL {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Fixtures") else {
            throw TorchError("no fixture \(name)")
        }
        return url
    }

    private func makeModel(outputs: Int = 5) throws -> Sequential {
        try withSeed(11) {
            Sequential(
                try Conv2d(inputChannels: 2, outputChannels: 3, kernelSize: 3), try BatchNorm.twoD(features: 3),
                Activation.relu, Flatten(), try Linear(inputFeatures: 12, outputFeatures: outputs))
        }
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("WeightsFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The state dict as PyTorch saved it, read from the safetensors reference.
    private func reference() throws -> [(name: String, record: TensorRecord)] {
        try SafeTensors.read(contentsOf: fixture("weights_file.safetensors"))
    }

    private func expectHolds(_ model: any Module, _ expected: [(name: String, record: TensorRecord)]) throws {
        let byName = Dictionary(uniqueKeysWithValues: expected.map { ($0.name, $0.record) })
        let state = try model.stateDictRecords()
        #expect(state.count == expected.count)
        for (name, record) in state {
            #expect(record == byName[name], "\(name)")
        }
    }

    @Test(arguments: [
        ("weights_file.safetensors", WeightsFile.Format.safeTensors),
        ("weights_file_zip.pth", .pyTorchZip),
        ("weights_file_legacy.pth", .pyTorchLegacy),
    ])
    func loadsEveryFormatByContent(name: String, format: WeightsFile.Format) throws {
        let url = try fixture(name)
        #expect(try WeightsFile.format(of: url) == format)
        let model = try makeModel()
        let mismatch = try model.loadWeights(contentsOf: url)
        #expect(mismatch.missing.isEmpty && mismatch.unexpected.isEmpty && mismatch.wrongShapes.isEmpty)
        #expect(mismatch.file == url)
        try expectHolds(model, reference())
        #expect(try (model[1] as? BatchNorm)?.batchesTracked.scalar(Int64.self) == 7)
    }

    @Test func theFormatIsReadFromTheBytesNotTheName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let disguised = directory.appendingPathComponent("weights.safetensors")
        try FileManager.default.copyItem(at: fixture("weights_file_legacy.pth"), to: disguised)
        let model = try makeModel()
        try model.loadWeights(contentsOf: disguised)
        try expectHolds(model, reference())
    }

    /// A safetensors header of 128 bytes makes the file start with 0x80, a pickle's first byte.
    @Test func safeTensorsWhoseLengthLooksLikeAPickle() throws {
        var header = Array(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#.utf8)
        header += [UInt8](repeating: UInt8(ascii: " "), count: 128 - header.count)
        let value = Float(2.5).bitPattern
        let bytes = [0x80, 0, 0, 0, 0, 0, 0, 0] + header + (0..<4).map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("tricky.bin")
        try Data(bytes).write(to: url)
        #expect(try WeightsFile.format(of: url) == .safeTensors)
        let records = try WeightsFile.read(contentsOf: url)
        #expect(records.map(\.name) == ["w"])
        #expect(try Tensor(records[0].record).toArray(Float.self) == [2.5])
    }

    @Test func aKeySelectsPartOfTheFile() throws {
        let model = try makeModel()
        try model.loadWeights(contentsOf: fixture("weights_file_nested.pth"), key: "model")
        try expectHolds(model, reference())

        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefixed = directory.appendingPathComponent("prefixed.safetensors")
        let step = try Tensor.zeros([], dtype: .int64).record()
        try SafeTensors.write(reference().map { ("model.\($0.name)", $0.record) } + [("optimizer.step", step)], to: prefixed)
        let other = try makeModel()
        try other.loadWeights(contentsOf: prefixed, key: "model")
        try expectHolds(other, reference())

        let error = #expect(throws: WeightsError.self) { try other.loadWeights(contentsOf: prefixed, key: "ema") }
        #expect(error?.file == prefixed)
        #expect(error?.description.contains("ema.") == true)
    }

    @Test func strictLoadingNamesTheFileAndTheFirstMismatches() throws {
        let url = try fixture("weights_file_zip.pth")
        let model = try makeModel(outputs: 4)
        let before = try model.stateDictRecords()
        let mismatch = #expect(throws: StateDictMismatch.self) { try model.loadWeights(contentsOf: url) }
        #expect(mismatch?.file == url)
        #expect(mismatch?.wrongShapes.map(\.name) == ["4.weight", "4.bias"])
        #expect(mismatch?.wrongShapes.first?.expected == [4, 12])
        #expect(mismatch?.wrongShapes.first?.found == [5, 12])
        let description = mismatch?.description ?? ""
        #expect(description.hasPrefix(url.path + ": "))
        #expect(description.contains("4.weight: model [4, 12], weights [5, 12]"))
        #expect(try model.stateDictRecords().map(\.record) == before.map(\.record))
    }

    @Test func lenientLoadingLoadsWhatFitsAndListsTheRest() throws {
        let url = try fixture("weights_file_legacy.pth")
        let model = try withSeed(12) {
            Sequential(
                try Conv2d(inputChannels: 2, outputChannels: 3, kernelSize: 3), try BatchNorm.twoD(features: 3),
                Activation.relu, Flatten(), try Linear(inputFeatures: 12, outputFeatures: 4),
                try Linear(inputFeatures: 4, outputFeatures: 2))
        }
        let head = try model.stateDictRecords().filter { $0.name.hasPrefix("4.") || $0.name.hasPrefix("5.") }
        let mismatch = try model.loadWeights(contentsOf: url, strict: false)
        #expect(mismatch.file == url)
        #expect(mismatch.missing == ["5.weight", "5.bias"])
        #expect(mismatch.unexpected.isEmpty)
        #expect(mismatch.wrongShapes.map(\.name) == ["4.weight", "4.bias"])
        let loaded = try reference().filter { !$0.name.hasPrefix("4.") }
        let state = Dictionary(uniqueKeysWithValues: try model.stateDictRecords().map { ($0.name, $0.record) })
        for (name, record) in loaded { #expect(state[name] == record, "\(name)") }
        for (name, record) in head { #expect(state[name] == record, "\(name) kept its own values") }
    }

    @Test func filesThatAreNotWeightsAreRefusedByName() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = directory.appendingPathComponent("notes.pth")
        try Data("hello, weights".utf8).write(to: text)
        let empty = directory.appendingPathComponent("empty.pth")
        try Data().write(to: empty)
        let absent = directory.appendingPathComponent("absent.pth")
        let cases: [(URL, (WeightsError.Reason) -> Bool)] = [
            (text, { if case .malformed = $0 { true } else { false } }),
            (empty, { if case .truncated = $0 { true } else { false } }),
            (absent, { if case .io = $0 { true } else { false } }),
        ]
        for (url, expectedReason) in cases {
            let error = #expect(throws: WeightsError.self) { try makeModel().loadWeights(contentsOf: url) }
            #expect(error?.file == url)
            #expect(error.map { expectedReason($0.reason) } == true, "\(url.lastPathComponent): \(String(describing: error))")
            #expect(error?.description.hasPrefix(url.path) == true)
        }
    }
}
