import Foundation
import Testing

@testable import FoveaWeights

/// The restricted unpickler's opcodes, checked against the values Python gives the same bytes.
@Suite struct OpcodeTests {
    /// A Python-like repr of an unpickled value, for comparing whole structures at once.
    private func repr(_ value: PickleValue, _ arena: PickleArena) -> String {
        switch value {
        case .none: "None"
        case .bool(let flag): flag ? "True" : "False"
        case .int(let number): "\(number)"
        case .wideInt(let bytes): "wide\(bytes)"
        case .float(let number): "\(number)"
        case .string(let text): "'\(text)'"
        case .bytes(let bytes): "b\(bytes)"
        case .tuple(let index): "(" + arena.tuples[index].map { repr($0, arena) }.joined(separator: ", ") + ")"
        case .list(let index): "[" + arena.lists[index].map { repr($0, arena) }.joined(separator: ", ") + "]"
        case .dict(let index):
            "{" + arena.dicts[index].map { repr($0.key, arena) + ": " + repr($0.value, arena) }.joined(separator: ", ") + "}"
        case .global(let global): global.qualifiedName
        case .storage(let storage): "storage(\(storage.key))"
        case .tensor(let tensor): "tensor(\(tensor.shape))"
        }
    }

    private func unpickle(_ bytes: [UInt8]) throws -> String {
        var unpickler = Unpickler(bytes)
        let value = try unpickler.load()
        #expect(unpickler.position == bytes.count)
        return repr(value, unpickler.arena)
    }

    @Test func scalars() throws {
        let bytes: [UInt8] =
            Pickle.proto(2) + Pickle.mark
            + [0x47] + Pickle.littleEndian(1.5.bitPattern.byteSwapped)  // BINFLOAT, big-endian
            + Pickle.binInt(-2)
            + [0x4D, 0x34, 0x12]  // BININT2
            + [0x8A, 0x01, 0xFF]  // LONG1 -1
            + [0x8A, 0x00]  // LONG1 0
            + [0x8A, 0x09] + Array(repeating: 0, count: 8) + [0x01]  // LONG1 2**64
            + [0x8B] + Pickle.littleEndian(UInt32(2)) + [0x00, 0x80]  // LONG4 -32768
            + [0x54] + Pickle.littleEndian(Int32(3)) + Array("abc".utf8)  // BINSTRING
            + [0x55, 0x02] + Array("hi".utf8)  // SHORT_BINSTRING
            + [0x42] + Pickle.littleEndian(UInt32(2)) + [1, 2]  // BINBYTES
            + [0x43, 0x01, 0x09]  // SHORT_BINBYTES
            + [0x8E] + Pickle.littleEndian(UInt64(1)) + [0x07]  // BINBYTES8
            + [0x58] + Pickle.littleEndian(UInt32(2)) + Array("é".utf8)  // BINUNICODE
            + Pickle.unicode8("ü")
            + [0x88, 0x89] + Pickle.none
            + Pickle.tuple + Pickle.stop
        #expect(
            try unpickle(bytes)
                == "(1.5, -2, 4660, -1, 0, wide[0, 0, 0, 0, 0, 0, 0, 0, 1], -32768, 'abc', 'hi', b[1, 2], b[9], b[7], 'é', 'ü', True, False, None)")
    }

    @Test func containersAndTheMemoShareReferences() throws {
        let bytes: [UInt8] =
            Pickle.proto(4)
            + Pickle.mark + Pickle.binInt1(1) + Pickle.binInt1(2) + [0x6C]  // LIST [1, 2]
            + [0x72] + Pickle.littleEndian(UInt32(1000))  // LONG_BINPUT 1000
            + [0x30]  // POP
            + Pickle.mark + Pickle.binInt1(9) + [0x31]  // POP_MARK discards 9
            + [0x6A] + Pickle.littleEndian(UInt32(1000))  // LONG_BINGET 1000
            + Pickle.binInt1(3) + [0x61]  // APPEND 3, seen through every reference
            + [0x32]  // DUP
            + Pickle.mark + Pickle.shortUnicode("k") + Pickle.binInt1(5) + [0x64]  // DICT {'k': 5}
            + Pickle.stackGlobal("collections", "OrderedDict") + Pickle.emptyTuple + Pickle.emptyDict + [0x92]  // NEWOBJ_EX
            + [0x87, 0x86]  // TUPLE3, TUPLE2
            + Pickle.stop
        #expect(try unpickle(bytes) == "([1, 2, 3], ([1, 2, 3], {'k': 5}, {}))")
    }

    @Test func newObjectWithKeywordArgumentsIsRefused() throws {
        let bytes: [UInt8] =
            Pickle.proto(4) + Pickle.stackGlobal("collections", "OrderedDict") + Pickle.emptyTuple
            + Pickle.emptyDict + Pickle.shortUnicode("a") + Pickle.none + Pickle.setItem + [0x92] + Pickle.stop
        #expect(throws: WeightsFailure.self) { try unpickle(bytes) }
    }
}
