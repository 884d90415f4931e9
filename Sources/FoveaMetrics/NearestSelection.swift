/// The `k` smallest entries of a row, ordered by value and then by column: of equal values across the cut, the
/// lower columns are kept. A bounded max-heap, so a pass over a row of n entries costs O(n log k) at worst and about
/// one comparison per entry once the heap holds near neighbours.
func nearestEntries<Scalar: DistanceScalar>(
    of row: UnsafeBufferPointer<Scalar>, k: Int, excluding excluded: Int? = nil
) -> [(distance: Scalar, column: Int)] {
    var heap = NearestHeap<Scalar>(capacity: k)
    for column in row.indices where column != excluded {
        heap.offer(row[column], column)
    }
    return heap.sortedEntries()
}

/// A max-heap of at most `capacity` (distance, column) pairs, the worst on top. Columns are offered in increasing
/// order, so a newcomer at the top's distance is worse than the top and is refused.
private struct NearestHeap<Scalar: DistanceScalar> {
    private var distances: [Scalar] = []
    private var columns: [Int] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        distances.reserveCapacity(capacity)
        columns.reserveCapacity(capacity)
    }

    mutating func offer(_ distance: Scalar, _ column: Int) {
        if distances.count < capacity {
            distances.append(distance)
            columns.append(column)
            siftUp(distances.count - 1)
        } else if capacity > 0, distance < distances[0] {
            distances[0] = distance
            columns[0] = column
            siftDown(0)
        }
    }

    func sortedEntries() -> [(distance: Scalar, column: Int)] {
        zip(distances, columns).map { (distance: $0, column: $1) }.sorted {
            $0.distance < $1.distance || ($0.distance == $1.distance && $0.column < $1.column)
        }
    }

    /// Whether entry `a` ranks after entry `b`.
    private func isWorse(_ a: Int, than b: Int) -> Bool {
        distances[a] > distances[b] || (distances[a] == distances[b] && columns[a] > columns[b])
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard isWorse(child, than: parent) else { return }
            distances.swapAt(child, parent)
            columns.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var worst = parent
            let left = 2 * parent + 1, right = 2 * parent + 2
            if left < distances.count, isWorse(left, than: worst) { worst = left }
            if right < distances.count, isWorse(right, than: worst) { worst = right }
            guard worst != parent else { return }
            distances.swapAt(worst, parent)
            columns.swapAt(worst, parent)
            parent = worst
        }
    }
}
