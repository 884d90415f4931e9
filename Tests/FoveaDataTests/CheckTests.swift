import Foundation
@testable import FoveaData
import Testing

/// `fovea check`'s analysis on trees with known problems, each expectation worked out from how the tree was made.
@Suite struct CheckTests {
    /// A tree with one of each problem. china-q30.jpg is china.jpg recompressed: imagehash gives both the same hash.
    func problemTree() throws -> TemporaryTree {
        let tree = try TemporaryTree()
        try tree.copy("china.jpg", to: "cat/china.jpg")
        try tree.copy("china.jpg", to: "cat/china-copy.jpg")
        try tree.copy("china-q30.jpg", to: "dog/china-q30.jpg")
        try tree.copy("flower.jpg", to: "cat/flower.jpg")
        let flower = try DatasetFixtures.bytes("flower.jpg")
        try tree.write("cat/cut.jpg", bytes: Array(flower.prefix(flower.count / 2)))
        try tree.write("dog/zero.jpg", bytes: [])
        try tree.copy("chelsea.png", to: "dog/chelsea.jpg")
        try tree.writePattern("dog/tiny.png", seed: 1, side: 16)
        try tree.copy("camera.jpg", to: "dog/camera.jpg")
        try tree.copy("coffee-alpha.png", to: "dog/a&b.png")
        try tree.copy("rocket.jpg", to: "loose.jpg")
        return tree
    }

    @Test func findsEachKindOfProblem() throws {
        let tree = try problemTree()
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        let report = DatasetCheck.run(try index.images())
        let found = Dictionary(uniqueKeysWithValues: report.findings.map { ($0.path, Set($0.problems)) })
        #expect(found == [
            "cat/china.jpg": [.duplicate, .nearDuplicate, .labelConflict],
            "cat/china-copy.jpg": [.duplicate, .nearDuplicate, .labelConflict],
            "dog/china-q30.jpg": [.nearDuplicate, .labelConflict],
            "cat/cut.jpg": [.truncated],
            "dog/zero.jpg": [.empty],
            "dog/chelsea.jpg": [.wrongExtension],
            "dog/tiny.png": [.tiny],
            "dog/camera.jpg": [.grayscale],
            "dog/a&b.png": [.alpha],
            "loose.jpg": [.unlabeled],
        ])
        #expect(report.images == 11 && report.errors == 2 && report.warnings == 8)
        #expect(report.groups.count == 1)
        let group = try #require(report.groups.first)
        #expect(group.paths == ["cat/china-copy.jpg", "cat/china.jpg", "dog/china-q30.jpg"])
        #expect(!group.identical && group.isLabelConflict && !group.isLeak && group.largestDistance == 0)
        #expect(report.redundantCopies == ["cat/china.jpg"])
        // Usable images per class: cat has china, its copy and flower; dog has five that decode.
        #expect(report.classes.map { "\($0.label) \($0.total)" } == ["cat 3", "dog 5"])
        #expect(report.imbalanceRatio == 5.0 / 3.0 && !report.isImbalanced)
        #expect(report.counts["truncated"] == 1 && report.counts["near-duplicate"] == 3)

        // Turning near duplicates off leaves the exact pair, now without a label conflict.
        let exactOnly = DatasetCheck.run(try index.images(), options: CheckOptions(distance: -1))
        #expect(exactOnly.groups.map(\.paths) == [["cat/china-copy.jpg", "cat/china.jpg"]])
        #expect(exactOnly.groups.first?.isLabelConflict == false)
        // A minimum side of 100 makes the 120 × 80 coffee and the 96 × 64 rocket tiny too (the 150 × 100 cat is not).
        let strict = DatasetCheck.run(try index.images(), options: CheckOptions(minimumSide: 100))
        #expect(strict.counts["tiny"] == 3)
    }

    /// A chain a ~ b ~ c with a and c 8 bits apart: at distance 4, a is near b and b near c, not a near c. Only
    /// direct relations are conflicts: b (cat, near the dog c) and c, not a (cat, near only the cat b); likewise
    /// for splits. The three still form one group, which a split keeps together.
    @Test func conflictsNeedADirectRelation() throws {
        func row(_ path: String, hash: UInt64, label: String, split: DatasetPart) -> IndexedImage {
            IndexedImage(
                path: path, bytes: 1, modified: 0, sha256: path, format: "png", width: 64, height: 64, bands: 3,
                hasAlpha: false, isGray: false, perceptualHashBits: Int64(bitPattern: hash), error: nil,
                errorMessage: nil, label: label, split: split, splitFromFolder: true, problems: "")
        }
        let rows = [
            row("a.png", hash: 0x00, label: "cat", split: .train), row("b.png", hash: 0x0F, label: "cat", split: .train),
            row("c.png", hash: 0xFF, label: "dog", split: .test),
        ]
        let report = DatasetCheck.run(rows, options: CheckOptions(distance: 4))
        #expect(report.findings.map(\.problems) == [
            [.nearDuplicate], [.nearDuplicate, .labelConflict, .leakage], [.nearDuplicate, .labelConflict, .leakage],
        ])
        #expect(report.groups.count == 1 && report.groups[0].isLabelConflict && report.groups[0].isLeak)
        #expect(report.groups[0].largestDistance == 8)
    }

    @Test func findsLeakageAcrossSplitFolders() throws {
        let tree = try TemporaryTree()
        try tree.copy("china.jpg", to: "train/cat/china.jpg")
        try tree.copy("china-small.png", to: "test/cat/china-small.png")
        try tree.copy("flower.jpg", to: "val/dog/flower.jpg")
        try tree.copy("rocket.jpg", to: "train/dog/rocket.jpg")
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        let report = DatasetCheck.run(try index.images())
        #expect(report.groups.count == 1)
        #expect(report.groups.first?.isLeak == true && report.groups.first?.isLabelConflict == false)
        #expect(report.groups.first?.splits == [.train, .test])
        #expect(report.findings.map(\.path) == ["test/cat/china-small.png", "train/cat/china.jpg"])
        #expect(report.findings.allSatisfy { $0.problems == [.nearDuplicate, .leakage] })
        #expect(report.classes.map(\.splits) == [["train": 1, "test": 1], ["train": 1, "val": 1]])
    }

    @Test func problemsAreRecordedInTheIndex() throws {
        let tree = try problemTree()
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        try index.recordProblems(DatasetCheck.run(try index.images()).problemsByPath)
        let rows = Dictionary(uniqueKeysWithValues: try index.images().map { ($0.path, $0) })
        #expect(rows["dog/china-q30.jpg"]?.problems == "near-duplicate,label-conflict")
        #expect(rows["cat/flower.jpg"]?.problemList == [])
    }

    @Test func quarantineMovesBrokenFilesAndRedundantCopiesAside() throws {
        let tree = try problemTree()
        let quarantine = try TemporaryTree()
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        let report = DatasetCheck.run(try index.images())
        let files: [(path: String, problems: [ImageProblem])] = [
            ("cat/cut.jpg", [.truncated]), ("dog/zero.jpg", [.empty]), ("cat/china.jpg", [.duplicate]),
        ]
        #expect(report.redundantCopies == ["cat/china.jpg"])
        // Something already there keeps its name; the moved file gets ".1".
        try quarantine.write("cat/cut.jpg", bytes: [1])
        let moved = try Quarantine.move(files, of: index, to: quarantine.root)
        #expect(moved.map(\.destination) == [
            quarantine.url("cat/cut.1.jpg").path, quarantine.url("dog/zero.jpg").path, quarantine.url("cat/china.jpg").path,
        ])
        for record in moved {
            #expect(!FileManager.default.fileExists(atPath: tree.url(record.path).path))
            #expect(FileManager.default.fileExists(atPath: record.destination))
        }
        let log = try String(contentsOf: quarantine.url(Quarantine.logName), encoding: .utf8)
        #expect(log.split(separator: "\n").count == 3 && log.contains("\ttruncated\n"))
        #expect(try index.quarantined().map(\.path) == ["cat/cut.jpg", "dog/zero.jpg", "cat/china.jpg"])
        #expect(try index.quarantined().last?.sha256 == DatasetFixtures.expected()["china.jpg"]?.sha256)

        try index.update()
        let after = DatasetCheck.run(try index.images())
        #expect(after.errors == 0 && after.images == 8 && after.redundantCopies.isEmpty)
    }

    @Test func htmlPageInlinesThumbnailsAndEscapesNames() throws {
        let tree = try problemTree()
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        let page = CheckPage.html(DatasetCheck.run(try index.images()), root: tree.root)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        #expect(page.contains("Same image, different labels (1)") && page.contains("Files that cannot be decoded (2)"))
        #expect(page.contains("dog/a&amp;b.png") && !page.contains("dog/a&b.png"))
        #expect(!page.contains("src=\"http") && !page.contains("src=\"file"))
        // A card per file and section: 2 broken, 3 + 3 in the group (label conflict, near duplicates), 5 single
        // warnings. All but the empty file have a thumbnail; the truncated JPEG shows what it holds.
        #expect(page.components(separatedBy: "src=\"data:image/jpeg;base64,").count - 1 == 12)
        #expect(page.components(separatedBy: "cannot be shown").count - 1 == 1)
    }
}
