import Foundation
import FoveaMetrics
import FoveaTestSupport

/// Typed access to the fixtures written by `scripts/fixtures/metrics.py`.
extension Fixture {
    static let classification = Result { try Fixture(named: "classification", in: .module) }
    static let retrieval = Result { try Fixture(named: "retrieval", in: .module) }

    func doubles(_ name: String) throws -> [Double] {
        try tensor(name).toArray(Double.self)
    }

    func double(_ name: String) throws -> Double {
        try tensor(name).scalar(Double.self)
    }

    func integers(_ name: String) throws -> [Int] {
        try tensor(name).toArray(Int64.self).map(Int.init)
    }

    /// A stored (samples, classes) matrix.
    func scores(_ name: String) throws -> ScoreMatrix {
        try ScoreMatrix(tensor(name))
    }
}
