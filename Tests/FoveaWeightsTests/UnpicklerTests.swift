import Foundation
import Testing

@testable import FoveaWeights

/// Opcodes and tensor layouts that torch 1.13's own files do not exercise, in hand-assembled checkpoints.
@Suite struct UnpicklerTests {
    private let floats: [UInt8] = [Float(1), 2, 3, 4, 5, 6].flatMap { Pickle.littleEndian($0.bitPattern) }

    /// `_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())` with the global memoized as 0.
    private func rebuildTensor(storage: [UInt8], offset: UInt8, size: [UInt8], stride: [UInt8]) -> [UInt8] {
        [0x68, 0] + Pickle.mark + storage + Pickle.binInt1(offset)
            + Pickle.mark + size.flatMap(Pickle.binInt1) + Pickle.tuple
            + Pickle.mark + stride.flatMap(Pickle.binInt1) + Pickle.tuple
            + Pickle.newFalse + Pickle.global("collections", "OrderedDict") + Pickle.emptyTuple + Pickle.reduce
            + Pickle.tuple + Pickle.reduce
    }

    private func read(_ bytes: [UInt8], key: String? = nil) throws -> [(name: String, record: TensorRecord)] {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        return try PyTorchCheckpoint.read(contentsOf: directory.file("hand.pth", contents: bytes), key: key)
    }

    @Test func protocolFourOpcodesBuildAStateDict() throws {
        // FRAME, MEMOIZE, STACK_GLOBAL, NEWOBJ, BINUNICODE8, SETITEMS, BUILD and a parameter wrapper.
        let body =
            Pickle.stackGlobal("torch._utils", "_rebuild_tensor_v2") + Pickle.memoize
            + Pickle.stackGlobal("collections", "OrderedDict") + Pickle.emptyTuple + Pickle.newObject
            + Pickle.mark
            + Pickle.unicode8("weight")
            + Pickle.stackGlobal("torch._utils", "_rebuild_parameter")
            + Pickle.mark
            + rebuildTensor(storage: Pickle.storage("FloatStorage", key: "0", count: 6), offset: 0, size: [2, 3], stride: [3, 1])
            + [0x88] + Pickle.emptyDict + Pickle.tuple + Pickle.reduce
            + Pickle.shortUnicode("weight_t")
            + rebuildTensor(storage: Pickle.storage("FloatStorage", key: "0", count: 6), offset: 0, size: [3, 2], stride: [1, 3])
            + Pickle.setItems
            + Pickle.emptyDict + Pickle.shortUnicode("_metadata") + Pickle.none + Pickle.setItem + Pickle.build
            + Pickle.stop
        let main = Pickle.proto(4) + Pickle.frame(body)
        let tensors = try read(Pickle.legacyCheckpoint(main: main, storages: [("0", 6, floats)]))
        #expect(tensors.map(\.name) == ["weight", "weight_t"])
        #expect(tensors.first?.record == TensorRecord(dtype: .float32, shape: [2, 3], bytes: floats))
        let transposed = [Float(1), 4, 2, 5, 3, 6].flatMap { Pickle.littleEndian($0.bitPattern) }
        #expect(tensors.last?.record == TensorRecord(dtype: .float32, shape: [3, 2], bytes: transposed))
    }

    @Test func extentOneDimensionsIgnoreTheirStride() throws {
        // A (1, 2) view at offset 3 whose first stride is huge: torch allows any stride on an extent of 1.
        let main =
            Pickle.proto(2) + Pickle.global("torch._utils", "_rebuild_tensor_v2") + [0x71, 0]
            + Pickle.emptyDict + Pickle.shortUnicode("row")
            + [0x68, 0] + Pickle.mark + Pickle.storage("FloatStorage", key: "0", count: 6) + Pickle.binInt1(3)
            + Pickle.mark + Pickle.binInt1(1) + Pickle.binInt1(2) + Pickle.tuple
            + Pickle.mark + Pickle.binInt(Int32.max) + Pickle.binInt1(2) + Pickle.tuple
            + Pickle.newFalse + Pickle.none + Pickle.tuple + Pickle.reduce
            + Pickle.setItem + Pickle.stop
        let tensors = try read(Pickle.legacyCheckpoint(main: main, storages: [("0", 6, floats)]))
        let expected = [Float(4), 6].flatMap { Pickle.littleEndian($0.bitPattern) }
        #expect(tensors.first?.record == TensorRecord(dtype: .float32, shape: [1, 2], bytes: expected))
    }

    @Test func hostileStridesAndOffsetsAreErrorsNotTraps() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let cases: [(offset: Int32, stride: Int32, size: Int32)] = [
            (Int32.max, 1, 2), (0, Int32.max, 3), (0, 1, Int32.max), (5, 1, 2), (-1, 1, 1), (0, -1, 2),
        ]
        for (offset, stride, size) in cases {
            let main =
                Pickle.proto(2) + Pickle.emptyDict + Pickle.shortUnicode("t")
                + Pickle.global("torch._utils", "_rebuild_tensor")
                + Pickle.mark + Pickle.storage("FloatStorage", key: "0", count: 6) + Pickle.binInt(offset)
                + Pickle.mark + Pickle.binInt(size) + Pickle.binInt(size) + Pickle.binInt(size) + Pickle.tuple
                + Pickle.mark + Pickle.binInt(stride) + Pickle.binInt(stride) + Pickle.binInt(stride) + Pickle.tuple
                + Pickle.tuple + Pickle.reduce + Pickle.setItem + Pickle.stop
            let url = try directory.file("hostile.pth", contents: Pickle.legacyCheckpoint(main: main, storages: [("0", 6, floats)]))
            let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
            #expect(error?.reason.isMalformed == true, "offset \(offset), stride \(stride), size \(size)")
        }
    }

    @Test func hugeElementCountsAreErrorsNotTraps() throws {
        // A storage claiming 2^62 elements: the byte count overflows and must be reported, not trapped on.
        let storage =
            Pickle.mark + Pickle.shortUnicode("storage") + Pickle.global("torch", "DoubleStorage") + Pickle.shortUnicode("0")
            + Pickle.shortUnicode("cpu") + [0x8A, 8] + Pickle.littleEndian(UInt64(1) << 62) + Pickle.tuple + Pickle.binPersistentID
        let main =
            Pickle.proto(2) + Pickle.emptyDict + Pickle.shortUnicode("t") + Pickle.global("torch._utils", "_rebuild_tensor")
            + Pickle.mark + storage + Pickle.binInt1(0) + Pickle.mark + Pickle.binInt1(1) + Pickle.tuple
            + Pickle.mark + Pickle.binInt1(1) + Pickle.tuple + Pickle.tuple + Pickle.reduce + Pickle.setItem + Pickle.stop
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = try directory.file("huge.pth", contents: Pickle.legacyCheckpoint(main: main, storages: [("0", 1 << 62, [])]))
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .malformed("storage 0 claims 4611686018427387904 elements, too many to address"))
    }

    @Test func stackMisuseIsMalformed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let mains: [(String, [UInt8])] = [
            ("stop on an empty stack", Pickle.proto(2) + Pickle.stop),
            ("setitem without a value", Pickle.proto(2) + Pickle.emptyDict + Pickle.shortUnicode("k") + Pickle.setItem + Pickle.stop),
            ("tuple without a mark", Pickle.proto(2) + Pickle.none + Pickle.tuple + Pickle.stop),
            ("pop below a mark", Pickle.proto(2) + Pickle.none + Pickle.mark + Pickle.reduce + Pickle.stop),
            ("unknown memo entry", Pickle.proto(2) + [0x68, 9] + Pickle.stop),
            ("append to a dict", Pickle.proto(2) + Pickle.emptyDict + Pickle.none + [0x61] + Pickle.stop),
            ("setitems with an odd count", Pickle.proto(2) + Pickle.emptyDict + Pickle.mark + Pickle.none + Pickle.setItems + Pickle.stop),
            ("protocol 6", Pickle.proto(6) + Pickle.emptyDict + Pickle.stop),
            ("invalid UTF-8", Pickle.proto(2) + [0x8C, 2, 0xC3, 0x28] + Pickle.stop),
        ]
        for (problem, main) in mains {
            let url = try directory.file("bad.pth", contents: Pickle.legacyCheckpoint(main: main, storages: []))
            let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
            #expect(error?.reason.isMalformed == true || error?.reason.isUnsupported == true, "\(problem): \(String(describing: error))")
        }
    }

    @Test func deeplyNestedValuesDoNotOverflowTheStack() throws {
        // 200 000 nested one-element tuples: values live in an arena, so nothing recurses on them.
        let nesting = Array(repeating: UInt8(0x85), count: 200_000)
        let main = Pickle.proto(2) + Pickle.emptyDict + Pickle.shortUnicode("deep") + Pickle.none + nesting + Pickle.setItem + Pickle.stop
        #expect(try read(Pickle.legacyCheckpoint(main: main, storages: [])).isEmpty)
    }

    @Test func selfContainingDictsAreRefused() throws {
        // d = {}; d["d"] = d: following nested dicts must stop rather than recurse forever.
        let main = Pickle.proto(2) + Pickle.emptyDict + [0x71, 0] + Pickle.shortUnicode("d") + [0x68, 0] + Pickle.setItem + Pickle.stop
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = try directory.file("cycle.pth", contents: Pickle.legacyCheckpoint(main: main, storages: []))
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .unsupported("dicts nested more than 32 levels deep"))
    }

    @Test func duplicateNamesAreRefused() throws {
        let tensor = rebuildTensor(storage: Pickle.storage("FloatStorage", key: "0", count: 6), offset: 0, size: [6], stride: [1])
        let main =
            Pickle.proto(2) + Pickle.global("torch._utils", "_rebuild_tensor_v2") + [0x71, 0] + Pickle.emptyDict
            + Pickle.mark + Pickle.shortUnicode("a.b") + tensor
            + Pickle.shortUnicode("a") + Pickle.emptyDict + Pickle.shortUnicode("b") + tensor + Pickle.setItem
            + Pickle.setItems + Pickle.stop
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = try directory.file("duplicate.pth", contents: Pickle.legacyCheckpoint(main: main, storages: [("0", 6, floats)]))
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .malformed("two tensors are named \"a.b\""))
    }

    @Test func legacyStorageCountMustMatchThePickle() throws {
        let main =
            Pickle.proto(2) + Pickle.global("torch._utils", "_rebuild_tensor_v2") + [0x71, 0] + Pickle.emptyDict
            + Pickle.shortUnicode("w")
            + rebuildTensor(storage: Pickle.storage("FloatStorage", key: "0", count: 6), offset: 0, size: [6], stride: [1])
            + Pickle.setItem + Pickle.stop
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let url = try directory.file("count.pth", contents: Pickle.legacyCheckpoint(main: main, storages: [("0", 5, floats)]))
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .malformed("storage 0 records 5 elements, but the pickle declares 6"))
    }
}

extension WeightsError.Reason {
    var isMalformed: Bool {
        if case .malformed = self { true } else { false }
    }

    var isUnsupported: Bool {
        if case .unsupported = self { true } else { false }
    }
}
