import FoveaTestSupport
import FoveaTensor
import Testing

@Suite struct ArithmeticTests {
    let fixture: Fixture
    init() throws { fixture = try Fixture(named: "arithmetic") }

    static let operations: [GoldenOperation] = [
        GoldenOperation("add") { try $0.input("x") + $0.input("y") },
        GoldenOperation("sub") { try $0.input("x") - $0.input("y") },
        GoldenOperation("mul") { try $0.input("x") * $0.input("y") },
        GoldenOperation("div") { try $0.input("x") / $0.input("y") },
        GoldenOperation("add_scalar") { try $0.input("x") + 2.5 },
        GoldenOperation("sub_scalar") { try $0.input("x") - 2.5 },
        GoldenOperation("mul_scalar") { try $0.input("x") * -1.5 },
        GoldenOperation("div_scalar") { try $0.input("x") / 4.0 },
        GoldenOperation("scalar_add") { try 2.5 + $0.input("x") },
        GoldenOperation("scalar_sub") { try 2.5 - $0.input("x") },
        GoldenOperation("scalar_mul") { try -1.5 * $0.input("x") },
        GoldenOperation("scalar_div") { try 3.0 / $0.input("x") },
        GoldenOperation("neg") { try -$0.input("x") },
        GoldenOperation("abs") { try $0.input("x").abs() },
        GoldenOperation("sqrt") { try $0.input("x").sqrt() },
        GoldenOperation("rsqrt") { try $0.input("x").rsqrt() },
        GoldenOperation("square") { try $0.input("x").square() },
        GoldenOperation("exp") { try $0.input("x").exp() },
        GoldenOperation("log") { try $0.input("x").log() },
        GoldenOperation("log1p") { try $0.input("x").log1p() },
        GoldenOperation("reciprocal") { try $0.input("x").reciprocal() },
        GoldenOperation("sign") { try $0.input("x").sign() },
        GoldenOperation("floor") { try $0.input("x").floor() },
        GoldenOperation("ceil") { try $0.input("x").ceil() },
        GoldenOperation("round") { try $0.input("x").rounded() },
        GoldenOperation("sin") { try $0.input("x").sin() },
        GoldenOperation("cos") { try $0.input("x").cos() },
        GoldenOperation("pow_cube") { try $0.input("x").pow(3) },
        GoldenOperation("pow_fraction") { try $0.input("x").pow(1.5) },
        GoldenOperation("pow_tensor") { try $0.input("x").pow($0.input("y")) },
        GoldenOperation("clamp") { try $0.input("x").clamped(min: -0.5, max: 0.8) },
        GoldenOperation("clamp_min") { try $0.input("x").clamped(min: -0.5) },
        GoldenOperation("clamp_max") { try $0.input("x").clamped(max: 0.8) },
        GoldenOperation("maximum") { try $0.input("x").maximum($0.input("y")) },
        GoldenOperation("minimum") { try $0.input("x").minimum($0.input("y")) },
        GoldenOperation("matmul_batched") { try $0.input("x").matmul($0.input("y")) },
        GoldenOperation("matmul_broadcast") { try $0.input("x").matmul($0.input("y")) },
        GoldenOperation("matmul_matrix_vector") { try $0.input("x").matmul($0.input("y")) },
    ]

    @Test("matches PyTorch", arguments: operations)
    func matchesPyTorch(_ operation: GoldenOperation) {
        operation.run(in: fixture)
    }
}
