import Testing

@testable import FoveaReport

@Suite("Axes and ticks")
struct AxisTests {
    @Test("round ticks, the domain widened out to them")
    func linearTicks() {
        // Span 0.74 / 6 = 0.123 → step 0.2; widened to [0, 1].
        let scale = AxisScale.linearScale(0.13...0.87, widened: true)
        #expect(scale.domain == 0...1)
        #expect(scale.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        // Span 1400 / 6 = 233 → step 500: −500 … 1000 cover [−300, 1100] as 1500 … no: widened to [−500, 1500].
        let wide = AxisScale.linearScale(-300...1100, widened: true)
        #expect(wide.ticks == [-500, 0, 500, 1000, 1500])
        #expect(wide.labels == ["-500", "0", "500", "1000", "1500"])
        // A fixed range keeps its ends; ticks only inside it.
        let fixed = AxisScale.linearScale(-0.02...1.02)
        #expect(fixed.domain == -0.02...1.02 && fixed.labels == ["0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        // Step 0.05 needs two decimals.
        #expect(AxisScale.linearScale(0.1...0.3).labels == ["0.10", "0.15", "0.20", "0.25", "0.30"])
    }

    @Test("integer ticks never fall between whole numbers; a single value gets room around it")
    func integerTicks() {
        #expect(AxisScale.linearScale(1...3, integer: true, widened: true).ticks == [1, 2, 3])
        #expect(AxisScale.linearScale(1...1, integer: true, widened: true).ticks == [0, 1, 2])
        #expect(AxisScale.linearScale(0.5...0.5, widened: true).domain.contains(0.5))
    }

    @Test("decades on a logarithmic axis: labelled powers of ten, minor ticks at 2…9")
    func logarithmicTicks() {
        let scale = AxisScale.logarithmicScale(3e-5...0.4, widened: true)
        #expect(scale.domain == 1e-5...1)
        #expect(scale.labels == ["10⁻⁵", "10⁻⁴", "10⁻³", "10⁻²", "10⁻¹", "10⁰"])
        #expect(scale.minorTicks.count == 5 * 8)
        #expect(abs(scale.fraction(1e-3) - 0.4) < 1e-12)
        // Twelve decades: every other one labelled.
        let many = AxisScale.logarithmicScale(1e-9...1e3)
        #expect(many.labels == ["10⁻⁹", "10⁻⁷", "10⁻⁵", "10⁻³", "10⁻¹", "10¹", "10³"])
        // Within one decade: 1, 2 and 5 times powers of ten.
        #expect(AxisScale.logarithmicScale(0.15...0.9).labels == ["0.2", "0.5"])
    }
}
