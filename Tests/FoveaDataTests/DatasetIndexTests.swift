import Foundation
@testable import FoveaData
import GRDB
import Testing

/// The dataset index: what a row holds, incremental updates, and damaged or unusable input.
@Suite struct DatasetIndexTests {
    @Test func rowsDescribeEachImage() throws {
        let tree = try TemporaryTree()
        try tree.copy("china.jpg", to: "landscape/china.jpg")
        try tree.copy("coffee-alpha.png", to: "drink/coffee.png")
        try tree.copy("camera.jpg", to: "drink/camera.jpg")
        try tree.write("drink/notes.txt", bytes: Array("not an image".utf8))
        try tree.write("loose.png", bytes: try DatasetFixtures.bytes("chelsea.png"))
        let index = try DatasetIndex(root: tree.root)
        let update = try index.update()
        #expect(update.images == 4 && update.examined == 4 && update.otherFiles == ["drink/notes.txt"])
        #expect(index.file.path == tree.url(".fovea-index.sqlite").path)

        let rows = Dictionary(uniqueKeysWithValues: try index.images().map { ($0.path, $0) })
        let expected = try DatasetFixtures.expected()
        let china = try #require(rows["landscape/china.jpg"])
        #expect(china.label == "landscape" && china.split == nil && china.format == "jpeg")
        #expect(china.sha256 == expected["china.jpg"]?.sha256)
        #expect(china.bytes == Int64(expected["china.jpg"]?.bytes ?? 0))
        #expect(china.width == 160 && china.height == 107 && china.bands == 3 && china.hasAlpha == false)
        #expect(china.isGray == false)
        #expect(china.perceptualHash.map(PerceptualHash.hexadecimal) == expected["china.jpg"]?.phash)
        let coffee = try #require(rows["drink/coffee.png"])
        #expect(coffee.hasAlpha == true && coffee.bands == 4 && coffee.format == "png")
        #expect(rows["drink/camera.jpg"]?.isGray == true && rows["drink/camera.jpg"]?.bands == 1)
        #expect(rows["loose.png"]?.label == nil)
        // The modification time recorded is the file's, to the nanosecond.
        let attributes = try FileManager.default.attributesOfItem(atPath: tree.url("landscape/china.jpg").path)
        let modified = try #require(attributes[.modificationDate] as? Date)
        #expect(abs(Double(china.modified) / 1e9 - modified.timeIntervalSince1970) < 1e-3)
    }

    /// Re-indexing an unchanged tree reads no file; a touched, an added and a removed file are noticed.
    @Test func updatesAreIncremental() throws {
        let tree = try TemporaryTree()
        for (index, name) in ["china.jpg", "flower.jpg", "rocket.jpg", "chelsea.png"].enumerated() {
            try tree.copy(name, to: "class\(index % 2)/\(name)")
        }
        let first = try DatasetIndex(root: tree.root).update()
        #expect(first.examined == 4 && first.unchanged == 0)

        let again = try DatasetIndex(root: tree.root).update()
        #expect(again == IndexUpdate(images: 4, examined: 0, unchanged: 4, removed: 0))

        let touched = tree.url("class0/china.jpg")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: touched.path)
        try FileManager.default.removeItem(at: tree.url("class1/flower.jpg"))
        try tree.copy("coins.png", to: "class1/coins.png")
        let index = try DatasetIndex(root: tree.root)
        let changed = try index.update()
        #expect(changed == IndexUpdate(images: 4, examined: 2, unchanged: 2, removed: 1))
        #expect(try index.images().map(\.path) == ["class0/china.jpg", "class0/rocket.jpg", "class1/chelsea.png", "class1/coins.png"])
    }

    @Test func splitFoldersGiveLabelAndSplit() throws {
        let tree = try TemporaryTree()
        try tree.copy("china.jpg", to: "train/cat/a.jpg")
        try tree.copy("flower.jpg", to: "Valid/dog/b.jpg")
        try tree.copy("rocket.jpg", to: "test/dog/c.jpg")
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        let rows = try index.images()
        #expect(rows.map { "\($0.label ?? "-") \($0.split?.rawValue ?? "-") \($0.splitFromFolder)" }
            == ["dog val true", "dog test true", "cat train true"])
    }

    @Test func badFilesBecomeRowsWithTheirError() throws {
        let tree = try TemporaryTree()
        let china = try DatasetFixtures.bytes("china.jpg")
        try tree.write("a/cut.jpg", bytes: Array(china.prefix(china.count / 2)))
        try tree.write("a/zero.jpg", bytes: [])
        try tree.write("a/text.png", bytes: Array("hello, not a picture".utf8))
        try FileManager.default.createSymbolicLink(
            atPath: tree.url("a/dangling.jpg").path, withDestinationPath: tree.url("a/nowhere.jpg").path)
        #expect(mkfifo(tree.url("a/pipe.jpg").path, 0o644) == 0)
        let index = try DatasetIndex(root: tree.root)
        try index.update()
        let errors = Dictionary(uniqueKeysWithValues: try index.images().map { ($0.path, $0.error) })
        #expect(errors == [
            "a/cut.jpg": .truncated, "a/zero.jpg": .empty, "a/text.png": .notAnImage, "a/dangling.jpg": .unreadable,
            "a/pipe.jpg": .unreadable,
        ])
        let messages = try index.images().map { $0.errorMessage ?? "" }
        #expect(messages.contains("No such file or directory") && messages.contains("not a regular file"))
    }

    @Test func damagedOrForeignIndexFilesAreNamedAndCanBeRebuilt() throws {
        let tree = try TemporaryTree()
        try tree.copy("china.jpg", to: "cat/a.jpg")
        let file = tree.url(".fovea-index.sqlite")
        try tree.write(".fovea-index.sqlite", bytes: Array(repeating: UInt8(ascii: "x"), count: 4096))
        let damaged = #expect(throws: DatasetIndexError.self) { try DatasetIndex(root: tree.root) }
        #expect("\(damaged!)".contains(file.path) && "\(damaged!)".contains("--rebuild-index"))

        let rebuilt = try DatasetIndex(root: tree.root, rebuild: true)
        #expect(try rebuilt.update().examined == 1)

        // A real index cut short: SQLite's own check finds the missing pages.
        let whole = try Data(contentsOf: file)
        try whole.prefix(whole.count / 2).write(to: file)
        let cut = #expect(throws: DatasetIndexError.self) { try DatasetIndex(root: tree.root).update() }
        #expect("\(cut!)".contains(file.path) && "\(cut!)".contains("damaged"))

        // The run registry is SQLite too, but not an index.
        let other = tree.url("other.sqlite")
        try DatabaseQueue(path: other.path).write { try $0.execute(sql: "CREATE TABLE runs (id TEXT)") }
        let foreign = #expect(throws: DatasetIndexError.self) { try DatasetIndex(root: tree.root, file: other) }
        #expect(foreign == .foreign(file: other.path))
        // Rebuilding never replaces another program's database.
        #expect(throws: DatasetIndexError.foreign(file: other.path)) {
            try DatasetIndex(root: tree.root, file: other, rebuild: true)
        }
        #expect(FileManager.default.fileExists(atPath: other.path))

        let unwritable = tree.url("missing-folder/index.sqlite")
        let cannotOpen = #expect(throws: DatasetIndexError.self) { try DatasetIndex(root: tree.root, file: unwritable) }
        #expect("\(cannotOpen!)".contains(unwritable.path))
    }

    /// Root reads everything, so this runs only for other users.
    @Test(.enabled(if: getuid() != 0)) func filesAndFoldersWithoutPermissionAreReported() throws {
        let tree = try TemporaryTree()
        try tree.copy("china.jpg", to: "cat/china.jpg")
        try tree.copy("flower.jpg", to: "cat/secret.jpg")
        try tree.copy("rocket.jpg", to: "dog/rocket.jpg")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: tree.url("cat/secret.jpg").path)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: tree.url("dog").path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tree.url("dog").path) }
        let index = try DatasetIndex(root: tree.root)
        let update = try index.update()
        #expect(update.unreadableFolders.count == 1 && update.unreadableFolders[0].contains("dog"))
        let secret = try index.images().first { $0.path == "cat/secret.jpg" }
        #expect(secret?.error == .unreadable && secret?.errorMessage == "Permission denied")
    }

    @Test func missingOrUnreadableDataIsAClearError() throws {
        let tree = try TemporaryTree()
        let missing = #expect(throws: DatasetError.self) { try DatasetIndex(root: tree.url("nowhere")) }
        #expect("\(missing!)".contains("nowhere"))
        try tree.write("file.jpg", bytes: [1, 2, 3])
        let file = #expect(throws: DatasetError.self) { try DatasetIndex(root: tree.url("file.jpg")) }
        #expect("\(file!)".contains("is a file"))
    }
}
