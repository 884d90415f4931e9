/// One point of a simplified Quick Draw drawing, in the dataset's 0...255 box.
public struct QuickDrawPoint: Sendable, Hashable {
    public var x: UInt8
    public var y: UInt8

    public init(x: UInt8, y: UInt8) {
        self.x = x
        self.y = y
    }
}

/// One pen stroke: the points the pen passed through, in order.
public struct QuickDrawStroke: Sendable, Hashable {
    public var points: [QuickDrawPoint]

    public init(points: [QuickDrawPoint]) {
        self.points = points
    }

    /// A stroke from the dataset's `[[x0, x1, ...], [y0, y1, ...]]` pairs; extra values of the longer array are dropped.
    public init(x: [UInt8], y: [UInt8]) {
        points = zip(x, y).map { QuickDrawPoint(x: $0, y: $1) }
    }
}

/// One line of a Quick Draw `.ndjson` file in the "simplified" format.
public struct QuickDrawDrawing: Sendable, Hashable {
    /// The class ("cat", "The Eiffel Tower").
    public var word: String
    /// The drawing's `key_id`.
    public var keyID: String
    /// Whether the game's classifier recognized the drawing.
    public var recognized: Bool
    /// The player's two-letter country code, when the line has one.
    public var countryCode: String?
    /// When the drawing was made, as the line spells it, when it has one.
    public var timestamp: String?
    /// At least one stroke, each of at least one point.
    public var strokes: [QuickDrawStroke]

    public init(
        word: String, keyID: String, recognized: Bool, countryCode: String? = nil, timestamp: String? = nil,
        strokes: [QuickDrawStroke]
    ) {
        self.word = word
        self.keyID = keyID
        self.recognized = recognized
        self.countryCode = countryCode
        self.timestamp = timestamp
        self.strokes = strokes
    }
}
