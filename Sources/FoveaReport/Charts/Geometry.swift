/// A point in the chart's coordinates: points from the top-left corner, y growing downwards.
struct Point: Equatable {
    var x: Double
    var y: Double
}

/// A rectangle in the chart's coordinates.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var maxX: Double { x + width }
    var minY: Double { y }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }
    var center: Point { Point(x: midX, y: midY) }
}
