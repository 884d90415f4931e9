@testable import FoveaReport

/// `body` on a canvas that measures text as rendering does (a one-pixel image surface).
func onMeasuringCanvas<Result>(_ body: (ChartCanvas) throws(ChartError) -> Result) throws -> Result {
    try ChartCanvas.measuring(body)
}

/// The strings `chart` draws, in order.
func drawnText(_ chart: some Chart) throws -> [String] {
    try onMeasuringCanvas { canvas in
        chart.draw(in: canvas)
        return canvas.drawnText
    }
}
