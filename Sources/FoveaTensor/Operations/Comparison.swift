/// Element-wise comparisons (boolean results) and selection by mask.
extension Tensor {
    private func compare(_ name: String, _ other: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1(name, overload: "Tensor", [.tensor(self), .tensor(other)])
    }
    private func compare(_ name: String, _ other: Double) throws(TorchError) -> Tensor {
        try Tensor.call1(name, overload: "Scalar", [.tensor(self), .double(other)])
    }

    public func equal(_ other: Tensor) throws(TorchError) -> Tensor { try compare("aten::eq", other) }
    public func notEqual(_ other: Tensor) throws(TorchError) -> Tensor { try compare("aten::ne", other) }
    public func less(_ other: Tensor) throws(TorchError) -> Tensor { try compare("aten::lt", other) }
    public func lessOrEqual(_ other: Tensor) throws(TorchError) -> Tensor { try compare("aten::le", other) }
    public func greater(_ other: Tensor) throws(TorchError) -> Tensor { try compare("aten::gt", other) }
    public func greaterOrEqual(_ other: Tensor) throws(TorchError) -> Tensor { try compare("aten::ge", other) }
    public func equal(_ other: Double) throws(TorchError) -> Tensor { try compare("aten::eq", other) }
    public func notEqual(_ other: Double) throws(TorchError) -> Tensor { try compare("aten::ne", other) }
    public func less(_ other: Double) throws(TorchError) -> Tensor { try compare("aten::lt", other) }
    public func lessOrEqual(_ other: Double) throws(TorchError) -> Tensor { try compare("aten::le", other) }
    public func greater(_ other: Double) throws(TorchError) -> Tensor { try compare("aten::gt", other) }
    public func greaterOrEqual(_ other: Double) throws(TorchError) -> Tensor { try compare("aten::ge", other) }

    public func logicalNot() throws(TorchError) -> Tensor { try Tensor.call1("aten::logical_not", [.tensor(self)]) }

    /// `self` where `condition` holds, `other` elsewhere (`torch.where(condition, self, other)`).
    public func replacing(where condition: Tensor, with other: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::where", overload: "self", [.tensor(condition), .tensor(self), .tensor(other)])
    }

    /// `torch.where(condition, a, b)`.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws(TorchError) -> Tensor {
        try call1("aten::where", overload: "self", [.tensor(condition), .tensor(a), .tensor(b)])
    }

    public func maskedFill(_ mask: Tensor, with value: Double) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::masked_fill", overload: "Scalar", [.tensor(self), .tensor(mask), .double(value)])
    }

    /// True when both have the same shape and every pair of elements is within `atol + rtol·|other|`.
    public func allClose(_ other: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8) throws(TorchError) -> Bool {
        guard shape == other.shape else { return false }
        let result = try Tensor.call1(
            "aten::isclose", [.tensor(self), .tensor(other), .double(rtol), .double(atol), .bool(false)])
        return try result.all().scalar(Bool.self)
    }
}
