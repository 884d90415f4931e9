/// Element-wise arithmetic with broadcasting, and matrix products.
extension Tensor {
    public static func + (lhs: Tensor, rhs: Tensor) throws(TorchError) -> Tensor {
        try call1("aten::add", overload: "Tensor", [.tensor(lhs), .tensor(rhs), .int(1)])
    }
    public static func - (lhs: Tensor, rhs: Tensor) throws(TorchError) -> Tensor {
        try call1("aten::sub", overload: "Tensor", [.tensor(lhs), .tensor(rhs), .int(1)])
    }
    public static func * (lhs: Tensor, rhs: Tensor) throws(TorchError) -> Tensor {
        try call1("aten::mul", overload: "Tensor", [.tensor(lhs), .tensor(rhs)])
    }
    public static func / (lhs: Tensor, rhs: Tensor) throws(TorchError) -> Tensor {
        try call1("aten::div", overload: "Tensor", [.tensor(lhs), .tensor(rhs)])
    }
    public static func + (lhs: Tensor, rhs: Double) throws(TorchError) -> Tensor {
        try call1("aten::add", overload: "Scalar", [.tensor(lhs), .double(rhs), .int(1)])
    }
    public static func - (lhs: Tensor, rhs: Double) throws(TorchError) -> Tensor {
        try call1("aten::sub", overload: "Scalar", [.tensor(lhs), .double(rhs), .int(1)])
    }
    public static func * (lhs: Tensor, rhs: Double) throws(TorchError) -> Tensor {
        try call1("aten::mul", overload: "Scalar", [.tensor(lhs), .double(rhs)])
    }
    public static func / (lhs: Tensor, rhs: Double) throws(TorchError) -> Tensor {
        try call1("aten::div", overload: "Scalar", [.tensor(lhs), .double(rhs)])
    }
    public static func + (lhs: Double, rhs: Tensor) throws(TorchError) -> Tensor { try rhs + lhs }
    public static func * (lhs: Double, rhs: Tensor) throws(TorchError) -> Tensor { try rhs * lhs }
    public static func - (lhs: Double, rhs: Tensor) throws(TorchError) -> Tensor {
        try call1("aten::rsub", overload: "Scalar", [.tensor(rhs), .double(lhs), .int(1)])
    }
    public static func / (lhs: Double, rhs: Tensor) throws(TorchError) -> Tensor {
        try call1("aten::mul", overload: "Scalar", [.tensor(rhs.reciprocal()), .double(lhs)])
    }
    public static prefix func - (operand: Tensor) throws(TorchError) -> Tensor {
        try call1("aten::neg", [.tensor(operand)])
    }

    private func unary(_ name: String) throws(TorchError) -> Tensor {
        try Tensor.call1(name, [.tensor(self)])
    }

    public func abs() throws(TorchError) -> Tensor { try unary("aten::abs") }
    public func sqrt() throws(TorchError) -> Tensor { try unary("aten::sqrt") }
    public func rsqrt() throws(TorchError) -> Tensor { try unary("aten::rsqrt") }
    public func square() throws(TorchError) -> Tensor { try unary("aten::square") }
    public func exp() throws(TorchError) -> Tensor { try unary("aten::exp") }
    public func log() throws(TorchError) -> Tensor { try unary("aten::log") }
    public func log1p() throws(TorchError) -> Tensor { try unary("aten::log1p") }
    public func reciprocal() throws(TorchError) -> Tensor { try unary("aten::reciprocal") }
    public func sign() throws(TorchError) -> Tensor { try unary("aten::sign") }
    public func floor() throws(TorchError) -> Tensor { try unary("aten::floor") }
    public func ceil() throws(TorchError) -> Tensor { try unary("aten::ceil") }
    public func rounded() throws(TorchError) -> Tensor { try unary("aten::round") }
    public func sin() throws(TorchError) -> Tensor { try unary("aten::sin") }
    public func cos() throws(TorchError) -> Tensor { try unary("aten::cos") }

    public func pow(_ exponent: Double) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::pow", overload: "Tensor_Scalar", [.tensor(self), .double(exponent)])
    }
    public func pow(_ exponent: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::pow", overload: "Tensor_Tensor", [.tensor(self), .tensor(exponent)])
    }

    /// Limits every element to `[min, max]`; either bound may be omitted.
    /// The remainder of division by `divisor` with the divisor's sign (Python's `%`), as `torch.remainder`.
    public func remainder(_ divisor: Double) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::remainder", overload: "Scalar", [.tensor(self), .double(divisor)])
    }

    public func clamped(min: Double? = nil, max: Double? = nil) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::clamp", [.tensor(self), .optional(min), .optional(max)])
    }

    public func maximum(_ other: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::maximum", [.tensor(self), .tensor(other)])
    }
    public func minimum(_ other: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::minimum", [.tensor(self), .tensor(other)])
    }

    /// Matrix product with NumPy broadcasting rules (`torch.matmul`).
    public func matmul(_ other: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::matmul", [.tensor(self), .tensor(other)])
    }
}
