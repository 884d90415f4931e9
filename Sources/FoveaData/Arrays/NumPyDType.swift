/// The element type of a `.npy` array: one of the plain numeric dtypes, in either byte order.
public struct NumPyDType: Sendable, Hashable, CustomStringConvertible {
    /// What the bytes of one element mean.
    public enum Kind: Sendable, Hashable {
        case bool, signed, unsigned, float
    }

    public let kind: Kind
    /// Bytes per element: 1, 2, 4 or 8.
    public let itemSize: Int
    /// Whether the file stores elements most significant byte first (`>`).
    public let isBigEndian: Bool

    /// A dtype this reader handles: bool of 1 byte, integers of 1, 2, 4 or 8, floats of 2, 4 or 8; nil otherwise.
    public init?(kind: Kind, itemSize: Int, isBigEndian: Bool = false) {
        let sizes: Set<Int> = switch kind {
        case .bool: [1]
        case .signed, .unsigned: [1, 2, 4, 8]
        case .float: [2, 4, 8]
        }
        guard sizes.contains(itemSize) else { return nil }
        self.kind = kind
        self.itemSize = itemSize
        self.isBigEndian = isBigEndian && itemSize > 1
    }

    /// NumPy's spelling, as in a header: `<f4`, `>i8`, `|u1`, `|b1`.
    public var description: String {
        let order = itemSize == 1 ? "|" : isBigEndian ? ">" : "<"
        let letter = switch kind {
        case .bool: "b"
        case .signed: "i"
        case .unsigned: "u"
        case .float: "f"
        }
        return "\(order)\(letter)\(itemSize)"
    }

    /// The dtype a header's `descr` string names, or why it is not one this reader handles.
    static func parse(_ descr: String, file: String) throws(NumPyError) -> NumPyDType {
        let order = descr.first.flatMap { "<>|=".contains($0) ? $0 : nil }
        let code = order == nil ? Substring(descr) : descr.dropFirst()
        // "=" means the writing machine's order; NumPy itself always writes "<" or ">", so this machine's is the guess.
        let isBigEndian = order == ">" || (order == "=" && 1.bigEndian == 1)
        let unsupported = { (reason: String) in NumPyError.unsupportedDType(file: file, descr: descr, reason: reason) }
        guard let letter = code.first else { throw unsupported("no type code") }
        if letter == "O" { throw unsupported("object arrays hold pickled Python objects") }
        let digits = code.dropFirst()
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let size = Int(digits) else {
            throw unsupported("only bool, integer and float dtypes of 1 to 8 bytes are read")
        }
        let kinds: [Character: Kind] = ["b": .bool, "i": .signed, "u": .unsigned, "f": .float]
        guard let kind = kinds[letter], let dtype = NumPyDType(kind: kind, itemSize: size, isBigEndian: isBigEndian) else {
            throw unsupported("only bool, integer and float dtypes of 1 to 8 bytes are read")
        }
        guard descr.first != "|" || size == 1 else { throw unsupported("'|' (no byte order) on a \(size)-byte type") }
        return dtype
    }
}
