import Foundation
@testable import FoveaData
import FoveaTensor
import Testing

/// `fovea split`: counts worked out by hand, determinism, groups kept together, the index and the folder tree.
@Suite struct SplitTests {
    /// Class a: 20 distinct images; class b: 7.
    func twoClasses() throws -> TemporaryTree {
        let tree = try TemporaryTree()
        for number in 0..<20 { try tree.writePattern("a/\(number).png", seed: number) }
        for number in 0..<7 { try tree.writePattern("b/\(number).png", seed: 100 + number) }
        return tree
    }

    func plan(_ tree: TemporaryTree, seed: UInt64 = 0, ratios: String = "70/15/15", group: String? = nil) throws
        -> (DatasetIndex, SplitPlan)
    {
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        let plan = try DatasetSplitter.plan(
            try index.images(), ratios: try SplitRatios(parsing: ratios), seed: seed, distance: 8,
            group: try group.map { try Regex($0) })
        return (index, plan)
    }

    /// 20 × (0.7, 0.15, 0.15) = (14, 3, 3) exactly. 7 × the same = (4.9, 1.05, 1.05): floors (4, 1, 1) leave one
    /// image, which goes to the largest remainder, train's 0.9: (5, 1, 1). 80/20 of 7 = (5.6, 1.4): (6, 1).
    @Test func countsPerClassFollowTheRatios() throws {
        let tree = try twoClasses()
        let (_, split) = try plan(tree)
        #expect(split.counts.map(\.label) == ["a", "b"])
        #expect(split.counts[0].parts == [.train: 14, .validation: 3, .test: 3])
        #expect(split.counts[1].parts == [.train: 5, .validation: 1, .test: 1])
        #expect(split.assignments.count == 27 && split.leftOut.isEmpty && split.groupsKeptTogether == 0)
        #expect(DatasetSplitter.targets(size: 7, ratios: try SplitRatios(parsing: "80/20")) == [.train: 6, .validation: 1, .test: 0])
    }

    @Test func theSameSeedGivesTheSameSplit() throws {
        let tree = try twoClasses()
        let (_, first) = try plan(tree, seed: 7)
        let (_, again) = try plan(tree, seed: 7)
        let (_, other) = try plan(tree, seed: 8)
        #expect(first.assignments == again.assignments)
        #expect(first.assignments != other.assignments)
    }

    /// The shuffle uses nothing but SplitMix64: its first output for seed 0 is 0xe220a8397b1dcdaf (the value of
    /// Vigna's reference splitmix64.c), odd, so a two-element shuffle draws index 1 and keeps the order; FNV-1a
    /// of "a" is 0xaf63dc4c8601ec8c (the published test vector).
    @Test func shuffleAndClassSeedsArePlatformIndependent() {
        var generator = SplitMix64(seed: 0)
        #expect(DatasetSplitter.shuffle(["x", "y"], using: &generator) == ["x", "y"])
        var fresh = SplitMix64(seed: 0)
        #expect(fresh.next() == 0xE220_A839_7B1D_CDAF)
        #expect(DatasetSplitter.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(DatasetSplitter.fnv1a("") == 0xCBF2_9CE4_8422_2325)
    }

    @Test func filesOfAGroupPatternStayTogether() throws {
        let tree = try TemporaryTree()
        for subject in 0..<10 {
            for shot in 0..<3 { try tree.writePattern("a/subject\(subject)_\(shot).png", seed: subject * 10 + shot) }
        }
        for seed in [UInt64(0), 1, 2] {
            let (_, split) = try plan(tree, seed: seed, group: #"subject(\d+)_"#)
            #expect(split.groupsKeptTogether == 10)
            for subject in 0..<10 {
                let parts = Set((0..<3).compactMap { split.assignments["a/subject\(subject)_\($0).png"] })
                #expect(parts.count == 1, "subject \(subject) split over \(parts)")
            }
            // Ten groups of three, targets 21, 5, 4 (4.5 and 4.5: the tied remainder goes to val). Each group goes
            // where the deficit is largest: six to train (deficits now 3, 5, 4), then val, test, train, val:
            // 21 / 6 / 3.
            #expect(split.counts[0].parts == [.train: 21, .validation: 6, .test: 3])
        }
    }

    @Test func nearDuplicatesStayTogether() throws {
        let tree = try TemporaryTree()
        for name in ["china.jpg", "china-q30.jpg", "china-small.png", "china-bright.jpg"] { try tree.copy(name, to: "a/\(name)") }
        for number in 0..<8 { try tree.writePattern("a/\(number).png", seed: number) }
        try tree.write("a/broken.jpg", bytes: [0xFF, 0xD8, 0xFF])
        try tree.writePattern("loose.png", seed: 99)
        for seed in UInt64(0)..<4 {
            let (_, split) = try plan(tree, seed: seed)
            let parts = Set(["china.jpg", "china-q30.jpg", "china-small.png", "china-bright.jpg"].compactMap {
                split.assignments["a/\($0)"]
            })
            #expect(parts.count == 1)
            #expect(split.leftOut == ["a/broken.jpg", "loose.png"])
        }
    }

    @Test func theSplitGoesIntoTheIndexAndATreeImageFolderReads() throws {
        let tree = try twoClasses()
        let (index, split) = try plan(tree)
        try index.assignSplits(split.assignments)
        let rows = try index.images()
        #expect(rows.allSatisfy { $0.split == split.assignments[$0.path] && !$0.splitFromFolder })
        // The assignment survives an update, and a touched file keeps it.
        let touched = tree.url("a/0.png")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 30)], ofItemAtPath: touched.path)
        #expect(try index.update().examined == 1)
        #expect(try index.images().map(\.split) == rows.map(\.split))

        // Loading the folder itself takes the recorded split: a (14, 3, 3) + b (5, 1, 1).
        var messages: [String] = []
        let recorded = try DataSplits.load(tree.root, size: 16, validationFraction: 0.1, seed: 5) { messages.append($0) }
        #expect(try recorded.train.classCounts() == [14, 5] && recorded.validation?.classCounts() == [3, 1])
        #expect(try recorded.test?.classCounts() == [3, 1])
        #expect(messages.contains { $0.contains("recorded by `fovea split`") })
        let prefix = tree.root.standardizedFileURL.path + "/"
        #expect(recorded.train.sources.allSatisfy { split.assignments[String($0.dropFirst(prefix.count))] == .train })
        // A file added since is not covered: the seeded split takes over, and says why.
        try tree.writePattern("a/new.png", seed: 500)
        messages = []
        let fallback = try DataSplits.load(tree.root, size: 16, validationFraction: 0.1, seed: 5) { messages.append($0) }
        #expect(fallback.train.count + (fallback.validation?.count ?? 0) + (fallback.test?.count ?? 0) == 28)
        #expect(messages.contains { $0.contains("does not cover 1 image(s), e.g. a/new.png") })
        try FileManager.default.removeItem(at: tree.url("a/new.png"))

        for mode in SplitTree.Mode.allCases {
            let out = try TemporaryTree()
            try FileManager.default.removeItem(at: out.root)
            #expect(try SplitTree.write(split, root: tree.root, to: out.root, mode: mode) == 27)
            let loaded = try DataSplits.load(out.root, size: 16, validationFraction: 0, seed: 0)
            #expect(try loaded.train.classCounts() == [14, 5])
            #expect(try loaded.validation?.classCounts() == [3, 1] && loaded.test?.classCounts() == [3, 1])
            let example = out.url("\(split.assignments["a/3.png"]?.rawValue ?? "")/a/3.png").path
            let type = try FileManager.default.attributesOfItem(atPath: example)[.type] as? FileAttributeType
            #expect(type == (mode == .symlink ? .typeSymbolicLink : .typeRegular), "\(mode)")
        }
    }

    @Test func badRequestsAreRefused() throws {
        let tree = try twoClasses()
        let (_, split) = try plan(tree)
        let inside = #expect(throws: DatasetError.self) {
            try SplitTree.write(split, root: tree.root, to: tree.url("out"), mode: .copy)
        }
        #expect("\(inside!)".contains("inside the dataset"))
        let full = try TemporaryTree()
        try full.write("x.txt", bytes: [1])
        #expect(throws: DatasetError.self) { try SplitTree.write(split, root: tree.root, to: full.root, mode: .copy) }
        #expect(throws: DatasetError.self) { try SplitRatios(parsing: "70-30") }
        #expect(throws: DatasetError.self) { try SplitRatios(parsing: "0/50/50") }

        let splitOnDisk = try TemporaryTree()
        try splitOnDisk.copy("china.jpg", to: "train/cat/a.jpg")
        let index = try DatasetIndex(root: splitOnDisk.root)
        try index.update()
        #expect(throws: DatasetError.self) { try index.assignSplits(["train/cat/a.jpg": .test]) }
    }
}
