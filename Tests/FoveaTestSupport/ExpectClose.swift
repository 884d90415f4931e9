import FoveaTensor
import Testing

/// Records an issue at the caller's line unless both arrays have one length and every element satisfies
/// |actual − expected| ≤ atol + rtol·|expected| (NaN matches only NaN, infinities only themselves).
/// The message gives the number of differing elements and the worst one.
public func expectClose(
    _ actual: [Double], _ expected: [Double], rtol: Double, atol: Double = 0, _ label: String = "values",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.count == expected.count else {
        Issue.record("\(label): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    var worst: (index: Int, error: Double)?
    var failures = 0
    for index in actual.indices {
        let (value, reference) = (actual[index], expected[index])
        if value == reference || (value.isNaN && reference.isNaN) { continue }
        let error = Swift.abs(value - reference)
        guard !(error <= atol + rtol * Swift.abs(reference)) else { continue }
        failures += 1
        if worst == nil || !(error <= worst?.error ?? 0) { worst = (index, error) }
    }
    if let worst {
        Issue.record(
            """
            \(label): \(failures) of \(actual.count) elements differ; max error \(worst.error) at flat index \
            \(worst.index) (got \(actual[worst.index]), expected \(expected[worst.index])); rtol \(rtol), atol \(atol)
            """,
            sourceLocation: sourceLocation)
    }
}

/// ``expectClose(_:_:rtol:atol:_:sourceLocation:)`` for tensors, which must also agree in shape and dtype.
public func expectClose(
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
        try expectClose(
            actual.toArray(Double.self), expected.toArray(Double.self), rtol: rtol, atol: atol, label,
            sourceLocation: sourceLocation)
    } catch {
        Issue.record(error, "\(label): cannot read values", sourceLocation: sourceLocation)
    }
}
