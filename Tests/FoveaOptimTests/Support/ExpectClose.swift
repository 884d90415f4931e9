import Testing

/// How far Fovea may be from PyTorch.
enum Tolerance {
    /// float32 parameters: the same libtorch kernels, but scalar arguments may round differently.
    static let parameterRelative = 1e-5
    static let parameterAbsolute = 1e-6
    /// Learning rates and momentum are doubles; closed forms may differ from PyTorch's recursive ones by rounding.
    static let schedule = 1e-12
}

/// Records an issue at the caller's line unless both arrays have one length and every element satisfies
/// |actual − expected| ≤ absolute + relative·|expected|.
func expectClose(
    _ actual: [Double], _ expected: [Double], relative: Double, absolute: Double = 0, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.count == expected.count else {
        Issue.record("\(label): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    let failures = zip(actual, expected).enumerated().filter { _, pair in
        !(abs(pair.0 - pair.1) <= absolute + relative * abs(pair.1))
    }
    guard let (index, (value, reference)) = failures.max(by: { abs($0.1.0 - $0.1.1) < abs($1.1.0 - $1.1.1) }) else {
        return
    }
    Issue.record(
        """
        \(label): \(failures.count) of \(actual.count) values differ; worst at index \(index): got \(value), \
        expected \(reference)
        """,
        sourceLocation: sourceLocation)
}
