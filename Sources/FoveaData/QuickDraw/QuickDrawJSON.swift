/// A JSON value, as much of JSON as one line of a Quick Draw file needs.
enum QuickDrawJSON: Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([QuickDrawJSON])
    case object([String: QuickDrawJSON])
}

/// Why a line is not JSON, and at which byte of the line.
struct QuickDrawJSONError: Error {
    let offset: Int
    let problem: String
}

/// A strict RFC 8259 parser over the bytes of one line. Strict so that a damaged line is reported rather than
/// guessed at: no comments, no trailing commas, no duplicate keys, valid UTF-8, bounded nesting.
struct QuickDrawJSONParser: ~Copyable {
    /// Deeper nesting than any drawing needs; the bound keeps hostile input from exhausting the stack.
    static let maximumDepth = 32

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The single value `bytes` holds, with nothing but whitespace around it.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(QuickDrawJSONError) -> QuickDrawJSON {
        var parser = QuickDrawJSONParser(bytes)
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.failure("unexpected text after the JSON value") }
        return value
    }

    private func failure(_ problem: String) -> QuickDrawJSONError {
        QuickDrawJSONError(offset: position, problem: problem)
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(QuickDrawJSONError) {
        skipWhitespace()
        guard current == byte else { throw failure(current == nil ? "the line ends where \(what) belongs" : "expected \(what)") }
        position += 1
    }

    private mutating func value(depth: Int) throws(QuickDrawJSONError) -> QuickDrawJSON {
        guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        skipWhitespace()
        guard let byte = current else { throw failure("the line ends where a value belongs") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("expected a value")
        }
    }

    private mutating func literal(_ word: String) throws(QuickDrawJSONError) {
        let count = word.utf8.count
        guard bytes[position...].starts(with: word.utf8) else { throw failure("expected a value") }
        position += count
    }

    private mutating func object(depth: Int) throws(QuickDrawJSONError) -> QuickDrawJSON {
        position += 1
        var members: [String: QuickDrawJSON] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a key in quotes") }
            let keyOffset = position
            let key = try string()
            try expect(UInt8(ascii: ":"), "':'")
            let member = try value(depth: depth + 1)
            guard members.updateValue(member, forKey: key) == nil else {
                throw QuickDrawJSONError(offset: keyOffset, problem: "duplicate key \"\(key)\"")
            }
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            try expect(UInt8(ascii: ","), "',' or '}'")
        }
    }

    private mutating func array(depth: Int) throws(QuickDrawJSONError) -> QuickDrawJSON {
        position += 1
        var elements: [QuickDrawJSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try value(depth: depth + 1))
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            try expect(UInt8(ascii: ","), "',' or ']'")
        }
    }

    private mutating func number() throws(QuickDrawJSONError) -> Double {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure("expected a digit") }
        guard integerDigits == 1 || bytes[position - integerDigits] != UInt8(ascii: "0") else {
            throw QuickDrawJSONError(offset: start, problem: "a number with a leading zero")
        }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw failure("expected a digit after '.'") }
            isInteger = false
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw failure("expected a digit in the exponent") }
            isInteger = false
        }
        // Coordinates are small integers: add them up exactly rather than going through a String.
        if isInteger && integerDigits <= 15 {
            let magnitude = bytes[(position - integerDigits)..<position].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            return bytes[start] == UInt8(ascii: "-") ? -Double(magnitude) : Double(magnitude)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw QuickDrawJSONError(offset: start, problem: "unreadable number \(text)") }
        return value
    }

    /// Skips decimal digits; how many there were.
    private mutating func digits() -> Int {
        let start = position
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        return position - start
    }

    private mutating func string() throws(QuickDrawJSONError) -> String {
        position += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = current else { throw failure("the line ends inside a string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("a string that is not valid UTF-8") }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case 0..<0x20:
                throw failure("a control character inside a string")
            default:
                utf8.append(byte)
            }
        }
    }

    private mutating func escape(into utf8: inout [UInt8]) throws(QuickDrawJSONError) {
        guard let byte = current else { throw failure("the line ends inside a string") }
        position += 1
        if let plain = Self.unescaped(byte) {
            utf8.append(plain)
            return
        }
        guard byte == UInt8(ascii: "u") else { throw failure("an unknown escape in a string") }
        var scalar = UInt32(try hexQuad())
        if (0xD800..<0xDC00).contains(scalar) {
            // A high surrogate must be followed by an escaped low one; together they make one scalar.
            guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                throw failure("an unpaired surrogate in a string")
            }
            position += 2
            let low = UInt32(try hexQuad())
            guard (0xDC00..<0xE000).contains(low) else { throw failure("an unpaired surrogate in a string") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw failure("an unpaired surrogate in a string") }
        utf8.append(contentsOf: String(Character(unicode)).utf8)
    }

    private mutating func hexQuad() throws(QuickDrawJSONError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexDigit(byte) else { throw failure("expected 4 hex digits after \\u") }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    /// The byte a one-letter escape such as `\n` stands for.
    private static func unescaped(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): letter
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
