/// How `fovea check` judges a dataset.
public struct CheckOptions: Codable, Sendable, Equatable {
    /// Images whose perceptual hashes differ in at most this many of 64 bits are near duplicates; -1 turns
    /// near-duplicate detection off. Default 8: a recompressed, resized or slightly brightened copy of a photo is
    /// 0 to 6 bits away, unrelated photos 20 or more.
    public var distance: Int
    /// Images whose shorter side is below this many pixels are tiny. Default 32.
    public var minimumSide: Int
    /// Classes are imbalanced when the largest has more than this many times the images of the smallest.
    /// Default 10.
    public var maximumImbalance: Double

    public init(distance: Int = 8, minimumSide: Int = 32, maximumImbalance: Double = 10) {
        self.distance = distance
        self.minimumSide = minimumSide
        self.maximumImbalance = maximumImbalance
    }
}

/// What `fovea check` found in a dataset; its JSON form is the `--json` output.
public struct CheckReport: Codable, Sendable {
    /// One file with at least one problem.
    public struct Finding: Codable, Sendable, Equatable {
        public var path: String
        public var label: String?
        public var split: DatasetPart?
        public var problems: [ImageProblem]
        /// The decoder's words, for errors.
        public var message: String?
    }

    /// Files that are the same image: byte for byte, or by their perceptual hashes (and, through them, linked:
    /// when a looks like b and b like c, all three are one group).
    public struct SimilarGroup: Codable, Sendable, Equatable {
        public var paths: [String]
        /// Whether every file has the same bytes.
        public var identical: Bool
        /// The largest perceptual-hash distance between two of the files.
        public var largestDistance: Int
        /// The distinct labels of the files.
        public var labels: [String]
        /// The distinct splits of the files.
        public var splits: [DatasetPart]
        /// Whether two files that are copies or near duplicates of each other have different labels (a long
        /// group can hold different labels without that).
        public var isLabelConflict: Bool
        /// Whether two files that are copies or near duplicates of each other are in different splits.
        public var isLeak: Bool
    }

    /// Images of one class, in all and per split.
    public struct ClassCount: Codable, Sendable, Equatable {
        public var label: String
        public var total: Int
        /// Counts per split ("train", "val", "test"); empty when the dataset is not split.
        public var splits: [String: Int]
    }

    public var options: CheckOptions
    /// Image files in the index.
    public var images: Int
    /// Files with at least one error (they cannot be decoded).
    public var errors: Int
    /// Files with warnings only.
    public var warnings: Int
    /// Files per problem, by ``ImageProblem`` code.
    public var counts: [String: Int]
    /// Every file with a problem, by path.
    public var findings: [Finding]
    /// Every group of the same or nearly the same image.
    public var groups: [SimilarGroup]
    /// Usable images per class, by label.
    public var classes: [ClassCount]
    /// Largest class over smallest class; nil with fewer than two classes.
    public var imbalanceRatio: Double?
    /// Whether `imbalanceRatio` is over the options' maximum.
    public var isImbalanced: Bool
    /// Exact copies that `--quarantine` moves: every copy after the first (by path) of a file with the same
    /// label and split. Copies under other labels or splits are left for a person to judge.
    public var redundantCopies: [String]

    /// Each file's problems, for the index.
    public var problemsByPath: [String: [ImageProblem]] {
        Dictionary(findings.map { ($0.path, $0.problems) }, uniquingKeysWith: { first, _ in first })
    }
}
