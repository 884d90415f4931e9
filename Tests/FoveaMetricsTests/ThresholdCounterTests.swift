@testable import FoveaMetrics
import Testing

/// The table-driven count of thresholds below a value against counting one by one, on awkward threshold sets.
@Suite("Threshold counting")
struct ThresholdCounterTests {
    static let thresholdSets: [[Double]] = [
        [0.5],
        [1, 1, 1, 1],
        [0, 0.1, 0.1, 0.2, 0.7, 0.7, 0.7, 3],
        [0.001, 0.0011, 0.0012, 0.0013, 1e6],   // clustered, one far outlier
        (0..<97).map { Double($0 * $0) / 50 },
        [1, 2, 3].map { $0 * Double.leastNonzeroMagnitude },   // a scale that overflows: no table
        [0.1, 0.15645605404892715, 0.3, 0.3, 0.5],   // 0.3 × the scale rounds into the cell above 0.3's edge
    ]

    @Test("counts match a linear count", arguments: thresholdSets)
    func counts(_ thresholds: [Double]) {
        var generator = SystemRandomNumberGenerator()
        let low = thresholds[0] - 1, high = (thresholds.last ?? 0) + 1
        let values = thresholds + thresholds.map { $0.nextUp } + thresholds.map { $0.nextDown }
            + (0..<500).map { _ in Double.random(in: low...high, using: &generator) }
        thresholds.withUnsafeBufferPointer { sorted in
            let counter = ThresholdCounter(sorted: sorted)
            for value in values {
                let expected = thresholds.count { $0 < value }
                #expect(counter.count(below: value) == expected, "\(value)")
                #expect(countBelow(value, in: sorted) == expected, "\(value)")
                #expect(countBelow(value, in: sorted, orEqual: true) == thresholds.count { $0 <= value }, "\(value)")
            }
        }
    }

    @Test("float32 thresholds")
    func float32() {
        let thresholds: [Float] = [0.1, 0.3, 0.3, 0.30000001, 0.9]
        thresholds.withUnsafeBufferPointer { sorted in
            let counter = ThresholdCounter(sorted: sorted)
            for value in thresholds + [0, 0.2, Float(0.3).nextUp, 0.95, 2] {
                #expect(counter.count(below: value) == thresholds.count { $0 < value }, "\(value)")
            }
        }
    }
}
