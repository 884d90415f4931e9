/// The three fields of a `.npy` header dictionary.
struct NumPyHeaderFields {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
}

/// A strict parser of the Python dictionary literal in a `.npy` header, such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 28, 28), }` followed by spaces and a newline.
///
/// It accepts quoted strings without escapes, `True` and `False`, and tuples of non-negative decimal integers, and
/// requires each of the three keys exactly once; anything else is a malformed header. Nothing is evaluated.
struct NumPyHeaderLiteral {
    private let bytes: ArraySlice<UInt8>
    private let file: String
    private var position: Int

    init(bytes: ArraySlice<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
        position = bytes.startIndex
    }

    private func failure(_ problem: String) -> NumPyError {
        .malformedHeader(file: file, problem: "\(problem) at byte \(position - bytes.startIndex + 1) of the header")
    }

    private var current: UInt8? { position < bytes.endIndex ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    /// Skips whitespace and `byte` if it comes next; whether it did.
    private mutating func skip(_ byte: Character) -> Bool {
        skipWhitespace()
        guard current == byte.asciiValue else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ byte: Character) throws(NumPyError) {
        guard skip(byte) else { throw failure("expected '\(byte)'") }
    }

    /// The whole header: the dictionary, then only whitespace.
    mutating func dictionary() throws(NumPyError) -> NumPyHeaderFields {
        try expect("{")
        var descr: String?
        var fortranOrder: Bool?
        var shape: [Int]?
        while !skip("}") {
            let key = try string()
            try expect(":")
            skipWhitespace()
            switch key {
            case "descr" where descr == nil:
                guard current != UInt8(ascii: "[") else {
                    throw NumPyError.unsupportedDType(file: file, descr: "[...]", reason: "structured dtypes (a list of fields) are not supported")
                }
                descr = try string()
            case "fortran_order" where fortranOrder == nil: fortranOrder = try boolean()
            case "shape" where shape == nil: shape = try tuple()
            case "descr", "fortran_order", "shape": throw failure("'\(key)' appears twice")
            default: throw failure("unexpected key '\(key)'")
            }
            // A comma after each entry, the last one's optional (NumPy writes it).
            if !skip(",") {
                try expect("}")
                break
            }
        }
        skipWhitespace()
        guard position == bytes.endIndex else { throw failure("unexpected text after the dictionary") }
        guard let descr else { throw failure("no 'descr'") }
        guard let fortranOrder else { throw failure("no 'fortran_order'") }
        guard let shape else { throw failure("no 'shape'") }
        return NumPyHeaderFields(descr: descr, fortranOrder: fortranOrder, shape: shape)
    }

    /// A string in single or double quotes, without escapes.
    private mutating func string() throws(NumPyError) -> String {
        skipWhitespace()
        guard let quote = current, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw failure("expected a quoted string")
        }
        position += 1
        let start = position
        while let byte = current, byte != quote {
            guard byte != UInt8(ascii: "\\"), byte >= 0x20 else { throw failure("an escape or control character in a string") }
            position += 1
        }
        guard current == quote else { throw failure("the header ends inside a string") }
        guard let text = String(validating: bytes[start..<position], as: UTF8.self) else {
            throw failure("a string that is not valid UTF-8")
        }
        position += 1
        return text
    }

    private mutating func boolean() throws(NumPyError) -> Bool {
        if bytes[position...].starts(with: "True".utf8) {
            position += 4
            return true
        }
        if bytes[position...].starts(with: "False".utf8) {
            position += 5
            return false
        }
        throw failure("expected True or False")
    }

    /// `()`, `(n,)` or `(n, m, ...)` with an optional trailing comma; `(n)` is not a tuple in Python, so not here.
    private mutating func tuple() throws(NumPyError) -> [Int] {
        try expect("(")
        var sizes: [Int] = []
        while !skip(")") {
            sizes.append(try integer())
            if !skip(",") {
                guard sizes.count > 1 else { throw failure("expected ',' (a one-element tuple is written (n,))") }
                try expect(")")
                break
            }
        }
        return sizes
    }

    /// A non-negative decimal integer as Python writes one: no sign, no leading zeros, no suffix.
    private mutating func integer() throws(NumPyError) -> Int {
        skipWhitespace()
        let start = position
        var value = 0
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow, !carry else { throw failure("a dimension too large") }
            value = sum
            position += 1
        }
        guard position > start else { throw failure("expected a dimension (a non-negative integer)") }
        guard position - start == 1 || bytes[start] != UInt8(ascii: "0") else { throw failure("a dimension with a leading zero") }
        return value
    }
}
