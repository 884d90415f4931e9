import FoveaImage
import Foundation
import Testing

@Suite struct HeatmapTests {
    @Test func cubehelixByHand() {
        // v = 0 and v = 1 have amplitude v(1 − v)/2 = 0: black and white.
        #expect(ColorMap.cubehelix(0) == (0, 0, 0))
        #expect(ColorMap.cubehelix(1) == (1, 1, 1))
        #expect(ColorMap.cubehelix(-3) == (0, 0, 0) && ColorMap.cubehelix(.nan) == (0, 0, 0))
        // v = 0.5: a = 0.125, φ = 2π(1/6 − 3/4) = −7π/6, cos φ = −√3/2, sin φ = 1/2, so
        // R = 0.5 + 0.125(0.14861·√3/2 + 1.78277/2) = 0.627511,
        // G = 0.5 + 0.125(0.29227·√3/2 − 0.90649/2) = 0.474984, B = 0.5 − 0.125·1.97294·√3/2 = 0.286423.
        let middle = ColorMap.cubehelix(0.5)
        #expect(abs(middle.red - 0.627511) < 1e-6 && abs(middle.green - 0.474984) < 1e-6)
        #expect(abs(middle.blue - 0.286423) < 1e-6)
    }

    @Test func cubehelixBrightnessIsTheValue() {
        // Green chose the helix's coefficients so that the luma 0.30 R + 0.59 G + 0.11 B is v itself: brightness
        // rises evenly with the value, in colour and in grey.
        for step in 0...100 {
            let value = Double(step) / 100
            let colour = ColorMap.cubehelix(value)
            #expect(abs(0.30 * colour.red + 0.59 * colour.green + 0.11 * colour.blue - value) < 1e-5)
        }
    }

    @Test func overlayBlendsByHand() throws {
        let gray = try #require(Image(width: 3, height: 1, channels: 1, pixels: [0, 200, 100]))
        let overlay = try gray.overlaid(heat: [0, 1, 0.5])
        #expect(overlay.width == 3 && overlay.height == 1 && overlay.channels == 3)
        // Half and half: black on 0 stays 0; white on 200 gives 100 + 127.5 = 227.5 → 228; cubehelix(0.5) on 100
        // gives 50 + 127.5·(0.627511, 0.474984, 0.286423) = (130.008, 110.560, 86.519) → (130, 111, 87).
        #expect(overlay.pixels == [0, 0, 0, 228, 228, 228, 130, 111, 87])

        let rgba = try #require(Image(width: 1, height: 1, channels: 4, pixels: [10, 20, 30, 77]))
        // Opacity 0 leaves the colour; alpha is kept.
        #expect(try rgba.overlaid(heat: [1], opacity: 0).pixels == [10, 20, 30, 77])
        #expect(throws: ImageError.self) { try gray.overlaid(heat: [0, 1]) }
        #expect(throws: ImageError.self) { try gray.overlaid(heat: [0, 1, 0], opacity: 1.5) }
    }
}
