/// In-place updates, for optimisers and initialisers: they change `self`'s memory and are not differentiable
/// on leaves that require gradients unless run inside `withNoGrad`.
extension Tensor {
    /// A scalar argument of this tensor's kind: integer tensors refuse a float scalar in place, even 1.0.
    private func scalar(_ value: Double) -> OperatorArgument {
        !dtype.isFloatingPoint && value.rounded() == value && Swift.abs(value) < 9.0e15 ? .int(Int(value)) : .double(value)
    }

    /// `self += alpha · other`.
    public func add_(_ other: Tensor, alpha: Double = 1) throws(TorchError) {
        try callInPlace("aten::add_", overload: "Tensor", [.tensor(other), .double(alpha)])
    }
    public func add_(_ value: Double) throws(TorchError) {
        try callInPlace("aten::add_", overload: "Scalar", [scalar(value), .int(1)])
    }
    public func mul_(_ other: Tensor) throws(TorchError) {
        try callInPlace("aten::mul_", overload: "Tensor", [.tensor(other)])
    }
    public func mul_(_ value: Double) throws(TorchError) {
        try callInPlace("aten::mul_", overload: "Scalar", [scalar(value)])
    }
    public func div_(_ other: Tensor) throws(TorchError) {
        try callInPlace("aten::div_", overload: "Tensor", [.tensor(other)])
    }
    /// `self += value · t1 · t2`.
    public func addcmul_(_ t1: Tensor, _ t2: Tensor, value: Double = 1) throws(TorchError) {
        try callInPlace("aten::addcmul_", [.tensor(t1), .tensor(t2), .double(value)])
    }
    /// `self += value · t1 / t2`.
    public func addcdiv_(_ t1: Tensor, _ t2: Tensor, value: Double = 1) throws(TorchError) {
        try callInPlace("aten::addcdiv_", [.tensor(t1), .tensor(t2), .double(value)])
    }
    /// `self += weight · (end − self)`.
    public func lerp_(_ end: Tensor, weight: Double) throws(TorchError) {
        try callInPlace("aten::lerp_", overload: "Scalar", [.tensor(end), .double(weight)])
    }
    public func sqrt_() throws(TorchError) { try callInPlace("aten::sqrt_", []) }
    public func zero_() throws(TorchError) { try callInPlace("aten::zero_", []) }
    public func fill_(_ value: Double) throws(TorchError) {
        try callInPlace("aten::fill_", overload: "Scalar", [scalar(value)])
    }
    public func clamp_(min: Double? = nil, max: Double? = nil) throws(TorchError) {
        try callInPlace("aten::clamp_", [.optional(min), .optional(max)])
    }
    /// Copies `source` (broadcast, converted) into `self`.
    public func copy_(_ source: Tensor) throws(TorchError) {
        try callInPlace("aten::copy_", [.tensor(source), .bool(false)])
    }
    public func uniform_(from low: Double, to high: Double) throws(TorchError) {
        try callInPlace("aten::uniform_", [.double(low), .double(high), .none])
    }
    public func normal_(mean: Double = 0, std: Double = 1) throws(TorchError) {
        try callInPlace("aten::normal_", [.double(mean), .double(std), .none])
    }
}
