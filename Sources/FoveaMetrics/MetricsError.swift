/// Bad input to a metric or a search: mismatched lengths, labels out of range, empty sets, undefined scores.
///
/// ```swift
/// do { _ = try accuracy(labels: [0, 1], predictions: [0]) }
/// catch let error as MetricsError { print(error) }   // "2 labels but 1 predictions"
/// ```
public struct MetricsError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Checks that `labels` is non-empty and every label lies in `0..<classCount`.
func validateLabels(_ labels: [Int], classCount: Int, name: String = "labels") throws(MetricsError) {
    guard !labels.isEmpty else { throw MetricsError("no \(name): metrics need at least one sample") }
    guard classCount > 0 else { throw MetricsError("the class count must be positive, got \(classCount)") }
    if let bad = labels.first(where: { !(0..<classCount).contains($0) }) {
        throw MetricsError("\(name) contain \(bad), outside 0..<\(classCount)")
    }
}

/// Checks that two per-sample arrays have one length.
func validateSameCount(_ first: Int, _ firstName: String, _ second: Int, _ secondName: String) throws(MetricsError) {
    guard first == second else { throw MetricsError("\(first) \(firstName) but \(second) \(secondName)") }
}
