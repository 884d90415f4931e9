import FoveaNN
import FoveaTensor
import Testing

@Suite struct ForwardHookTests {
    @Test func aHookSeesTheOutputOfItsModuleOnly() throws {
        let model = Sequential(named: [
            ("double", Function { try $0 * 2 }), ("shift", Function { try $0 - 3 }), ("relu", Activation.relu),
        ])
        var seen: [[Float]] = []
        let output = try model.module(named: "shift").withForwardHook({ seen.append(try $0.toArray(Float.self)) }) {
            try model(Tensor([1, 2] as [Float]))
        }
        // By hand: 2·1 − 3 = −1, 2·2 − 3 = 1; the ReLU after the tapped layer gives 0 and 1.
        #expect(seen == [[-1, 1]])
        #expect(try output.toArray(Float.self) == [0, 1])
        _ = try model(Tensor([5] as [Float]))
        #expect(seen.count == 1, "the hook outlived its scope")
    }

    @Test func hooksNestAndSeeEveryCall() throws {
        let inner = Function { try $0 + 1 }
        let model = Sequential(named: [("a", inner), ("b", inner)])  // one module used twice
        var calls = 0
        var outerCalls = 0
        try model.withForwardHook({ _ in outerCalls += 1 }) {
            try inner.withForwardHook({ _ in calls += 1 }) { _ = try model(Tensor([0] as [Float])) }
        }
        #expect(calls == 2 && outerCalls == 1)
    }

    @Test func oneCallTapsManyModulesInTheOrderTheyFinish() throws {
        let model = Sequential(named: [
            ("block", Sequential(named: [("double", Function { try $0 * 2 }), ("shift", Function { try $0 - 3 })])),
            ("relu", Activation.relu),
        ])
        let tapped = model.namedModules.filter { !$0.name.isEmpty }
        var seen: [(String, [Float])] = []
        _ = try withForwardHooks(on: tapped.map(\.module), { seen.append((tapped[$0].name, try $1.toArray(Float.self))) }) {
            try model(Tensor([1, 2] as [Float]))
        }
        // A container finishes after its children: 2x = [2, 4], then 2x − 3 = [−1, 1] (the block's output too),
        // then the ReLU's [0, 1].
        #expect(seen.map(\.0) == ["block.double", "block.shift", "block", "relu"])
        #expect(seen.map(\.1) == [[2, 4], [-1, 1], [-1, 1], [0, 1]])
        _ = try model(Tensor([5] as [Float]))
        #expect(seen.count == 4, "the hooks outlived their scope")
    }

    @Test func anUnknownLayerNameListsTheValidOnes() throws {
        let model = Sequential(named: [("features", Sequential(Activation.relu, Flatten())), ("head", Activation.relu)])
        do {
            _ = try model.module(named: "features.2")
            Issue.record("an unknown layer name was accepted")
        } catch {
            #expect(error.validNames == ["features", "features.0", "features.1", "head"])
            #expect(error.description.contains("no layer named 'features.2'"))
        }
        #expect(try model.module(named: "features.1") is Flatten)
    }
}
