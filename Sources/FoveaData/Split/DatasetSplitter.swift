import FoveaTensor

/// The fractions of a split, from `70/15/15`-style text.
public struct SplitRatios: Codable, Sendable, Equatable {
    public var train: Double
    public var validation: Double
    public var test: Double

    /// Fractions from any positive weights (70/15/15 or 0.7/0.15/0.15); a missing test weight is 0.
    public init(train: Double, validation: Double, test: Double = 0) throws {
        let weights = [train, validation, test]
        guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }), train > 0, weights.reduce(0, +) > 0 else {
            throw DatasetError.mismatch("split ratios must be finite and not negative, with a positive train part")
        }
        let total = weights.reduce(0, +)
        (self.train, self.validation, self.test) = (train / total, validation / total, test / total)
    }

    /// Parses "TRAIN/VAL/TEST" or "TRAIN/VAL".
    public init(parsing text: String) throws {
        let values = text.split(separator: "/", omittingEmptySubsequences: false).map { Double($0) }
        guard (2...3).contains(values.count), values.allSatisfy({ $0 != nil }) else {
            throw DatasetError.mismatch("'\(text)' is not a split ratio; write TRAIN/VAL/TEST, e.g. 70/15/15")
        }
        let numbers = values.compactMap { $0 }
        try self.init(train: numbers[0], validation: numbers[1], test: numbers.count == 3 ? numbers[2] : 0)
    }

    func fraction(_ part: DatasetPart) -> Double {
        switch part {
        case .train: train
        case .validation: validation
        case .test: test
        }
    }
}

/// A seeded, stratified, group-aware split of an indexed dataset.
public struct SplitPlan: Sendable {
    /// The part of every image that takes part, by path.
    public var assignments: [String: DatasetPart]
    /// Images per class and part, classes by label.
    public var counts: [(label: String, parts: [DatasetPart: Int])]
    /// Groups of more than one image kept together.
    public var groupsKeptTogether: Int
    /// Images left out: those that do not decode or have no class folder.
    public var leftOut: [String]
}

/// Splits a folder-per-class dataset into train, validation and test parts:
///
/// - **Grouped**: byte-identical images, near duplicates (perceptual hashes at most `distance` apart, linked
///   transitively) and images whose paths give the same text for the `group` pattern (its first capture, or the
///   whole match without one) form one group, and a group is never divided.
/// - **Stratified**: each class aims at its share of each part: `ratio × count` images, rounded by largest
///   remainders (ties to train, then val) so the targets add up to the class size. A class's groups, shuffled,
///   then placed largest first, each go to the part furthest below its target (ties: train, val, test). A
///   group with images of several classes counts for the class most of its images have.
/// - **The same everywhere**: the shuffle is a Fisher–Yates one drawn from ``SplitMix64`` seeded with
///   `seed ^ FNV-1a(label)` (so adding a class leaves the others' splits alone), over groups listed in path
///   order — no dependency on the platform, hashing or thread count.
public enum DatasetSplitter {
    public static func plan(
        _ images: [IndexedImage], ratios: SplitRatios, seed: UInt64, distance: Int, group pattern: Regex<AnyRegexOutput>?
    ) throws -> SplitPlan {
        let usable = images.filter { $0.error == nil && $0.label != nil }.sorted { $0.path < $1.path }
        let leftOut = images.filter { $0.error != nil || $0.label == nil }.map(\.path).sorted()

        var sets = DisjointSets(count: usable.count)
        SimilarImages(usable, distance: distance).join(into: &sets)
        if let pattern {
            var firstWithKey: [String: Int] = [:]
            for (index, image) in usable.enumerated() {
                guard let key = try groupKey(image.path, pattern) else { continue }
                if let first = firstWithKey[key] { sets.join(first, index) } else { firstWithKey[key] = index }
            }
        }
        // Every group, singletons included, as sorted member indices in order of their first member.
        var members: [Int: [Int]] = [:]
        for index in usable.indices { members[sets.find(index), default: []].append(index) }
        let groups = members.values.sorted { $0[0] < $1[0] }

        var groupsByClass: [String: [[Int]]] = [:]
        var classSizes: [String: Int] = [:]
        for image in usable { classSizes[image.label ?? "", default: 0] += 1 }
        for group in groups {
            groupsByClass[majorityLabel(group.map { usable[$0].label ?? "" }), default: []].append(group)
        }

        var counts: [String: [DatasetPart: Int]] = [:]
        var assignments: [String: DatasetPart] = [:]
        for label in classSizes.keys.sorted() {
            let targets = targets(size: classSizes[label] ?? 0, ratios: ratios)
            var generator = SplitMix64(seed: seed ^ fnv1a(label))
            let shuffled = shuffle(groupsByClass[label] ?? [], using: &generator)
            // Largest first, the shuffle deciding among equal sizes.
            let ordered = shuffled.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }
            for (_, group) in ordered {
                let placed = counts[label] ?? [:]
                let part = DatasetPart.allCases.max { left, right in
                    // On equal deficits the earlier part counts as the larger.
                    let leftDeficit = (targets[left] ?? 0) - (placed[left] ?? 0)
                    let rightDeficit = (targets[right] ?? 0) - (placed[right] ?? 0)
                    return leftDeficit < rightDeficit || (leftDeficit == rightDeficit && left > right)
                } ?? .train
                for member in group {
                    let image = usable[member]
                    assignments[image.path] = part
                    counts[image.label ?? "", default: [:]][part, default: 0] += 1
                }
            }
        }
        return SplitPlan(
            assignments: assignments,
            counts: classSizes.keys.sorted().map { ($0, counts[$0] ?? [:]) },
            groupsKeptTogether: groups.filter { $0.count > 1 }.count, leftOut: leftOut)
    }

    /// Each part's share of `size` images, rounded by largest remainders so they add up to `size`.
    static func targets(size: Int, ratios: SplitRatios) -> [DatasetPart: Int] {
        let exact = DatasetPart.allCases.map { Double(size) * ratios.fraction($0) }
        var whole = exact.map { Int($0.rounded(.down)) }
        let byRemainder = exact.indices.sorted { left, right in
            let (leftRemainder, rightRemainder) = (exact[left] - Double(whole[left]), exact[right] - Double(whole[right]))
            return leftRemainder > rightRemainder || (leftRemainder == rightRemainder && left < right)
        }
        for index in byRemainder.prefix(size - whole.reduce(0, +)) { whole[index] += 1 }
        return Dictionary(uniqueKeysWithValues: zip(DatasetPart.allCases, whole))
    }

    /// The text `pattern` takes from `path`: its first capture, or the whole match; nil when it does not match.
    static func groupKey(_ path: String, _ pattern: Regex<AnyRegexOutput>) throws -> String? {
        guard let match = try pattern.firstMatch(in: path) else { return nil }
        let output = match.output
        let captured = output.count > 1 ? output[1].substring : output[0].substring
        return captured.map(String.init)
    }

    /// The most common label; ties go to the first in sorted order.
    private static func majorityLabel(_ labels: [String]) -> String {
        var counts: [String: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key ?? ""
    }

    /// Fisher–Yates, drawing each index with ``uniform(_:using:)``.
    static func shuffle<Element>(_ elements: [Element], using generator: inout SplitMix64) -> [Element] {
        var result = elements
        var index = result.count - 1
        while index > 0 {
            result.swapAt(index, Int(uniform(UInt64(index + 1), using: &generator)))
            index -= 1
        }
        return result
    }

    /// A uniform draw from 0..<bound by rejection of the biased low values, so no platform detail enters.
    static func uniform(_ bound: UInt64, using generator: inout SplitMix64) -> UInt64 {
        let threshold = (0 &- bound) % bound
        while true {
            let value = generator.next()
            if value >= threshold { return value % bound }
        }
    }

    /// 64-bit FNV-1a of the label's UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
