/// Bad input to a chart (no data, mismatched lengths, values that cannot be drawn), or a failure of cairo itself.
///
/// ```swift
/// do { _ = try BarChart(title: "F1", categories: ["cat"], series: [.init(name: "F1", values: [])]) }
/// catch let error as ChartError { print(error) }   // "series F1: 0 values for 1 categories"
/// ```
public struct ChartError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
