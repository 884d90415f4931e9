import Foundation
import FoveaData
import Testing

/// `fovea clean`'s edits: saved at once, surviving a reopen, undone in order, carried out only on apply.
@Suite struct CleanTests {
    /// cat/a, cat/b, cat/c, dog/d: four distinct pictures.
    func tree() throws -> TemporaryTree {
        let tree = try TemporaryTree()
        for (seed, path) in ["cat/a.png", "cat/b.png", "cat/c.png", "dog/d.png"].enumerated() {
            try tree.writePattern(path, seed: seed + 1)
        }
        return tree
    }

    func indexed(_ tree: TemporaryTree) throws -> DatasetIndex {
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        return index
    }

    @Test func editsSurviveReopeningAndUndoTakesBackTheLatest() throws {
        let tree = try tree()
        do {
            let cleaner = DatasetCleaner(index: try indexed(tree))
            try cleaner.record(.relabel, path: "cat/a.png", label: "dog")
            try cleaner.record(.delete, path: "cat/b.png")
            try cleaner.record(.keep, path: "cat/c.png")
            try cleaner.record(.delete, path: "cat/a.png")  // a later decision replaces the earlier one
        }
        // A new index object on the same file, as after a restart of the server.
        let cleaner = DatasetCleaner(index: try DatasetIndex(root: tree.root))
        var decisions = try cleaner.pendingDecisions()
        #expect(decisions.mapValues(\.action) == ["cat/a.png": .delete, "cat/b.png": .delete, "cat/c.png": .keep])

        let undone = try #require(try cleaner.undo())
        #expect(undone.path == "cat/a.png" && undone.action == .delete)
        decisions = try cleaner.pendingDecisions()
        #expect(decisions["cat/a.png"]?.action == .relabel && decisions["cat/a.png"]?.label == "dog")
        try cleaner.undo()
        try cleaner.undo()
        try cleaner.undo()
        #expect(try cleaner.pendingDecisions().isEmpty)
        #expect(try cleaner.undo() == nil)
        // Undone edits stay as history, in order.
        #expect(try cleaner.history().map(\.undone) == [true, true, true, true])
        // Nothing moved.
        for path in ["cat/a.png", "cat/b.png", "cat/c.png", "dog/d.png"] {
            #expect(FileManager.default.fileExists(atPath: tree.url(path).path))
        }
    }

    @Test func applyMovesRelabelledAndDeletedFilesAndLogsEachMove() throws {
        let tree = try tree()
        try tree.writePattern("dog/a.png", seed: 9)  // the relabel's name is taken in dog/
        let index = try indexed(tree)
        let cleaner = DatasetCleaner(index: index)
        try cleaner.record(.relabel, path: "cat/a.png", label: "dog")
        try cleaner.record(.relabel, path: "cat/c.png", label: "bird")  // a new class folder
        try cleaner.record(.delete, path: "cat/b.png")
        try cleaner.record(.keep, path: "dog/d.png")
        let originalA = try Data(contentsOf: tree.url("cat/a.png"))
        let quarantine = tree.root.deletingLastPathComponent().appendingPathComponent("q-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: quarantine) }

        let result = try cleaner.apply(quarantine: quarantine)
        #expect(result.moves.map(\.path) == ["cat/a.png", "cat/c.png", "cat/b.png"])
        #expect(result.moves[0].destination == "dog/a.1.png" && result.moves[1].destination == "bird/c.png")
        #expect(result.unchanged == 1 && result.skipped.isEmpty)
        #expect(try Data(contentsOf: tree.url("dog/a.1.png")) == originalA)
        #expect(FileManager.default.fileExists(atPath: tree.url("bird/c.png").path))
        #expect(FileManager.default.fileExists(atPath: quarantine.appendingPathComponent("cat/b.png").path))
        for gone in ["cat/a.png", "cat/b.png", "cat/c.png"] {
            #expect(!FileManager.default.fileExists(atPath: tree.url(gone).path))
        }
        // The index follows: new paths and labels, the deleted one in the quarantine record.
        let images = Dictionary(uniqueKeysWithValues: try index.images().map { ($0.path, $0) })
        #expect(Set(images.keys) == ["dog/a.png", "dog/a.1.png", "bird/c.png", "dog/d.png"])
        #expect(images["dog/a.1.png"]?.label == "dog" && images["bird/c.png"]?.label == "bird")
        #expect(try index.quarantined().map(\.path) == ["cat/b.png"])
        // One log line per move: time, action, from, to.
        let log = try String(contentsOfFile: result.log, encoding: .utf8).split(separator: "\n")
        #expect(log.count == 3)
        #expect(log.map { $0.split(separator: "\t")[1] } == ["relabel", "relabel", "delete"])
        #expect(log[0].split(separator: "\t")[2] == Substring(tree.url("cat/a.png").path))
        #expect(log[0].split(separator: "\t")[3] == Substring(tree.url("dog/a.1.png").path))

        // Applied edits are no longer pending; the index is consistent, so an update reads nothing again.
        #expect(try cleaner.pendingDecisions().isEmpty)
        #expect(try cleaner.apply(quarantine: quarantine).moves.isEmpty)
        let update = try index.update()
        #expect(update.examined == 0 && update.removed == 0 && update.images == 4)
    }

    @Test func relabelInASplitTreeStaysInItsSplitFolder() throws {
        let tree = try TemporaryTree()
        try tree.writePattern("train/cat/a.png", seed: 1)
        try tree.writePattern("val/dog/b.png", seed: 2)
        let index = try indexed(tree)
        let cleaner = DatasetCleaner(index: index)
        try cleaner.record(.relabel, path: "train/cat/a.png", label: "dog")
        let quarantine = tree.url(".q")
        let result = try cleaner.apply(quarantine: quarantine)
        #expect(result.moves.map(\.destination) == ["train/dog/a.png"])
        let moved = try #require(try index.image(at: "train/dog/a.png"))
        #expect(moved.label == "dog" && moved.split == .train)
    }

    @Test func fileGoneBeforeApplyIsSkippedAndNamed() throws {
        let tree = try tree()
        let cleaner = DatasetCleaner(index: try indexed(tree))
        try cleaner.record(.relabel, path: "cat/a.png", label: "dog")
        try FileManager.default.removeItem(at: tree.url("cat/a.png"))
        let result = try cleaner.apply(quarantine: tree.url(".q"))
        #expect(result.moves.isEmpty && result.skipped == ["cat/a.png: the file was gone"])
        #expect(try cleaner.pendingDecisions().isEmpty)
    }

    @Test func badEditsAreRefusedWithTheReason() throws {
        let tree = try tree()
        let cleaner = DatasetCleaner(index: try indexed(tree))
        let cases: [(String, String?, String)] = [
            ("cat/zzz.png", "dog", "not an image of the dataset index"),
            ("../../etc/passwd", "dog", "not an image of the dataset index"),
            ("cat/a.png", nil, "needs a new label"),
            ("cat/a.png", "  ", "needs a new label"),
            ("cat/a.png", "../dog", "cannot name a class folder"),
            ("cat/a.png", ".hidden", "cannot name a class folder"),
            ("cat/a.png", "train", "split folder"),
        ]
        for (path, label, reason) in cases {
            let error = #expect(throws: DatasetError.self) { try cleaner.record(.relabel, path: path, label: label) }
            #expect(error?.description.contains(reason) == true, "\(path) \(label ?? "nil"): \(error.map { "\($0)" } ?? "")")
        }
        #expect(try cleaner.history().isEmpty)
    }

    @Test func filtersAndLossOrder() throws {
        let tree = try tree()
        try tree.copy("china.jpg", to: "dog/copy1.jpg")
        try tree.copy("china.jpg", to: "dog/copy2.jpg")
        let index = try indexed(tree)
        let report = DatasetCheck.run(try index.images())
        try index.recordProblems(report.problemsByPath)
        let suspicions = [
            "cat/a.png": Suspicion(loss: 0.1, predicted: "cat", probability: 0.9),
            "cat/b.png": Suspicion(loss: 2.5, predicted: "dog", probability: 0.9),
            "dog/d.png": Suspicion(loss: 1.0, predicted: "dog", probability: 0.6),
        ]
        let cleaner = DatasetCleaner(index: index, suspicions: suspicions)
        #expect(try cleaner.items(CleaningFilter(label: "cat")).map(\.path) == ["cat/a.png", "cat/b.png", "cat/c.png"])
        #expect(try cleaner.items(CleaningFilter(problem: "duplicate")).map(\.path) == ["dog/copy1.jpg", "dog/copy2.jpg"])
        #expect(try cleaner.items(CleaningFilter(problem: "errors")).isEmpty)
        #expect(
            try cleaner.items(CleaningFilter(order: .loss)).map(\.path)
                == ["cat/b.png", "dog/d.png", "cat/a.png", "cat/c.png", "dog/copy1.jpg", "dog/copy2.jpg"])
        try cleaner.record(.keep, path: "cat/b.png")
        #expect(try cleaner.items(CleaningFilter(decided: true)).map(\.path) == ["cat/b.png"])
        #expect(try cleaner.items(CleaningFilter(label: "cat", decided: false)).map(\.path) == ["cat/a.png", "cat/c.png"])
        let summary = try cleaner.summary()
        #expect(summary.images == 6 && summary.classes.map(\.count) == [3, 3] && summary.pending == ["keep": 1])
        #expect(summary.problems.first { $0.name == "duplicate" }?.count == 2 && summary.hasSuspicions)
    }
}
