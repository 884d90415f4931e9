extension StridedTensor {
    /// Copies the elements this view selects from its storage into a contiguous record.
    ///
    /// Every index the view can reach is checked against the storage first, with overflow-checked
    /// arithmetic, so hostile sizes, strides or offsets produce an error rather than a trap.
    func record(storageBytes: [UInt8]) throws -> TensorRecord {
        let dtype = storage.dtype
        let elementSize = dtype.byteSize
        guard storageBytes.count == (try storage.byteCount()) else {
            throw WeightsFailure.malformed("storage \(storage.key) holds \(storageBytes.count) bytes, not \(storage.elementCount) \(dtype) elements")
        }
        let elementCount = try Self.checkedProduct(shape) {
            WeightsFailure.malformed("a tensor of shape \(shape) has more elements than can be addressed")
        }
        guard elementCount > 0 else { return TensorRecord(dtype: dtype, shape: shape, bytes: []) }

        // With non-negative strides, the last element is the farthest the view reaches.
        var lastIndex = offset
        for (extent, stride) in zip(shape, strides) {
            let (reach, overflowed) = (extent - 1).multipliedReportingOverflow(by: stride)
            let (sum, sumOverflowed) = lastIndex.addingReportingOverflow(reach)
            guard !overflowed, !sumOverflowed else {
                throw WeightsFailure.malformed("a tensor's strides \(strides) reach past any addressable storage")
            }
            lastIndex = sum
        }
        guard lastIndex < storage.elementCount else {
            throw WeightsFailure.malformed(
                "a tensor with offset \(offset), shape \(shape) and strides \(strides) needs \(lastIndex + 1) elements, "
                    + "but storage \(storage.key) holds \(storage.elementCount)")
        }

        if isContiguous {
            let start = offset * elementSize
            return TensorRecord(dtype: dtype, shape: shape, bytes: Array(storageBytes[start..<(start + elementCount * elementSize)]))
        }
        return TensorRecord(dtype: dtype, shape: shape, bytes: gather(storageBytes, elementCount: elementCount))
    }

    /// Walks the view in row-major order, copying element by element.
    private func gather(_ storageBytes: [UInt8], elementCount: Int) -> [UInt8] {
        let elementSize = storage.dtype.byteSize
        // An extent-1 dimension is never stepped along, so its stride (which may be anything) is ignored;
        // every other stride is at most the checked last index, so the walk cannot overflow.
        let strides = zip(shape, self.strides).map { extent, stride in extent == 1 ? 0 : stride }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(elementCount * elementSize)
        var position = [Int](repeating: 0, count: shape.count)
        var index = offset
        for _ in 0..<elementCount {
            let start = index * elementSize
            bytes.append(contentsOf: storageBytes[start..<(start + elementSize)])
            // Advance the multi-dimensional position like an odometer, innermost dimension first.
            for dimension in shape.indices.reversed() {
                position[dimension] += 1
                index += strides[dimension]
                if position[dimension] < shape[dimension] { break }
                index -= strides[dimension] * shape[dimension]
                position[dimension] = 0
            }
        }
        return bytes
    }

    /// Whether the view is row-major and dense, so its bytes are one slice of the storage.
    /// Extent-1 dimensions are skipped: their stride never matters (torch treats them the same way).
    private var isContiguous: Bool {
        var expected = 1
        for (extent, stride) in zip(shape, strides).reversed() where extent != 1 {
            guard stride == expected else { return false }
            expected *= extent
        }
        return true
    }

    static func checkedProduct(_ factors: [Int], overflow: () -> WeightsFailure) throws -> Int {
        try factors.reduce(1) { product, factor in
            let (result, overflowed) = product.multipliedReportingOverflow(by: factor)
            guard !overflowed else { throw overflow() }
            return result
        }
    }
}
