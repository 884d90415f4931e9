/// Many drawings rendered into one flat buffer with a label each, ready to become an (N, side, side) tensor.
public struct QuickDrawBatch: Sendable, Hashable {
    /// count × side × side bytes, drawing after drawing, each row-major; 255 = ink.
    public let pixels: [UInt8]
    /// Each drawing's index into `classes`.
    public let labels: [Int64]
    /// Class names; label `i` is `classes[i]`.
    public let classes: [String]
    public let count: Int
    public let side: Int

    /// [count, side, side].
    public var shape: [Int] { [count, side, side] }

    /// The pixels as floats in 0...1 (pixel / 255), same layout as `pixels`.
    public func floatPixels() -> [Float] {
        pixels.map { Float($0) / 255 }
    }
}

extension QuickDrawRasterizer {
    /// Renders `drawings` into one batch. Labels index `classes`; when `classes` is nil they are the drawings' words,
    /// sorted. A drawing whose word is not in `classes` is an error.
    public func batch(_ drawings: [QuickDrawDrawing], classes: [String]? = nil) throws(QuickDrawError) -> QuickDrawBatch {
        let classes = classes ?? Set(drawings.map(\.word)).sorted()
        let index = Dictionary(classes.enumerated().map { ($1, Int64($0)) }, uniquingKeysWith: { first, _ in first })
        var labels: [Int64] = []
        labels.reserveCapacity(drawings.count)
        for drawing in drawings {
            guard let label = index[drawing.word] else { throw .unknownClass(word: drawing.word, keyID: drawing.keyID) }
            labels.append(label)
        }
        let canvas = try QuickDrawCanvas(self)
        let area = side * side
        var pixels = [UInt8](repeating: 0, count: drawings.count * area)
        pixels.withUnsafeMutableBufferPointer { all in
            for (position, drawing) in drawings.enumerated() {
                canvas.draw(drawing.strokes, into: UnsafeMutableBufferPointer(rebasing: all[(position * area)..<((position + 1) * area)]))
            }
        }
        return QuickDrawBatch(pixels: pixels, labels: labels, classes: classes, count: drawings.count, side: side)
    }
}
