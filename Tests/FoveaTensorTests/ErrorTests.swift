import FoveaTensor
import Testing

/// libtorch's failures arrive as thrown `TorchError`s that name the call: nothing traps.
@Suite struct ErrorTests {
    private func message(_ body: () throws -> Tensor, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            _ = try body()
            Issue.record("expected a TorchError", sourceLocation: sourceLocation)
        } catch let error as TorchError {
            return error.message
        } catch {
            Issue.record("expected a TorchError, got \(error)", sourceLocation: sourceLocation)
        }
        return ""
    }

    @Test func broadcastMismatchNamesBothShapes() throws {
        let x = try Tensor.zeros([2, 3])
        let y = try Tensor.zeros([4])
        let text = message { try x + y }
        #expect(text.contains("aten::add"), "\(text)")
        #expect(text.contains("[2, 3]"), "\(text)")
        #expect(text.contains("[4]"), "\(text)")
    }

    @Test func convolutionWithTheWrongChannelCountThrows() throws {
        let image = try Tensor.zeros([1, 3, 5, 5])
        let weight = try Tensor.zeros([4, 2, 3, 3])
        let text = message { try image.conv2d(weight: weight) }
        #expect(text.contains("aten::conv2d"), "\(text)")
        #expect(text.contains("[1, 3, 5, 5]"), "\(text)")
    }

    @Test func matmulMismatchThrows() throws {
        let text = message { try Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5])) }
        #expect(text.contains("aten::matmul"), "\(text)")
    }

    @Test func outOfRangeIndicesThrow() throws {
        let x = try Tensor.zeros([2, 3])
        #expect(throws: TorchError.self) { try x.indexSelect(dim: 1, index: Tensor([5] as [Int64])) }
        #expect(throws: TorchError.self) { try x.selected(dim: 0, index: 2) }
        #expect(throws: TorchError.self) { try x.gather(dim: 1, index: Tensor([3] as [Int64], shape: [1, 1])) }
        #expect(throws: TorchError.self) { try x[7] }
        #expect(throws: TorchError.self) { try x.permuted([0, 0]) }
    }

    @Test func impossibleShapesThrow() throws {
        let x = try Tensor.zeros([2, 3])
        #expect(throws: TorchError.self) { try x.reshaped([4, 2]) }
        #expect(throws: TorchError.self) { try x.expanded(to: [3, 3]) }
        #expect(throws: TorchError.self) { try Tensor.concatenate([x, Tensor.zeros([2, 2])]) }
        #expect(throws: TorchError.self) { try x.scalar(Float.self) }
    }

    @Test func badOperatorCallsThrow() throws {
        let x = try Tensor.zeros([2])
        let unknown = message { try Tensor.call1("aten::no_such_operator", [.tensor(x)]) }
        #expect(unknown.contains("no_such_operator"), "\(unknown)")
        let arity = message { try Tensor.call1("aten::relu", [.tensor(x), .int(1)]) }
        #expect(arity.contains("expected 1 arguments"), "\(arity)")
        let several = message { try Tensor.call1("aten::sort", [.tensor(x), .int(-1), .bool(false)]) }
        #expect(several.contains("2 tensors"), "\(several)")
    }

    @Test func threadCountMustBePositive() throws {
        #expect(try Runtime.threadCount >= 1)
        #expect(throws: TorchError.self) { try Runtime.setThreadCount(0) }
    }

    @Test func errorsDoNotPoisonLaterCalls() throws {
        _ = message { try Tensor.zeros([2]) + Tensor.zeros([3]) }
        #expect(try (Tensor.ones([2]) + Tensor.ones([2])).toArray(Float.self) == [2, 2])
    }
}
