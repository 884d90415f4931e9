import FoveaTestSupport
import FoveaNN
import FoveaTensor
import Testing

@Suite struct StateDictTests {
    private func makeLayers() throws -> Sequential {
        try withSeed(3) {
            Sequential(try Linear(inputFeatures: 3, outputFeatures: 2), try BatchNorm.oneD(features: 2))
        }
    }

    private func records(of module: any Module) throws -> [(name: String, record: TensorRecord)] {
        try module.stateDictRecords()
    }

    @Test func recordsRoundTripBetweenModules() throws {
        let source = try makeLayers()
        try withNoGrad { try source.parameters[0].fill_(0.25) }
        try withNoGrad { try (source[1] as? BatchNorm)?.batchesTracked.fill_(5) }
        let target = try makeLayers()
        try target.loadStateDict(records(of: source))
        for (loaded, original) in zip(target.stateDict, source.stateDict) {
            #expect(loaded.name == original.name)
            expectClose(loaded.tensor, original.tensor, rtol: 0, atol: 0, loaded.name)
        }
        #expect(try (target[1] as? BatchNorm)?.batchesTracked.scalar(Int64.self) == 5)
    }

    @Test func loadingConvertsElementTypes() throws {
        let layer = try withSeed(4) { try Linear(inputFeatures: 2, outputFeatures: 1) }
        let weight = try Tensor([0.5, -1] as [Double], shape: [1, 2]).record()
        let bias = try Tensor([2] as [Double], shape: [1]).record()
        try layer.loadStateDict([("weight", weight), ("bias", bias)])
        #expect(layer.weight.dtype == .float32)
        #expect(try layer.weight.toArray(Float.self) == [0.5, -1])
        #expect(layer.weight.requiresGrad)
    }

    @Test func strictLoadingRejectsMismatchesAndChangesNothing() throws {
        let target = try makeLayers()
        let before = try records(of: target)
        var weights = try records(of: makeLayers())
        weights.removeAll { $0.name == "1.running_mean" }
        weights.append(("2.weight", try Tensor.zeros([1]).record()))
        if let index = weights.firstIndex(where: { $0.name == "0.bias" }) {
            weights[index].record = try Tensor.zeros([3]).record()
        }
        do {
            try target.loadStateDict(weights)
            Issue.record("a mismatched state dict loaded")
        } catch let mismatch as StateDictMismatch {
            #expect(mismatch.missing == ["1.running_mean"])
            #expect(mismatch.unexpected == ["2.weight"])
            #expect(mismatch.wrongShapes.map(\.name) == ["0.bias"])
            #expect(mismatch.wrongShapes.first?.expected == [2])
            #expect(mismatch.wrongShapes.first?.found == [3])
            #expect(mismatch.description.contains("1.running_mean"))
            #expect(mismatch.description.contains("2.weight"))
        }
        #expect(try records(of: target).map(\.record) == before.map(\.record))
    }

    @Test func lenientLoadingLoadsWhatFitsAndReportsTheRest() throws {
        let target = try makeLayers()
        let source = try makeLayers()
        try withNoGrad { try source.parameters[0].fill_(0.5) }
        var weights = try records(of: source)
        weights.removeAll { $0.name == "0.bias" }
        let mismatch = try target.loadStateDict(weights, strict: false)
        #expect(mismatch.missing == ["0.bias"])
        #expect(try target.parameters[0].toArray(Float.self) == [Float](repeating: 0.5, count: 6))
    }
}
