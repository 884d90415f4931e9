import FoveaTensor
import Testing

@Suite struct AutogradTests {
    @Test func withNoGradRecordsNothingAndRestoresTheMode() throws {
        let x = try Tensor([1, 2, 3] as [Float]).requiringGrad()
        #expect(isGradEnabled)
        let (inside, enabledInside) = try withNoGrad { (try x * 2, isGradEnabled) }
        #expect(!enabledInside)
        #expect(!inside.requiresGrad)
        #expect(isGradEnabled)
        #expect(try (x * 2).requiresGrad)
        #expect(throws: TorchError.self) { try inside.sum().backward() }
    }

    @Test func withNoGradRestoresTheModeWhenItsBodyThrows() throws {
        #expect(throws: TorchError.self) {
            try withNoGrad { throw TorchError("stop") }
        }
        #expect(isGradEnabled)
    }

    @Test func withGradEnabledReenablesInsideNoGrad() throws {
        let x = try Tensor([1, 2] as [Float]).requiringGrad()
        let recorded = try withNoGrad { try withGradEnabled(true) { try x * x } }
        #expect(recorded.requiresGrad)
        #expect(isGradEnabled)
    }

    @Test func gradientsAccumulateUntilCleared() throws {
        let x = try Tensor([1, -2, 3] as [Float]).requiringGrad()
        #expect(x.grad == nil)
        try (x * x).sum().backward()
        #expect(try x.grad?.toArray(Float.self) == [2, -4, 6])
        try (x * 3).sum().backward()
        #expect(try x.grad?.toArray(Float.self) == [5, -1, 9])
        try x.setGrad(nil)
        #expect(x.grad == nil)
        try x.setGrad(Tensor([7, 7, 7] as [Float]))
        #expect(try x.grad?.toArray(Float.self) == [7, 7, 7])
    }

    @Test func nonScalarBackwardNeedsASeedGradient() throws {
        let x = try Tensor([1, 2] as [Float]).requiringGrad()
        let y = try x * x
        #expect(throws: TorchError.self) { try y.backward() }
        try y.backward(Tensor([1, 10] as [Float]))
        #expect(try x.grad?.toArray(Float.self) == [2, 40])
    }

    @Test func aSecondBackwardNeedsTheRetainedGraph() throws {
        let x = try Tensor([3] as [Float]).requiringGrad()
        let y = try (x.exp() * x).sum()
        try y.backward(retainGraph: true)
        try y.backward()
        #expect(throws: TorchError.self) { try y.backward() }
    }

    @Test func gradientWithRespectToAnIntermediateResultTouchesNoGrad() throws {
        let x = try Tensor([1, -2, 3] as [Float]).requiringGrad()
        let y = try x * x
        let z = try (y * y * 0.5).sum()
        // By hand: z = Σ y²/2, so ∂z/∂y = y = x² = [1, 4, 9]; and ∂z/∂x = 2x³ = [2, −16, 54] through the kept
        // graph.
        #expect(try z.gradient(withRespectTo: y, retainGraph: true).toArray(Float.self) == [1, 4, 9])
        #expect(try z.gradient(withRespectTo: x).toArray(Float.self) == [2, -16, 54])
        #expect(x.grad == nil)
        // A non-scalar output takes a seed: ∂(Σ seed·y)/∂x = seed · 2x = [2, 40, 0].
        let seeded = try (x * x).gradient(withRespectTo: x, seed: Tensor([1, -10, 0] as [Float]))
        #expect(try seeded.toArray(Float.self) == [2, 40, 0])
        // A tensor the output does not depend on is an error, not a silent zero.
        let unrelated = try Tensor([5] as [Float]).requiringGrad()
        #expect(throws: TorchError.self) { try (x * 2).sum().gradient(withRespectTo: unrelated) }
    }

    @Test func detachedTensorsLeaveTheGraph() throws {
        let x = try Tensor([1, 2] as [Float]).requiringGrad()
        let detached = try (x * 2).detached()
        #expect(!detached.requiresGrad)
        try x.requiringGrad(false)
        #expect(!x.requiresGrad)
    }
}
