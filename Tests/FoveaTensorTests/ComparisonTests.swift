import FoveaTestSupport
import FoveaTensor
import Testing

@Suite struct ComparisonTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "comparison") }

    static let operations: [GoldenOperation] = [
        GoldenOperation("eq_tensor") { try $0.input("x").equal($0.input("y")) },
        GoldenOperation("ne_tensor") { try $0.input("x").notEqual($0.input("y")) },
        GoldenOperation("lt_tensor") { try $0.input("x").less($0.input("y")) },
        GoldenOperation("le_tensor") { try $0.input("x").lessOrEqual($0.input("y")) },
        GoldenOperation("gt_tensor") { try $0.input("x").greater($0.input("y")) },
        GoldenOperation("ge_tensor") { try $0.input("x").greaterOrEqual($0.input("y")) },
        GoldenOperation("eq_scalar") { try $0.input("x").equal(1) },
        GoldenOperation("ne_scalar") { try $0.input("x").notEqual(1) },
        GoldenOperation("lt_scalar") { try $0.input("x").less(1) },
        GoldenOperation("le_scalar") { try $0.input("x").lessOrEqual(1) },
        GoldenOperation("gt_scalar") { try $0.input("x").greater(1) },
        GoldenOperation("ge_scalar") { try $0.input("x").greaterOrEqual(1) },
        GoldenOperation("logical_not") { try $0.input("mask").logicalNot() },
        GoldenOperation("where", label: "replacing") {
            try $0.input("x").replacing(where: $0.input("condition"), with: $0.input("y"))
        },
        GoldenOperation("where", label: "select") {
            try Tensor.select($0.input("condition"), $0.input("x"), $0.input("y"))
        },
        GoldenOperation("masked_fill") { try $0.input("x").maskedFill($0.input("mask"), with: -1.5) },
        GoldenOperation("masked_select") { try $0.input("x").maskedSelect($0.input("mask")) },
    ]

    @Test("matches PyTorch", arguments: operations)
    func matchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }

    @Test func allCloseUsesBothTolerances() throws {
        let reference = try Tensor([1, 100] as [Float])
        #expect(try Tensor([1.000_001, 100.000_9] as [Float]).allClose(reference))
        #expect(try !Tensor([1.001, 100] as [Float]).allClose(reference))
        #expect(try Tensor([1.001, 100] as [Float]).allClose(reference, atol: 0.01))
        #expect(try !Tensor([1, 100.01] as [Float]).allClose(reference))
        #expect(try Tensor([1, 100.01] as [Float]).allClose(reference, rtol: 1e-3))
    }

    @Test func allCloseRejectsOtherShapes() throws {
        let row = try Tensor([1, 2] as [Float])
        #expect(try !row.allClose(row.reshaped([1, 2])))
        #expect(try row.allClose(row))
    }
}
