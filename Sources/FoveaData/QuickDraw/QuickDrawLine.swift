/// What is wrong with one line, in words for an error message.
struct QuickDrawLineProblem: Error {
    let message: String
}

extension QuickDrawDrawing {
    /// The drawing one line of a simplified `.ndjson` file describes. `word`, `key_id`, `recognized` and `drawing`
    /// are required; `countrycode` and `timestamp` are kept when present; other keys are ignored.
    init(line: UnsafeBufferPointer<UInt8>) throws(QuickDrawLineProblem) {
        let json: QuickDrawJSON
        do {
            json = try QuickDrawJSONParser.parse(line)
        } catch {
            throw QuickDrawLineProblem(message: "invalid JSON at byte \(error.offset + 1): \(error.problem)")
        }
        guard case .object(let fields) = json else { throw QuickDrawLineProblem(message: "the line is not a JSON object") }
        self.init(
            word: try Self.string(fields, "word"), keyID: try Self.string(fields, "key_id"),
            recognized: try Self.bool(fields, "recognized"), countryCode: try Self.optionalString(fields, "countrycode"),
            timestamp: try Self.optionalString(fields, "timestamp"), strokes: try Self.strokes(fields))
    }

    private static func string(_ fields: [String: QuickDrawJSON], _ key: String) throws(QuickDrawLineProblem) -> String {
        guard let text = try optionalString(fields, key) else { throw QuickDrawLineProblem(message: "missing \"\(key)\"") }
        return text
    }

    private static func optionalString(_ fields: [String: QuickDrawJSON], _ key: String) throws(QuickDrawLineProblem)
        -> String?
    {
        switch fields[key] {
        case nil: return nil
        case .string(let text): return text
        default: throw QuickDrawLineProblem(message: "\"\(key)\" is not a string")
        }
    }

    private static func bool(_ fields: [String: QuickDrawJSON], _ key: String) throws(QuickDrawLineProblem) -> Bool {
        switch fields[key] {
        case nil: throw QuickDrawLineProblem(message: "missing \"\(key)\"")
        case .bool(let flag): return flag
        default: throw QuickDrawLineProblem(message: "\"\(key)\" is not true or false")
        }
    }

    private static func strokes(_ fields: [String: QuickDrawJSON]) throws(QuickDrawLineProblem) -> [QuickDrawStroke] {
        guard let drawing = fields["drawing"] else { throw QuickDrawLineProblem(message: "missing \"drawing\"") }
        guard case .array(let strokes) = drawing else { throw QuickDrawLineProblem(message: "\"drawing\" is not an array") }
        guard !strokes.isEmpty else { throw QuickDrawLineProblem(message: "\"drawing\" has no strokes") }
        var result: [QuickDrawStroke] = []
        result.reserveCapacity(strokes.count)
        for (index, stroke) in strokes.enumerated() {
            result.append(try self.stroke(stroke, index: index))
        }
        return result
    }

    private static func stroke(_ json: QuickDrawJSON, index: Int) throws(QuickDrawLineProblem) -> QuickDrawStroke {
        guard case .array(let axes) = json, axes.count == 2, case .array(let xs) = axes[0], case .array(let ys) = axes[1]
        else {
            throw QuickDrawLineProblem(message: "stroke \(index) is not a pair of arrays [[x...], [y...]]")
        }
        guard xs.count == ys.count else {
            throw QuickDrawLineProblem(message: "stroke \(index) has \(xs.count) x values but \(ys.count) y values (length mismatch)")
        }
        guard !xs.isEmpty else { throw QuickDrawLineProblem(message: "stroke \(index) has no points") }
        var points: [QuickDrawPoint] = []
        points.reserveCapacity(xs.count)
        for point in 0..<xs.count {
            let x = try coordinate(xs[point], "x", point: point, stroke: index)
            let y = try coordinate(ys[point], "y", point: point, stroke: index)
            points.append(QuickDrawPoint(x: x, y: y))
        }
        return QuickDrawStroke(points: points)
    }

    private static func coordinate(_ json: QuickDrawJSON, _ axis: String, point: Int, stroke: Int)
        throws(QuickDrawLineProblem) -> UInt8
    {
        guard case .number(let value) = json, value == value.rounded(.towardZero) else {
            throw QuickDrawLineProblem(message: "stroke \(stroke): \(axis)[\(point)] is not an integer")
        }
        guard let coordinate = UInt8(exactly: value) else {
            let shown = Int(exactly: value).map(String.init) ?? "\(value)"
            throw QuickDrawLineProblem(message: "stroke \(stroke): \(axis)[\(point)] = \(shown) is outside 0...255")
        }
        return coordinate
    }
}
