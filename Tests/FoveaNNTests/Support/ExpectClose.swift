import FoveaTensor
import Testing

/// Tolerances for float32 results: PyTorch runs the same libtorch, so only summation order may differ.
enum Tolerance {
    static let forward = 1e-5
    static let gradient = 1e-4
}

/// Records an issue at the caller's line unless `actual` has `expected`'s shape and dtype and every element
/// satisfies |actual − expected| ≤ atol + rtol·|expected| (NaN matches only NaN, infinities only themselves).
func expectClose(
    _ actual: Tensor, _ expected: Tensor, rtol: Double, atol: Double, _ label: String = "tensor",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.shape == expected.shape, actual.dtype == expected.dtype else {
        Issue.record(
            "\(label): got \(actual.dtype) \(actual.shape), expected \(expected.dtype) \(expected.shape)",
            sourceLocation: sourceLocation)
        return
    }
    do {
        let actualValues = try actual.toArray(Double.self)
        let expectedValues = try expected.toArray(Double.self)
        var worst: (index: Int, error: Double)?
        var failures = 0
        for index in actualValues.indices {
            let (value, reference) = (actualValues[index], expectedValues[index])
            if value == reference || (value.isNaN && reference.isNaN) { continue }
            let error = Swift.abs(value - reference)
            guard !(error <= atol + rtol * Swift.abs(reference)) else { continue }
            failures += 1
            if worst == nil || !(error <= worst?.error ?? 0) { worst = (index, error) }
        }
        if let worst {
            Issue.record(
                """
                \(label): \(failures) of \(actualValues.count) elements differ; max error \(worst.error) at flat \
                index \(worst.index) (got \(actualValues[worst.index]), expected \(expectedValues[worst.index])); \
                rtol \(rtol), atol \(atol)
                """,
                sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record(error, "\(label): cannot read values", sourceLocation: sourceLocation)
    }
}
