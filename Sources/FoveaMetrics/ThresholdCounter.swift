/// Counts, for each of many values, the sorted thresholds below it: a table over equal-width cells of
/// [first threshold, last threshold] narrows the count to the thresholds of the value's cell, and a binary search
/// among those settles it exactly. About constant time per value where a plain binary search takes log₂(count)
/// dependent steps. Valid while the buffer it was made from is.
struct ThresholdCounter<Scalar: DistanceScalar> {
    private let thresholds: UnsafeBufferPointer<Scalar>
    /// `cellStarts[c]`: the thresholds below the lower edge of cell `c`; one more entry closes the last cell.
    private let cellStarts: [Int]
    private let scale: Scalar

    /// - Parameter thresholds: ascending, not empty.
    init(sorted thresholds: UnsafeBufferPointer<Scalar>) {
        self.thresholds = thresholds
        let cellCount = 2 * thresholds.count
        let (first, last) = (thresholds[0], thresholds[thresholds.count - 1])
        // Without a usable scale every value falls in cell 0, whose range widens to all thresholds.
        let ratio = Scalar(cellCount) / (last - first)
        let scale = last > first && ratio.isFinite ? ratio : 0
        self.scale = scale
        cellStarts = (0...cellCount).map { cell in
            scale > 0 ? countBelow(first + Scalar(cell) / scale, in: thresholds) : 0
        }
    }

    /// The number of thresholds below `value`.
    @inline(__always)
    func count(below value: Scalar) -> Int {
        let count = thresholds.count
        guard value > thresholds[0] else { return 0 }
        guard value <= thresholds[count - 1] else { return count }
        let cell = Swift.min(((value - thresholds[0]) * scale).truncated, cellStarts.count - 2)
        var low = cellStarts[cell], high = cellStarts[cell + 1]
        // Rounding may put a value in a neighbouring cell: widen the range unless it provably holds the answer.
        if low > 0, !(thresholds[low - 1] < value) { low = 0 }
        if high < count, thresholds[high] < value { high = count }
        return low + countBelow(value, in: UnsafeBufferPointer(rebasing: thresholds[low..<high]))
    }
}

/// The number of entries of ascending `sorted` below `value` (or at or below it): a binary search with a fixed
/// number of halvings and no early exit, so that its steps need not be predicted.
@inline(__always)
func countBelow<Scalar: DistanceScalar>(
    _ value: Scalar, in sorted: UnsafeBufferPointer<Scalar>, orEqual: Bool = false
) -> Int {
    var base = 0, length = sorted.count
    guard length > 0 else { return 0 }
    while length > 1 {
        let half = length / 2
        let probe = sorted[base + half]
        base = (probe < value || (orEqual && probe == value)) ? base + half : base
        length -= half
    }
    let last = sorted[base]
    return base + ((last < value || (orEqual && last == value)) ? 1 : 0)
}
