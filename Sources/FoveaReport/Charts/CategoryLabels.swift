/// Class names under (or beside) a row of equal bands, fitted to them: horizontal when they fit, else turned 45°,
/// or 90° when even that crowds them; the font shrinks to the bands down to 4 pt, and past that only every few
/// bands are labelled. Names longer than `maximumWidth` are cut short with an ellipsis.
struct CategoryLabels {
    let texts: [String]
    let font: Font
    /// 0, −π/4 or −π/2: reading upwards to the right, ending at the band's centre.
    let angle: Double
    /// Label every `every`th band.
    let every: Int
    /// The height the labels take below their anchors.
    let height: Double
    /// The width of the widest, unturned: what they take beside a vertical axis.
    let widest: Double
    /// How far the first label reaches left of its band's centre.
    let leftOverhang: Double

    init(_ names: [String], bandWidth: Double, maximumWidth: Double, _ canvas: ChartCanvas) {
        let base = Style.tickFont
        let baseHeight = canvas.lineHeight(base)
        let font = base.resized(Swift.max(4, Swift.min(base.size, base.size * bandWidth * 0.92 / baseHeight)))
        let lineHeight = canvas.lineHeight(font)
        let every = Swift.max(1, Int((lineHeight / Swift.max(bandWidth, 1e-6)).rounded(.up)))
        let texts = names.map { canvas.truncated($0, toWidth: maximumWidth, font) }
        let widths = texts.map { canvas.width($0, font) }
        let widest = widths.max() ?? 0
        let spacing = bandWidth * Double(every)
        let diagonal = 0.5.squareRoot()
        if widest <= spacing - 4 {
            (angle, height, leftOverhang) = (0, lineHeight, (widths.first ?? 0) / 2)
        } else if lineHeight / diagonal <= spacing {
            (angle, height) = (-Double.pi / 4, (widest + lineHeight) * diagonal)
            leftOverhang = ((widths.first ?? 0) + lineHeight / 2) * diagonal
        } else {
            (angle, height, leftOverhang) = (-Double.pi / 2, widest, lineHeight / 2)
        }
        (self.texts, self.font, self.every, self.widest) = (texts, font, every, widest)
    }

    /// The indices of the labelled bands.
    func labelled(_ count: Int) -> StrideTo<Int> {
        stride(from: 0, to: count, by: every)
    }

    /// Draws label `index` hanging from `anchor`, the point below its band's centre.
    func draw(_ index: Int, at anchor: Point, _ canvas: ChartCanvas) {
        if angle == 0 {
            canvas.drawText(texts[index], at: anchor, font, Style.secondaryText, horizontal: .center, vertical: .top)
        } else {
            canvas.drawText(
                texts[index], at: anchor, font, Style.secondaryText, horizontal: .trailing, vertical: .middle,
                angle: angle)
        }
    }
}
