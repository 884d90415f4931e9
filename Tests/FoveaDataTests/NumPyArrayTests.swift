import Foundation
import Testing

@testable import FoveaData

/// The .npy and .npz readers against the files scripts/fixtures/npy.py wrote with NumPy and what NumPy read back.
@Suite struct NumPyArrayTests {
    struct Described: Decodable {
        let descr: String
        let fortran_order: Bool
        let shape: [Int]
        let ints: [Int64]?
        let uints: [UInt64]?
        let floats: [Double]?
        let sum: Int64?
    }
    struct Expected: Decodable {
        let arrays: [String: Described]
        let rejected: [String: String]
    }

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("npy").appendingPathComponent(name)
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: url("expected.json")))
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: url(name)))
    }

    /// The array's values in the form expected.json lists them (the first and last 16 of long arrays).
    static func check(_ array: NumPyArray, against want: Described, _ name: String) throws {
        #expect(array.shape == want.shape, "\(name)")
        #expect(array.dtype.description == want.descr, "\(name)")
        func listed<T>(_ values: [T]) -> [T] {
            values.count > 32 ? Array(values.prefix(16) + values.suffix(16)) : values
        }
        if let ints = want.ints {
            #expect(listed(try array.integerValues()) == ints, "\(name)")
        }
        if let uints = want.uints {
            let values: [UInt64] = array.dtype.itemSize == 8 ? try array.values(UInt64.self) : try array.integerValues().map { UInt64($0) }
            #expect(listed(values) == uints, "\(name)")
        }
        if let floats = want.floats {
            switch array.dtype.itemSize {
            case 8: #expect(try array.values(Double.self) == floats, "\(name)")
            case 4: #expect(try array.values(Float.self) == floats.map(Float.init), "\(name)")
            default: #expect(array.floatValues() == floats.map(Float.init), "\(name)")
            }
            #expect(array.doubleValues() == floats, "\(name)")
        }
        if let sum = want.sum {
            #expect(try array.integerValues().reduce(0, +) == sum, "\(name)")
        }
    }

    @Test func readsEveryArrayNumPyWrote() throws {
        let expected = try Self.expected()
        let files = expected.arrays.keys.filter { !$0.contains(".npz/") }.sorted()
        #expect(files.count == 23)
        for name in files {
            let want = try #require(expected.arrays[name])
            try Self.check(NumPyArray(contentsOf: Self.url(name)), against: want, name)
            // The in-memory path reads the same.
            try Self.check(NumPyArray(data: Data(contentsOf: Self.url(name)), name: name), against: want, name)
        }
    }

    @Test func headersVersionsAndOrders() throws {
        let v2 = try NumPyHeader.parse(Self.bytes("v2.npy"), file: "v2.npy")
        #expect(v2.majorVersion == 2 && v2.shape == [2, 3] && v2.descr == "<i2")
        #expect(try NumPyHeader.parse(Self.bytes("v3.npy"), file: "v3.npy").majorVersion == 3)
        let fortran = try NumPyHeader.parse(Self.bytes("fortran.npy"), file: "fortran.npy")
        #expect(fortran.fortranOrder && fortran.shape == [2, 3, 4])
        // C order after reading: element [i, j, k] of arange(24).reshape(2, 3, 4) is 12i + 4j + k.
        #expect(try NumPyArray(contentsOf: Self.url("fortran.npy")).values(Int32.self) == Array(0..<24))
        let scalar = try NumPyArray(contentsOf: Self.url("scalar.npy"))
        #expect(scalar.shape == [] && scalar.count == 1)
        #expect(try scalar.values(Double.self) == [3.5])
        let empty = try NumPyArray(contentsOf: Self.url("empty.npy"))
        #expect(empty.shape == [0, 5] && empty.count == 0 && empty.littleEndianBytes.isEmpty)
        let big = try NumPyArray(contentsOf: Self.url("i2-be.npy"))
        #expect(big.dtype.isBigEndian && big.littleEndianBytes.prefix(2) == [0x40, 0xA2])  // -24000 little-endian
        #expect(try NumPyArray(contentsOf: Self.url("b1.npy")).values(Bool.self) == [true, false, false, true, true])
    }

    @Test func typedReadsMustMatchTheDtype() throws {
        let floats = try NumPyArray(contentsOf: Self.url("f4-le.npy"))
        #expect(throws: NumPyError.wrongType(file: floats.source, requested: "UInt8", descr: "<f4")) { try floats.values(UInt8.self) }
        #expect(throws: NumPyError.self) { try floats.integerValues() }
        let huge = try NumPyArray(contentsOf: Self.url("u8-be.npy"))
        #expect(throws: NumPyError.self) { try huge.integerValues() }
        #expect(try huge.values(UInt64.self).last == UInt64.max)
    }

    @Test func refusesWhatItCannotRead() throws {
        let expected = try Self.expected()
        for (name, word) in expected.rejected {
            let url = try Self.url(name)
            do {
                _ = try NumPyArray(contentsOf: url)
                Issue.record("\(name) was read")
            } catch {
                #expect(error.description.hasPrefix(url.path), "\(error)")
                #expect(error.description.contains(word), "\(error)")
                #expect(error.description.contains("not supported"), "\(error)")
            }
        }
    }

    @Test func badFilesNameTheFileAndTheProblem() throws {
        let good = try Self.bytes("u1.npy")
        let header = try NumPyHeader.parse(good, file: "u1.npy")
        let cases: [(String, [UInt8], String)] = [
            ("truncated", Array(good.dropLast(5)), "truncated: the header promises 12 data bytes, the file holds 7"),
            ("padded", good + [0], "the header promises 12 data bytes, the file holds 13 (trailing bytes)"),
            ("magic", [0x89] + good.dropFirst(), "not a .npy file (bad magic"),
            ("short", Array(good.prefix(3)), "ends inside the magic"),
            ("inside header", Array(good.prefix(40)), "ends inside the header"),
            ("version", Array(good.prefix(6)) + [4, 0] + good.dropFirst(8), "version 4.0 is not supported"),
            ("literal", Self.replacing("False", with: "0    ", in: good), "expected True or False"),
            ("key", Self.replacing("'shape'", with: "'shapf'", in: good), "unexpected key 'shapf'"),
            ("tuple", Self.replacing("(3, 4)", with: "(3 4) ", in: good), "expected ','"),
            ("call", Self.replacing("'|u1'", with: "eval()", in: good), "expected a quoted string"),
            ("dtype", Self.replacing("'|u1'", with: "'<c16'", in: good), "dtype <c16 is not supported"),
            ("leading zero", Self.replacing("(3, 4)", with: "(3, 04)", in: good), "leading zero"),
        ]
        #expect(header.dataOffset == 128)
        for (name, bytes, problem) in cases {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)-\(name).npy")
            defer { try? FileManager.default.removeItem(at: url) }
            try Data(bytes).write(to: url)
            let start = ContinuousClock.now
            let reads: [() throws -> Void] = [
                { _ = try NumPyArray(contentsOf: url) }, { _ = try NumPyArray(data: Data(bytes), name: url.path) },
            ]
            for read in reads {
                do {
                    try read()
                    Issue.record("\(name) was read")
                } catch {
                    #expect("\(error)".hasPrefix(url.path + ": "), "\(error)")
                    #expect("\(error)".contains(problem), "\(name): \(error)")
                }
            }
            #expect(ContinuousClock.now - start < .seconds(1))
        }
    }

    /// A huge promised shape in a small file fails on the size check without allocating the data.
    @Test func hugeShapeIsCheckedBeforeAllocating() throws {
        let good = try Self.bytes("u1.npy")
        let bytes = Self.replacing("(3, 4), }", with: "(999999, 999999)}", in: good)
        #expect(throws: NumPyError.sizeMismatch(file: "huge", expected: 999_998_000_001, actual: 12)) {
            try NumPyArray(data: Data(bytes), name: "huge")
        }
        let overflow = Self.replacing("(3, 4), }", with: "(99999999999,99999999999)", in: good)
        #expect(throws: NumPyError.self) { try NumPyArray(data: Data(overflow), name: "overflow") }
    }

    @Test func readsArchives() throws {
        let expected = try Self.expected()
        let mnist = try NumPyArchive(contentsOf: Self.url("mnist.npz"))
        #expect(Set(mnist.memberNames) == ["x_train", "y_train", "x_test", "y_test"])
        for member in mnist.memberNames {
            try Self.check(mnist.array(named: member), against: #require(expected.arrays["mnist.npz/\(member)"]), member)
        }
        let stored = try NumPyArchive(data: Data(contentsOf: Self.url("stored.npz")), name: "stored.npz")
        #expect(stored.memberNames == ["a", "b"])
        try Self.check(stored.array(named: "b.npy"), against: #require(expected.arrays["stored.npz/b"]), "b")
        #expect(throws: NumPyError.missingMember(archive: mnist.name, member: "x_val", available: mnist.memberNames)) {
            try mnist.array(named: "x_val")
        }
    }

    @Test func corruptArchivesNameTheArchive() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("npz-\(UUID().uuidString).npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("this is not a zip archive at all".utf8).write(to: url)
        do {
            _ = try NumPyArchive(contentsOf: url)
            Issue.record("garbage opened as an archive")
        } catch {
            #expect(error.description.hasPrefix("\(url.path): not a readable .npz (zip) archive"), "\(error)")
        }
        // A damaged deflate stream inside a real archive: the member's read fails and names archive and member.
        var bytes = try Self.bytes("mnist.npz")
        for offset in 60..<90 { bytes[offset] ^= 0x5A }
        try Data(bytes).write(to: url)
        do {
            let archive = try NumPyArchive(contentsOf: url)
            _ = try archive.array(named: "x_train")
            Issue.record("a damaged member was read")
        } catch {
            #expect(error.description.hasPrefix(url.path), "\(error)")
        }
        #expect(throws: NumPyError.self) { try NumPyArchive(contentsOf: URL(fileURLWithPath: "/nonexistent/a.npz")) }
    }

    @Test func labelledImageSamples() throws {
        let mnist = try NumPyArchive(contentsOf: Self.url("mnist.npz"))
        let train = try NumPyImageSamples(images: mnist.array(named: "x_train"), labels: mnist.array(named: "y_train"))
        #expect(train.shape == [3, 1, 5, 5])
        #expect(train.labels == [5, 0, 4])
        #expect(train.pixels == (0..<75).map { UInt8($0 * 13 % 256) })

        let cifar = try NumPyImageSamples(images: NumPyArray(contentsOf: Self.url("cifar-x.npy")), labels: NumPyArray(contentsOf: Self.url("cifar-y.npy")))
        #expect(cifar.shape == [2, 3, 4, 4])
        #expect(cifar.labels == [3, 7])
        // Channel c of pixel p of image n came from interleaved index (n·16 + p)·3 + c.
        let interleaved = (0..<96).map { UInt8($0 * 11 % 256) }
        #expect(cifar.pixels[16 * 1 + 5] == interleaved[5 * 3 + 1])
        #expect(cifar.pixels[48 + 32 + 15] == interleaved[48 + 15 * 3 + 2])

        let bitmap = try NumPyArray(contentsOf: Self.url("bitmap.npy"))
        let drawings = try NumPyImageSamples(images: bitmap, labels: [Int64](repeating: 2, count: 3))
        #expect(drawings.shape == [3, 1, 28, 28])
        #expect(drawings.floatPixels()[1] == Float(7) / 255)
        #expect(throws: NumPyError.self) { try NumPyImageSamples(images: bitmap, labels: [Int64](repeating: 2, count: 3), side: 27) }
        #expect(throws: NumPyError.self) { try NumPyImageSamples(images: bitmap, labels: [1]) }
        #expect(throws: NumPyError.self) { try NumPyImageSamples(images: NumPyArray(contentsOf: Self.url("f4-le.npy")), labels: [1, 2]) }
    }

    @Test func halfPrecision() {
        #expect(NumPyArray.float(half: 0x3C00) == 1)
        #expect(NumPyArray.float(half: 0xC000) == -2)
        #expect(NumPyArray.float(half: 0x0001) == 0x1p-24)
        #expect(NumPyArray.float(half: 0x7BFF) == 65504)
        #expect(NumPyArray.float(half: 0xFC00) == -.infinity)
        #expect(NumPyArray.float(half: 0x7E00).isNaN)
    }

    /// `bytes` with the first occurrence of `text` replaced by `replacement`, padded or cut to keep the header length.
    static func replacing(_ text: String, with replacement: String, in bytes: [UInt8]) -> [UInt8] {
        let target = Array(text.utf8)
        guard let start = (0...(bytes.count - target.count)).first(where: { Array(bytes[$0..<($0 + target.count)]) == target }) else {
            return bytes
        }
        var result = bytes
        result.replaceSubrange(start..<(start + target.count), with: replacement.utf8)
        let excess = result.count - bytes.count
        if excess > 0 {
            // Take the extra length out of the header's space padding, just before its newline.
            result.removeSubrange((127 - excess)..<127)
        } else if excess < 0 {
            result.insert(contentsOf: [UInt8](repeating: 0x20, count: -excess), at: 127 + excess)
        }
        return result
    }
}
