/// The value a ratio takes when its denominator is zero: precision of a class never predicted, recall of a class
/// absent from the labels (scikit-learn's `zero_division`).
///
/// scikit-learn's default `"warn"` gives 0 (and prints a warning): use ``zero`` for it.
///
/// ```swift
/// let report = try ClassificationReport(labels: [0, 0], predictions: [0, 0], classCount: 2, zeroDivision: .one)
/// print(report.precision)   // [1.0, 1.0]: class 1 was never predicted
/// ```
public enum ZeroDivision: Sendable, Equatable {
    /// 0, as scikit-learn's `zero_division="warn"` (its default) and `zero_division=0`.
    case zero
    /// 1, as `zero_division=1`.
    case one
    /// NaN, as `zero_division=np.nan` (scikit-learn 1.3 and later): macro and weighted averages skip NaN classes.
    case nan

    var value: Double {
        switch self {
        case .zero: 0
        case .one: 1
        case .nan: .nan
        }
    }

    /// `numerator / denominator`, or this value when the denominator is zero.
    func divide(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? value : Double(numerator) / Double(denominator)
    }
}
