import Foundation
import FoveaTestSupport

/// Tolerances for float32 results: PyTorch runs the same libtorch, so only summation order may differ.
enum Tolerance {
    static let forward = 1e-5
    static let gradient = 1e-4
}

extension Fixture {
    /// `Fixtures/<name>.safetensors` of this test target.
    init(named name: String) throws { try self.init(named: name, in: .module) }
}
