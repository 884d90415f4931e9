/// Views, reshapes, joins and splits. Views share memory with `self`.
extension Tensor {
    /// The same elements in a new shape (a view when possible); one dimension may be -1.
    public func reshaped(_ shape: [Int]) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::reshape", [.tensor(self), .ints(shape)])
    }
    /// A view with a new shape; fails on non-contiguous memory where `reshaped` would copy.
    public func view(_ shape: [Int]) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::view", [.tensor(self), .ints(shape)])
    }
    public func permuted(_ dims: [Int]) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::permute", [.tensor(self), .ints(dims)])
    }
    public func transposed(_ dim0: Int, _ dim1: Int) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::transpose", overload: "int", [.tensor(self), .int(dim0), .int(dim1)])
    }
    /// Row-major memory (a copy only when needed).
    public func contiguous() throws(TorchError) -> Tensor {
        try Tensor.call1("aten::contiguous", [.tensor(self), .int(0)])
    }
    public func squeezed(dim: Int? = nil) throws(TorchError) -> Tensor {
        if let dim {
            return try Tensor.call1("aten::squeeze", overload: "dim", [.tensor(self), .int(dim)])
        }
        return try Tensor.call1("aten::squeeze", [.tensor(self)])
    }
    public func unsqueezed(dim: Int) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::unsqueeze", [.tensor(self), .int(dim)])
    }
    public func flattened(from start: Int = 0, to end: Int = -1) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::flatten", overload: "using_ints", [.tensor(self), .int(start), .int(end)])
    }
    /// Broadcasts size-1 dimensions to `shape` without copying (-1 keeps a size).
    public func expanded(to shape: [Int]) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::expand", [.tensor(self), .ints(shape), .bool(false)])
    }
    public func repeated(_ repeats: [Int]) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::repeat", [.tensor(self), .ints(repeats)])
    }
    public func flipped(dims: [Int]) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::flip", [.tensor(self), .ints(dims)])
    }
    /// `length` elements of `dim` starting at `start` (a view).
    public func narrowed(dim: Int, start: Int, length: Int) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::narrow", [.tensor(self), .int(dim), .int(start), .int(length)])
    }
    /// Python's `x[start:end:step]` along `dim` (a view); bounds are clipped as in Python.
    public func sliced(dim: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::slice", overload: "Tensor", [.tensor(self), .int(dim), .optional(start), .optional(end), .int(step)])
    }
    /// The sub-tensor at `index` of `dim`, with that dimension removed (a view).
    public func selected(dim: Int, index: Int) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::select", overload: "int", [.tensor(self), .int(dim), .int(index)])
    }
    public subscript(index: Int) -> Tensor {
        get throws(TorchError) { try selected(dim: 0, index: index) }
    }

    public static func concatenate(_ tensors: [Tensor], dim: Int = 0) throws(TorchError) -> Tensor {
        try call1("aten::cat", [.tensors(tensors), .int(dim)])
    }
    public static func stack(_ tensors: [Tensor], dim: Int = 0) throws(TorchError) -> Tensor {
        try call1("aten::stack", [.tensors(tensors), .int(dim)])
    }
    /// Pieces of `size` along `dim` (the last may be smaller).
    public func split(size: Int, dim: Int = 0) throws(TorchError) -> [Tensor] {
        try Tensor.call("aten::split", overload: "Tensor", [.tensor(self), .int(size), .int(dim)])
    }
    public func chunked(_ chunks: Int, dim: Int = 0) throws(TorchError) -> [Tensor] {
        try Tensor.call("aten::chunk", [.tensor(self), .int(chunks), .int(dim)])
    }

    // MARK: Indexing

    public func indexSelect(dim: Int, index: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::index_select", [.tensor(self), .int(dim), .tensor(index)])
    }
    /// Advanced indexing, `x[i0, i1, …]` with index tensors; nil keeps a whole dimension.
    public func indexed(_ indices: [Tensor?]) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::index", overload: "Tensor", [.tensor(self), .optionalTensors(indices)])
    }
    /// Elements where the boolean `mask` holds, flattened.
    public func maskedSelect(_ mask: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::masked_select", [.tensor(self), .tensor(mask)])
    }
    public func gather(dim: Int, index: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::gather", [.tensor(self), .int(dim), .tensor(index), .bool(false)])
    }
    /// A copy of `self` with `source` written at `index` along `dim`.
    public func scatter(dim: Int, index: Tensor, source: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::scatter", overload: "src", [.tensor(self), .int(dim), .tensor(index), .tensor(source)])
    }
    /// A copy of `self` with `source` added at `index` along `dim`.
    public func scatterAdd(dim: Int, index: Tensor, source: Tensor) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::scatter_add", [.tensor(self), .int(dim), .tensor(index), .tensor(source)])
    }
    public func oneHot(classes: Int) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::one_hot", [.tensor(self), .int(classes)])
    }

    // MARK: Copies and conversions

    public func converted(to dtype: DType) throws(TorchError) -> Tensor {
        try Tensor.call1("aten::to", overload: "dtype", [.tensor(self), .dtype(dtype), .bool(false), .bool(false), .none])
    }
    /// A copy with its own memory (gradients flow through it).
    public func cloned() throws(TorchError) -> Tensor {
        try Tensor.call1("aten::clone", [.tensor(self), .none])
    }
    /// The same memory, cut from the autograd graph.
    public func detached() throws(TorchError) -> Tensor {
        try Tensor.call1("aten::detach", [.tensor(self)])
    }
}
