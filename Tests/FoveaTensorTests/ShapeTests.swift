import FoveaTestSupport
import FoveaTensor
import Testing

@Suite struct ShapeTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "shape") }

    static let operations: [GoldenOperation] = [
        GoldenOperation("reshape") { try $0.input("x").reshaped([4, -1]) },
        GoldenOperation("view") { try $0.input("x").view([6, 4]) },
        GoldenOperation("permute") { try $0.input("x").permuted([2, 0, 1]) },
        GoldenOperation("transpose") { try $0.input("x").transposed(0, 2) },
        GoldenOperation("contiguous") { try $0.input("x").transposed(1, 2).contiguous() },
        GoldenOperation("squeeze_all") { try $0.input("x").squeezed() },
        GoldenOperation("squeeze_dim") { try $0.input("x").squeezed(dim: 1) },
        GoldenOperation("squeeze_dim_kept") { try $0.input("x").squeezed(dim: 0) },
        GoldenOperation("unsqueeze") { try $0.input("x").unsqueezed(dim: 1) },
        GoldenOperation("unsqueeze_last") { try $0.input("x").unsqueezed(dim: -1) },
        GoldenOperation("flatten_all") { try $0.input("x").flattened() },
        GoldenOperation("flatten_range") { try $0.input("x").flattened(from: 1, to: 2) },
        GoldenOperation("expand") { try $0.input("x").expanded(to: [2, -1, 4]) },
        GoldenOperation("repeat") { try $0.input("x").repeated([2, 1, 3]) },
        GoldenOperation("flip") { try $0.input("x").flipped(dims: [0, 2]) },
        GoldenOperation("narrow") { try $0.input("x").narrowed(dim: 2, start: 1, length: 2) },
        GoldenOperation("slice_step") { try $0.input("x").sliced(dim: 2, start: 1, step: 2) },
        GoldenOperation("slice_negative") { try $0.input("x").sliced(dim: 1, start: -2) },
        GoldenOperation("slice_clipped") { try $0.input("x").sliced(dim: 0, start: 1, end: 100) },
        GoldenOperation("slice_bounded") { try $0.input("x").sliced(dim: 2, start: 0, end: 3, step: 2) },
        GoldenOperation("select") { try $0.input("x").selected(dim: 1, index: 2) },
        GoldenOperation("select_negative") { try $0.input("x").selected(dim: 2, index: -1) },
        GoldenOperation("subscript") { try $0.input("x")[1] },
        GoldenOperation("cat_rows") { try Tensor.concatenate([$0.input("a"), $0.input("b")]) },
        GoldenOperation("cat_columns") { try Tensor.concatenate([$0.input("a"), $0.input("b")], dim: 1) },
        GoldenOperation("stack") { try Tensor.stack([$0.input("a"), $0.input("b")], dim: 1) },
        GoldenOperation("split", outputs: { try $0.input("x").split(size: 3, dim: 2) }),
        GoldenOperation("chunk", outputs: { try $0.input("x").chunked(2, dim: 1) }),
        GoldenOperation("index_select") { try $0.input("x").indexSelect(dim: 1, index: $0.input("index")) },
        GoldenOperation("index_advanced") { try $0.input("x").indexed([$0.input("first"), nil, $0.input("last")]) },
        GoldenOperation("index_middle") { try $0.input("x").indexed([nil, $0.input("middle")]) },
        GoldenOperation("gather") { try $0.input("x").gather(dim: 2, index: $0.input("index")) },
        GoldenOperation("scatter") {
            try $0.input("x").scatter(dim: 1, index: $0.input("index"), source: $0.input("source"))
        },
        GoldenOperation("scatter_add") {
            try $0.input("x").scatterAdd(dim: 1, index: $0.input("index"), source: $0.input("source"))
        },
        GoldenOperation("one_hot") { try $0.input("labels").oneHot(classes: 4) },
        GoldenOperation("clone") { try $0.input("x").cloned() },
        GoldenOperation("detach") { try $0.input("x").detached() },
    ]

    @Test("matches PyTorch", arguments: operations)
    func matchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    @Test func viewsShareMemoryAndCopiesDoNot() throws {
        let base = try Tensor.zeros([2, 3])
        let column = try base.narrowed(dim: 1, start: 1, length: 1)
        let copy = try base.cloned()
        try column.fill_(7)
        #expect(try base.toArray(Float.self) == [0, 7, 0, 0, 7, 0])
        #expect(try copy.toArray(Float.self) == [0, 0, 0, 0, 0, 0])
    }

    @Test func contiguityFollowsLayout() throws {
        let matrix = try Tensor.arange(0, 6, dtype: .float32).reshaped([2, 3])
        let transposed = try matrix.transposed(0, 1)
        #expect(matrix.isContiguous)
        #expect(!transposed.isContiguous)
        #expect(transposed.strides == [1, 3])
        let packed = try transposed.contiguous()
        #expect(packed.isContiguous)
        #expect(packed.strides == [2, 1])
        #expect(try packed.toArray(Float.self) == [0, 3, 1, 4, 2, 5])
        #expect(throws: TorchError.self) { try transposed.view([6]) }
        #expect(try transposed.reshaped([6]).toArray(Float.self) == [0, 3, 1, 4, 2, 5])
    }

    @Test func sizeCountsFromBothEnds() throws {
        let tensor = try Tensor.zeros([2, 3, 4])
        #expect(try tensor.size(0) == 2)
        #expect(try tensor.size(-1) == 4)
        #expect(tensor.rank == 3)
        #expect(tensor.elementCount == 24)
        #expect(throws: TorchError.self) { try tensor.size(3) }
        #expect(throws: TorchError.self) { try tensor.size(-4) }
    }
}
