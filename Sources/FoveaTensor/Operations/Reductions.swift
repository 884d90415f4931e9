/// Reductions over all elements or chosen dimensions.
extension Tensor {
    public func sum() throws(TorchError) -> Tensor {
        try Tensor.call1("aten::sum", [.tensor(self), .none])
    }
    public func sum(dims: [Int], keepDims: Bool = false) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::sum", overload: "dim_IntList", [.tensor(self), .ints(dims), .bool(keepDims), .none])
    }
    public func mean() throws(TorchError) -> Tensor {
        try Tensor.call1("aten::mean", [.tensor(self), .none])
    }
    public func mean(dims: [Int], keepDims: Bool = false) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::mean", overload: "dim", [.tensor(self), .ints(dims), .bool(keepDims), .none])
    }
    public func product() throws(TorchError) -> Tensor {
        try Tensor.call1("aten::prod", [.tensor(self), .none])
    }
    /// Variance; `unbiased` divides by n − 1 as PyTorch does by default.
    public func variance(dims: [Int]? = nil, unbiased: Bool = true, keepDims: Bool = false) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::var", overload: "dim", [.tensor(self), dims.map { .ints($0) } ?? .none, .bool(unbiased), .bool(keepDims)])
    }
    public func standardDeviation(dims: [Int]? = nil, unbiased: Bool = true, keepDims: Bool = false) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::std", overload: "dim", [.tensor(self), dims.map { .ints($0) } ?? .none, .bool(unbiased), .bool(keepDims)])
    }
    /// The largest element.
    public func max() throws(TorchError) -> Tensor { try Tensor.call1("aten::max", [.tensor(self)]) }
    /// The smallest element.
    public func min() throws(TorchError) -> Tensor { try Tensor.call1("aten::min", [.tensor(self)]) }
    /// Largest values along `dim` and their indices.
    public func max(dim: Int, keepDims: Bool = false) throws(TorchError) -> (values: Tensor, indices: Tensor) {
        let results = try Tensor.call("aten::max", overload: "dim", [.tensor(self), .int(dim), .bool(keepDims)])
        return (results[0], results[1])
    }
    /// Smallest values along `dim` and their indices.
    public func min(dim: Int, keepDims: Bool = false) throws(TorchError) -> (values: Tensor, indices: Tensor) {
        let results = try Tensor.call("aten::min", overload: "dim", [.tensor(self), .int(dim), .bool(keepDims)])
        return (results[0], results[1])
    }
    /// Index of the largest element along `dim` (of the flattened tensor when `dim` is nil).
    public func argmax(dim: Int? = nil, keepDims: Bool = false) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::argmax", [.tensor(self), .optional(dim), .bool(keepDims)])
    }
    public func argmin(dim: Int? = nil, keepDims: Bool = false) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::argmin", [.tensor(self), .optional(dim), .bool(keepDims)])
    }
    /// The `k` largest (or smallest) values along `dim`, sorted, with their indices.
    public func topK(_ k: Int, dim: Int = -1, largest: Bool = true) throws(TorchError) -> (values: Tensor, indices: Tensor) {
        let results = try Tensor.call("aten::topk", [.tensor(self), .int(k), .int(dim), .bool(largest), .bool(true)])
        return (results[0], results[1])
    }
    public func sorted(dim: Int = -1, descending: Bool = false) throws(TorchError) -> (values: Tensor, indices: Tensor) {
        let results = try Tensor.call("aten::sort", [.tensor(self), .int(dim), .bool(descending)])
        return (results[0], results[1])
    }
    public func cumulativeSum(dim: Int) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::cumsum", [.tensor(self), .int(dim), .none])
    }
    /// The p-norm over `dims` (all elements when nil).
    public func norm(_ p: Double = 2, dims: [Int]? = nil, keepDims: Bool = false) throws(TorchError) -> Tensor {
        try Tensor.call1(
            "aten::linalg_vector_norm", [.tensor(self), .double(p), dims.map { .ints($0) } ?? .none, .bool(keepDims), .none])
    }
    public func any() throws(TorchError) -> Tensor { try Tensor.call1("aten::any", [.tensor(self)]) }
    public func all() throws(TorchError) -> Tensor { try Tensor.call1("aten::all", [.tensor(self)]) }
}
