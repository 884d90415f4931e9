import Foundation

/// A value axis of a chart: its label, its scale, and the range of values it shows.
///
/// ```swift
/// ChartAxis("Learning rate", scale: .logarithmic)
/// ChartAxis("Accuracy", range: 0...1)
/// ChartAxis("Epoch", integerTicks: true)
/// ```
public struct ChartAxis: Sendable, Equatable {
    /// How values map to positions along the axis.
    public enum Scale: Sendable, Equatable {
        case linear
        /// Equal distances for equal ratios, ticks at powers of ten; every value must be positive.
        case logarithmic
    }

    public var label: String
    public var scale: Scale
    /// The values shown; nil fits the data, widened to round tick values (whole decades on a logarithmic axis).
    public var range: ClosedRange<Double>?
    /// Ticks only at whole numbers, for epochs and counts.
    public var integerTicks: Bool

    public init(_ label: String, scale: Scale = .linear, range: ClosedRange<Double>? = nil, integerTicks: Bool = false) {
        self.label = label
        self.scale = scale
        self.range = range
        self.integerTicks = integerTicks
    }
}

/// An axis resolved against its data: the domain, and the ticks with their labels.
struct AxisScale {
    let domain: ClosedRange<Double>
    let logarithmic: Bool
    /// Labelled ticks with grid lines.
    let ticks: [Double]
    let labels: [String]
    /// Unlabelled ticks with fainter grid lines (between the decades of a logarithmic axis).
    let minorTicks: [Double]

    /// Where `value` falls along the axis: 0 at the domain's lower end, 1 at its upper end.
    func fraction(_ value: Double) -> Double {
        if logarithmic {
            return (log10(value) - log10(domain.lowerBound)) / (log10(domain.upperBound) - log10(domain.lowerBound))
        }
        return (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
    }

    /// Resolves `axis` for `data`, which must already be finite (and positive on a logarithmic axis).
    /// - Parameter name: names the axis in errors.
    static func resolve(_ axis: ChartAxis, data: [Double], name: String) throws(ChartError) -> AxisScale {
        let logarithmic = axis.scale == .logarithmic
        if let range = axis.range {
            guard range.lowerBound.isFinite, range.upperBound.isFinite, range.lowerBound < range.upperBound else {
                throw ChartError("the \(name) range \(range) must be finite and not empty")
            }
            guard !logarithmic || range.lowerBound > 0 else {
                throw ChartError("the logarithmic \(name) range \(range) must be positive")
            }
            try checkMagnitude(range.lowerBound, range.upperBound, logarithmic: logarithmic, name: name)
            return logarithmic ? logarithmicScale(range) : linearScale(range, integer: axis.integerTicks)
        }
        guard let low = data.min(), let high = data.max() else {
            throw ChartError("the \(name) has no values and no range")
        }
        try checkMagnitude(low, high, logarithmic: logarithmic, name: name)
        return logarithmic
            ? logarithmicScale(low...high, widened: true)
            : linearScale(low...high, integer: axis.integerTicks, widened: true)
    }

    /// Throws for values so near the ends of Double's range that spans, round ticks or decades around them would
    /// overflow: beyond ±1e300, or below 1e-300 on a logarithmic axis.
    private static func checkMagnitude(_ low: Double, _ high: Double, logarithmic: Bool, name: String) throws(ChartError) {
        let limit = 1e300
        guard Swift.abs(low) <= limit, Swift.abs(high) <= limit, !logarithmic || low >= 1 / limit else {
            throw ChartError(
                "the \(name) values \(low)...\(high) span more than the axis can show (at most ±1e300"
                    + (logarithmic ? ", at least 1e-300 on a logarithmic axis)" : ")"))
        }
    }

    /// Ticks at multiples of a round step; `widened` stretches the domain out to the nearest ticks.
    static func linearScale(
        _ range: ClosedRange<Double>, integer: Bool = false, widened: Bool = false
    ) -> AxisScale {
        var (low, high) = (range.lowerBound, range.upperBound)
        if high == low {
            let pad = integer ? 1 : Swift.max(Swift.abs(low) * 0.1, 1e-3)
            (low, high) = (low - pad, high + pad)
        }
        let step = niceStep(span: high - low, integer: integer)
        if widened {
            (low, high) = ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
        }
        let first = Int((low / step - 1e-9).rounded(.up)), last = Int((high / step + 1e-9).rounded(.down))
        let ticks = (first...Swift.max(first, last)).map { Double($0) * step }.filter { $0 >= low - step * 1e-9 && $0 <= high + step * 1e-9 }
        let format = TickFormat(step: step, largest: ticks.map(Swift.abs).max() ?? 0)
        return AxisScale(
            domain: low...high, logarithmic: false, ticks: ticks, labels: ticks.map(format.label), minorTicks: [])
    }

    /// Ticks at powers of ten (every few when there are many), minor ticks at their multiples 2…9; a range within
    /// one decade gets ticks at 1, 2 and 5 times powers of ten. `widened` stretches the domain out to whole decades.
    static func logarithmicScale(_ range: ClosedRange<Double>, widened: Bool = false) -> AxisScale {
        var (low, high) = (range.lowerBound, range.upperBound)
        if widened {
            let (lowDecade, highDecade) = (log10(low).rounded(.down), log10(high).rounded(.up))
            (low, high) = (pow(10, lowDecade), pow(10, highDecade == lowDecade ? highDecade + 1 : highDecade))
        }
        let inside = { (value: Double) in value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9) }
        let decadesAround = Int(log10(low).rounded(.down))...Int(log10(high).rounded(.up))
        let multiples = { (mantissas: ClosedRange<Int>) in
            decadesAround.flatMap { decade in mantissas.map { Double($0) * pow(10, Double(decade)) } }.filter(inside)
        }
        let decades = decadesAround.filter { inside(pow(10, Double($0))) }
        guard decades.count >= 2, let firstDecade = decades.first else {
            let ticks = multiples(1...9).filter { [1, 2, 5].contains(($0 / pow(10, log10($0).rounded(.down))).rounded()) }
            return AxisScale(
                domain: low...high, logarithmic: true, ticks: ticks, labels: ticks.map(TickFormat.plain),
                minorTicks: multiples(1...9).filter { !ticks.contains($0) })
        }
        // At most about eight labels; the decades between them keep a grid line.
        let every = (decades.count + 7) / 8
        let labelled = decades.filter { ($0 - firstDecade) % every == 0 }
        let ticks = labelled.map { pow(10, Double($0)) }
        let between = decades.filter { !labelled.contains($0) }.map { pow(10, Double($0)) }
        return AxisScale(
            domain: low...high, logarithmic: true, ticks: ticks, labels: labelled.map(powerOfTen),
            minorTicks: between + (decadesAround.count > 8 ? [] : multiples(2...9)))
    }

    /// A round step (1, 2 or 5 times a power of ten) giving about six ticks over `span`.
    static func niceStep(span: Double, integer: Bool) -> Double {
        let raw = span / 6
        let magnitude = pow(10, log10(raw).rounded(.down))
        let residual = raw / magnitude
        let step = magnitude * (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10)
        return integer ? Swift.max(1, step.rounded()) : step
    }

    /// "10⁻³" for `exponent` −3.
    static func powerOfTen(_ exponent: Int) -> String {
        let superscripts: [Character: Character] = [
            "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹",
        ]
        return "10" + String(String(exponent).compactMap { superscripts[$0] })
    }
}

/// How the labels of evenly spaced ticks are written: as many decimals as the step needs, the same for all.
struct TickFormat {
    let decimals: Int
    let scientific: Bool

    init(step: Double, largest: Double) {
        let decimals = step >= 1 ? 0 : Int((-log10(step) - 1e-9).rounded(.up))
        scientific = decimals > 5 || largest >= 1e7
        self.decimals = decimals
    }

    func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        if scientific { return TickFormat.plain(value) }
        return String(format: "%.\(decimals)f", value)
    }

    /// The shortest of `%g`'s forms, for a lone value.
    static func plain(_ value: Double) -> String {
        String(format: "%g", value)
    }
}
