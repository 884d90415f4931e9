/// A Swift type that holds the elements of one NumPy dtype exactly (`UInt8` for `u1`, `Float` for `f4`, ...).
public protocol NumPyScalar: Sendable {
    /// The dtype kind and item size whose elements this type holds.
    static var numPyKind: NumPyDType.Kind { get }
    static var numPyItemSize: Int { get }
    /// The element stored little-endian at `offset` of `bytes`.
    static func load(littleEndian bytes: UnsafeRawBufferPointer, at offset: Int) -> Self
}

extension NumPyScalar where Self: FixedWidthInteger {
    public static var numPyItemSize: Int { MemoryLayout<Self>.size }
    public static var numPyKind: NumPyDType.Kind { isSigned ? .signed : .unsigned }

    public static func load(littleEndian bytes: UnsafeRawBufferPointer, at offset: Int) -> Self {
        Self(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Self.self))
    }
}

extension UInt8: NumPyScalar {}
extension Int8: NumPyScalar {}
extension UInt16: NumPyScalar {}
extension Int16: NumPyScalar {}
extension UInt32: NumPyScalar {}
extension Int32: NumPyScalar {}
extension UInt64: NumPyScalar {}
extension Int64: NumPyScalar {}

extension Float: NumPyScalar {
    public static var numPyKind: NumPyDType.Kind { .float }
    public static var numPyItemSize: Int { 4 }

    public static func load(littleEndian bytes: UnsafeRawBufferPointer, at offset: Int) -> Float {
        Float(bitPattern: UInt32.load(littleEndian: bytes, at: offset))
    }
}

extension Double: NumPyScalar {
    public static var numPyKind: NumPyDType.Kind { .float }
    public static var numPyItemSize: Int { 8 }

    public static func load(littleEndian bytes: UnsafeRawBufferPointer, at offset: Int) -> Double {
        Double(bitPattern: UInt64.load(littleEndian: bytes, at: offset))
    }
}

extension Bool: NumPyScalar {
    public static var numPyKind: NumPyDType.Kind { .bool }
    public static var numPyItemSize: Int { 1 }

    /// Any non-zero byte is true, as in NumPy.
    public static func load(littleEndian bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        bytes[offset] != 0
    }
}

extension NumPyArray {
    /// The elements as `T`, which must match the dtype exactly (`UInt8` for `u1`, `Float` for `f4`, `Bool` for
    /// `b1`); see `floatValues()`, `doubleValues()` and `integerValues()` for converting reads.
    public func values<T: NumPyScalar>(_ type: T.Type) throws(NumPyError) -> [T] {
        guard dtype.kind == T.numPyKind, dtype.itemSize == T.numPyItemSize else {
            throw .wrongType(file: source, requested: "\(T.self)", descr: dtype.description)
        }
        return elements(T.self)
    }

    /// The elements converted to `Float` (booleans as 0 and 1; large integers and doubles rounded).
    public func floatValues() -> [Float] {
        switch (dtype.kind, dtype.itemSize) {
        case (.float, 2): elements(UInt16.self).map(Self.float(half:))
        case (.float, 4): elements(Float.self)
        default: doubleValues().map(Float.init)
        }
    }

    /// The elements converted to `Double` (booleans as 0 and 1; 64-bit integers past 2⁵³ rounded).
    public func doubleValues() -> [Double] {
        switch (dtype.kind, dtype.itemSize) {
        case (.bool, _): elements(Bool.self).map { $0 ? 1 : 0 }
        case (.signed, 1): elements(Int8.self).map(Double.init)
        case (.signed, 2): elements(Int16.self).map(Double.init)
        case (.signed, 4): elements(Int32.self).map(Double.init)
        case (.signed, _): elements(Int64.self).map(Double.init)
        case (.unsigned, 1): elements(UInt8.self).map(Double.init)
        case (.unsigned, 2): elements(UInt16.self).map(Double.init)
        case (.unsigned, 4): elements(UInt32.self).map(Double.init)
        case (.unsigned, _): elements(UInt64.self).map(Double.init)
        case (.float, 2): elements(UInt16.self).map { Double(Self.float(half: $0)) }
        case (.float, 4): elements(Float.self).map(Double.init)
        case (.float, _): elements(Double.self)
        }
    }

    /// The elements of a bool or integer array as `Int64` (labels, indices). Float arrays, and `u8` values past
    /// `Int64.max`, are errors rather than silently rounded.
    public func integerValues() throws(NumPyError) -> [Int64] {
        switch (dtype.kind, dtype.itemSize) {
        case (.bool, _): return elements(Bool.self).map { $0 ? 1 : 0 }
        case (.signed, 1): return elements(Int8.self).map(Int64.init)
        case (.signed, 2): return elements(Int16.self).map(Int64.init)
        case (.signed, 4): return elements(Int32.self).map(Int64.init)
        case (.signed, _): return elements(Int64.self)
        case (.unsigned, 1): return elements(UInt8.self).map(Int64.init)
        case (.unsigned, 2): return elements(UInt16.self).map(Int64.init)
        case (.unsigned, 4): return elements(UInt32.self).map(Int64.init)
        case (.unsigned, _):
            let values = elements(UInt64.self)
            guard values.allSatisfy({ $0 <= UInt64(Int64.max) }) else {
                throw .wrongType(file: source, requested: "Int64 (a value exceeds Int64.max)", descr: dtype.description)
            }
            return values.map { Int64($0) }
        case (.float, _):
            throw .wrongType(file: source, requested: "integers", descr: dtype.description)
        }
    }

    /// Every element loaded as `T`, whose size must be the item size.
    private func elements<T: NumPyScalar>(_ type: T.Type) -> [T] {
        // Bytes are the common case (images, labels): no per-element work.
        if let bytes = littleEndianBytes as? [T] { return bytes }
        return littleEndianBytes.withUnsafeBytes { raw in
            (0..<count).map { T.load(littleEndian: raw, at: $0 * T.numPyItemSize) }
        }
    }

    /// An IEEE 754 half-precision value (bit pattern) widened to `Float`, exactly.
    static func float(half bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
