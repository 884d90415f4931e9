/// The three parts of a split dataset, named as the folders of a split tree.
public enum DatasetPart: String, Codable, Sendable, CaseIterable, Comparable {
    case train
    case validation = "val"
    case test

    /// The part a folder stands for: `train`; `val`, `valid` or `validation`; `test` (in any case).
    public init?(folderName: String) {
        switch folderName.lowercased() {
        case "train": self = .train
        case "val", "valid", "validation": self = .validation
        case "test": self = .test
        default: return nil
        }
    }

    public static func < (left: DatasetPart, right: DatasetPart) -> Bool {
        allCases.firstIndex(of: left) ?? 0 < allCases.firstIndex(of: right) ?? 0
    }
}

/// How a file's place in a folder-per-class tree gives its label and, in a tree already split into `train/`,
/// `val/` and `test/` folders, its part — the rules `ImageFolder` loads by.
struct DatasetLayout: Sendable {
    /// Whether the tree is split on disk: it has a `train` folder at the top.
    let isSplitOnDisk: Bool

    /// The layout of a tree whose top-level folders are `topFolders`.
    init(topFolders: some Sequence<String>) {
        isSplitOnDisk = topFolders.contains { DatasetPart(folderName: $0) == .train }
    }

    /// The label (class folder) and on-disk part of the file at `relativePath` ("/"-separated); no label for a
    /// file outside any class folder.
    func place(of relativePath: String) -> (label: String?, part: DatasetPart?) {
        let components = relativePath.split(separator: "/").map(String.init)
        guard isSplitOnDisk else {
            return (components.count >= 2 ? components[0] : nil, nil)
        }
        guard let part = components.first.flatMap(DatasetPart.init(folderName:)) else { return (nil, nil) }
        return (components.count >= 3 ? components[1] : nil, part)
    }
}
