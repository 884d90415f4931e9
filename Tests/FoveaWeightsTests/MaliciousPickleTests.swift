import Foundation
import Testing

@testable import FoveaWeights

@Suite struct MaliciousPickleTests {
    @Test(arguments: [
        ("malicious_system.pth", "posix.system"),
        ("malicious_eval.pth", "builtins.eval"),
        ("malicious_posix.pkl", "posix.system"),
        ("malicious_legacy.pth", "subprocess.check_output"),
    ])
    func fixturesAreRefusedNamingTheGlobal(file: String, global: String) throws {
        let url = try Fixtures.url(file)
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .refusedGlobal(global))
        #expect(error?.description.contains(global) == true)
    }

    @Test(arguments: [
        ("os", "system"), ("builtins", "exec"), ("builtins", "getattr"), ("__builtin__", "eval"),
        ("subprocess", "Popen"), ("torch", "load"), ("torch.storage", "_load_from_bytes"),
        ("numpy.core.multiarray", "_reconstruct"), ("collections", "defaultdict"), ("torch", "Tensor"),
        ("torch._utils", "_rebuild_qtensor"), ("torch", "FloatStorage.__new__"),
    ])
    func globalsOutsideTheAllowListAreRefused(module: String, name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        for lookup in [Pickle.global(module, name), Pickle.stackGlobal(module, name)] {
            let main = Pickle.proto(2) + lookup + Pickle.mark + Pickle.shortUnicode("id") + Pickle.tuple + Pickle.reduce + Pickle.stop
            let url = try directory.file("attack.pth", contents: Pickle.legacyCheckpoint(main: main, storages: []))
            let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
            #expect(error?.reason == .refusedGlobal("\(module).\(name)"))
        }
    }

    @Test(arguments: [
        (UInt8(ascii: "i"), "INST"), (UInt8(ascii: "o"), "OBJ"), (0x82, "EXT1"), (UInt8(ascii: "P"), "PERSID"),
        (UInt8(ascii: "I"), "INT"), (UInt8(ascii: "S"), "STRING"), (0x8F, "EMPTY_SET"), (0x00, "not an opcode"),
    ] as [(UInt8, String)])
    func opcodesOutsideTheSubsetAreRefused(opcode: UInt8, name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let main = Pickle.proto(2) + Pickle.emptyDict + [opcode] + Pickle.stop
        let file = Pickle.legacyCheckpoint(main: main, storages: [])
        let url = try directory.file("\(name).pth", contents: file)
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .refusedOpcode(opcode, offset: Pickle.legacyPreamble.count + 3), "\(name)")
    }

    @Test func callingAStorageTypeIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let main = Pickle.proto(2) + Pickle.global("torch", "FloatStorage") + Pickle.emptyTuple + Pickle.reduce + Pickle.stop
        let url = try directory.file("storage_call.pth", contents: Pickle.legacyCheckpoint(main: main, storages: []))
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .unsupported("torch.FloatStorage called directly instead of named in a persistent id"))
    }

    @Test func reduceOnAValueThatIsNotAGlobalIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let main = Pickle.proto(2) + Pickle.shortUnicode("os.system") + Pickle.emptyTuple + Pickle.reduce + Pickle.stop
        let url = try directory.file("string_call.pth", contents: Pickle.legacyCheckpoint(main: main, storages: []))
        let error = expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) }
        #expect(error?.reason == .malformed("pickle calls a str, which is not callable"))
    }
}

@Suite struct ErrorDescriptionTests {
    @Test func namesFromTheFileAreEscapedAndCapped() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanUp() }
        let module = "evil\u{1B}[2J" + String(repeating: "x", count: 1000)
        let main = Pickle.proto(2) + Pickle.global(module, "run") + Pickle.stop
        let url = try directory.file("escape.pth", contents: Pickle.legacyCheckpoint(main: main, storages: []))
        let error = try #require(expectWeightsError(about: url) { _ = try PyTorchCheckpoint.read(contentsOf: url) })
        #expect(error.reason == .refusedGlobal(module + ".run"))
        #expect(error.description.contains("refused pickle global evil\\u{1b}[2Jxxx"))
        #expect(!error.description.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(error.description.hasSuffix("x…"))
    }
}
