internal import CTorch

/// Gradients through libtorch's autograd.
extension Tensor {
    /// Whether operations on this tensor are recorded for `backward()`.
    public var requiresGrad: Bool {
        var flag: Int32 = 0
        _ = ct_requires_grad(handle, &flag)
        return flag != 0
    }

    /// Starts (or stops) recording operations on this leaf tensor; returns `self`.
    @discardableResult
    public func requiringGrad(_ enabled: Bool = true) throws(TorchError) -> Tensor {
        try check(ct_set_requires_grad(handle, enabled ? 1 : 0))
        return self
    }

    /// The gradient accumulated by `backward()`, or nil before any.
    public var grad: Tensor? {
        var made: ct_tensor?
        guard ct_grad(handle, &made) == 0, let made else { return nil }
        return Tensor(owning: made)
    }

    /// Replaces the accumulated gradient (nil clears it, as `optimizer.zero_grad(set_to_none=True)`).
    public func setGrad(_ gradient: Tensor?) throws(TorchError) {
        try check(ct_set_grad(handle, gradient?.handle))
    }

    /// The gradient of this tensor with respect to `input` (`torch.autograd.grad`), where `input` may be an
    /// intermediate result such as a layer's activation; unlike ``backward(_:retainGraph:)`` it accumulates nothing
    /// into any tensor's ``grad``. `gradient` may be omitted for a scalar.
    public func gradient(
        withRespectTo input: Tensor, seed gradient: Tensor? = nil, retainGraph: Bool = false
    ) throws(TorchError) -> Tensor {
        var made: ct_tensor?
        try check(ct_gradient(handle, input.handle, gradient?.handle, retainGraph ? 1 : 0, &made))
        guard let made else { throw TorchError("gradient: libtorch returned no tensor") }
        return Tensor(owning: made)
    }

    /// Back-propagates from this tensor; `gradient` may be omitted for a scalar.
    public func backward(_ gradient: Tensor? = nil, retainGraph: Bool = false) throws(TorchError) {
        try check(ct_backward(handle, gradient?.handle, retainGraph ? 1 : 0))
    }
}

/// Whether operations are recorded for autograd on this thread.
public var isGradEnabled: Bool {
    var flag: Int32 = 0
    _ = ct_is_grad_enabled(&flag)
    return flag != 0
}

/// Runs `body` with autograd recording off on this thread (`torch.no_grad()`), restoring the mode after.
public func withNoGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
    try withGradEnabled(false, body)
}

/// Runs `body` with autograd recording on or off on this thread, restoring the previous mode after.
public func withGradEnabled<Result>(_ enabled: Bool, _ body: () throws -> Result) rethrows -> Result {
    _ = Runtime.ready
    let previous = isGradEnabled
    _ = ct_set_grad_enabled(enabled ? 1 : 0)
    defer { _ = ct_set_grad_enabled(previous ? 1 : 0) }
    return try body()
}
