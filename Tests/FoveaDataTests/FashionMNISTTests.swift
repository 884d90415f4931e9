import Foundation
import FoveaData
import FoveaTensor
import Testing

/// Checked against NumPy reading the same gzip files (see the comment on each value), so these tests need
/// Debian's `dataset-fashion-mnist`, which `scripts/bootstrap` installs.
@Suite struct FashionMNISTTests {
    @Test func testPartMatchesNumPy() throws {
        let test = try FashionMNIST.load(.test)
        #expect(test.images.shape == [10000, 1, 28, 28])
        // labels[:10] of t10k-labels-idx1-ubyte.gz read with gzip + numpy.frombuffer
        #expect(try test.labels.toArray(Int64.self).prefix(10) == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7])
        // imgs.astype(int64).sum() and imgs[0].sum()
        #expect(try test.images.converted(to: .int64).sum().scalar(Int64.self) == 573_469_082)
        #expect(try test.images[0].converted(to: .int64).sum().scalar(Int64.self) == 33456)
        #expect(try test.classCounts() == Array(repeating: 1000, count: 10))
    }

    @Test func normalizationMatchesNumPy() throws {
        let train = try FashionMNIST.load(.train)
        let normalization = try Normalization.fitted(to: train)
        // (x / 255).mean() and .std() over all 60,000 training images in NumPy (float64)
        #expect(Swift.abs(normalization.mean[0] - 0.2860405969887955) < 1e-9)
        #expect(Swift.abs(normalization.std[0] - 0.35302424451492237) < 1e-9)
    }

    @Test func missingFolderNamesTheFile() throws {
        let folder = URL(fileURLWithPath: "/nonexistent/fashion")
        #expect(!FashionMNIST.isPresent(in: folder))
        let error = #expect(throws: DatasetError.self) { try FashionMNIST.load(.test, from: folder) }
        #expect("\(error!)".contains("/nonexistent/fashion/t10k-images-idx3-ubyte"))
    }
}

@Suite struct IDXTests {
    func temporaryFile(_ bytes: [UInt8], name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-idx-\(UUID().uuidString)-\(name)")
        try Data(bytes).write(to: url)
        return url
    }

    @Test func readsAHandWrittenFile() throws {
        // magic 0x00000803 (unsigned bytes, rank 3), dims 2×2×3, then 12 bytes.
        let bytes: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3] + Array(1...12)
        let (shape, values) = try IDX.readBytes(contentsOf: temporaryFile(bytes, name: "ok.idx"))
        #expect(shape == [2, 2, 3])
        #expect(values == Array(1...12))
    }

    @Test func rejectsMalformedFilesNamingThem() throws {
        let cases: [(String, [UInt8], String)] = [
            ("magic.idx", [1, 2, 3, 4], "bad magic"),
            ("type.idx", [0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], "not unsigned bytes"),
            ("short.idx", [0, 0, 8, 1, 0, 0, 0, 5, 1, 2], "promises 5"),
            ("header.idx", [0, 0, 8, 3, 0, 0], "truncated"),
        ]
        for (name, bytes, fragment) in cases {
            let url = try temporaryFile(bytes, name: name)
            let error = #expect(throws: DatasetError.self) { try IDX.readBytes(contentsOf: url) }
            #expect("\(error!)".contains(url.path), "\(name)")
            #expect("\(error!)".contains(fragment), "\(name): \(error!)")
        }
    }

    @Test func truncatedGzipIsAnErrorNotACrash() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"))
        for cut in [10, 100, original.count / 2, original.count - 9] {
            let url = try temporaryFile(Array(original.prefix(cut)), name: "cut-\(cut).gz")
            let error = #expect(throws: DatasetError.self) { try IDX.readBytes(contentsOf: url) }
            #expect("\(error!)".contains(url.path))
        }
    }
}
