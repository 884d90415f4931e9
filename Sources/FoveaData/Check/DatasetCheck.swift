/// Audits an indexed dataset before training: files that do not decode, wrong extensions, exact and near
/// duplicates, the same image under two labels or in two splits, class balance, tiny, gray and alpha images.
public enum DatasetCheck {
    /// The report on `images` (an index's rows).
    public static func run(_ images: [IndexedImage], options: CheckOptions = CheckOptions()) -> CheckReport {
        var problems = images.map { image -> [ImageProblem] in fileProblems(image, options: options) }

        let similar = SimilarImages(images, distance: options.distance)
        // Only direct relations count: a chain of near duplicates can link two images that do not look alike.
        let relatedLabels = similar.relatedValues { images[$0].label }
        let relatedSplits = similar.relatedValues { images[$0].split }
        for index in images.indices {
            guard let content = similar.contentOfImage[index] else { continue }
            if similar.contents[content].count > 1 { problems[index].append(.duplicate) }
            if !similar.nearContents[content].isEmpty { problems[index].append(.nearDuplicate) }
            if let label = images[index].label, relatedLabels[content].contains(where: { $0 != label }) {
                problems[index].append(.labelConflict)
            }
            if let split = images[index].split, relatedSplits[content].contains(where: { $0 != split }) {
                problems[index].append(.leakage)
            }
        }
        var sets = DisjointSets(count: images.count)
        similar.join(into: &sets)
        var groups: [CheckReport.SimilarGroup] = []
        var redundantCopies: [String] = []
        for members in sets.groups() {
            groups.append(
                similarGroup(
                    members.map { images[$0] }, labelConflict: members.contains { problems[$0].contains(.labelConflict) },
                    leak: members.contains { problems[$0].contains(.leakage) }))
            redundantCopies += laterCopies(members.map { images[$0] })
        }

        var findings: [CheckReport.Finding] = []
        var counts: [String: Int] = [:]
        for (image, found) in zip(images, problems) where !found.isEmpty {
            let ordered = ImageProblem.allCases.filter(found.contains)
            for problem in ordered { counts[problem.rawValue, default: 0] += 1 }
            findings.append(
                CheckReport.Finding(
                    path: image.path, label: image.label, split: image.split, problems: ordered,
                    message: image.errorMessage))
        }
        let classes = classCounts(images)
        let totals = classes.map(\.total).filter { $0 > 0 }
        let ratio = totals.count > 1 ? Double(totals.max() ?? 0) / Double(totals.min() ?? 1) : nil
        let errors = findings.filter { $0.problems.contains(where: \.isError) }.count
        return CheckReport(
            options: options, images: images.count, errors: errors, warnings: findings.count - errors,
            counts: counts, findings: findings, groups: groups, classes: classes, imbalanceRatio: ratio,
            isImbalanced: ratio.map { $0 > options.maximumImbalance } ?? false, redundantCopies: redundantCopies)
    }

    /// What one file shows by itself.
    private static func fileProblems(_ image: IndexedImage, options: CheckOptions) -> [ImageProblem] {
        var found: [ImageProblem] = []
        if let error = image.error { found.append(error) }
        if let format = image.format, FormatSniffer.knownFormats.contains(format),
            FormatSniffer.format(ofExtension: fileExtension(image.path)) != format
        {
            found.append(.wrongExtension)
        }
        guard image.error == nil else { return found }
        if image.label == nil { found.append(.unlabeled) }
        if let width = image.width, let height = image.height, min(width, height) < options.minimumSide {
            found.append(.tiny)
        }
        if image.isGray == true { found.append(.grayscale) }
        if image.hasAlpha == true { found.append(.alpha) }
        return found
    }

    /// The extension of the path's last component; empty without one.
    private static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? Substring(path)
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[name.index(after: dot)...])
    }

    private static func similarGroup(_ members: [IndexedImage], labelConflict: Bool, leak: Bool)
        -> CheckReport.SimilarGroup
    {
        let hashes = Array(Set(members.compactMap(\.perceptualHash)))
        var largest = 0
        for (position, hash) in hashes.enumerated() {
            for other in hashes[(position + 1)...] { largest = max(largest, PerceptualHash.distance(hash, other)) }
        }
        return CheckReport.SimilarGroup(
            paths: members.map(\.path), identical: Set(members.map(\.sha256)).count == 1, largestDistance: largest,
            labels: Set(members.compactMap(\.label)).sorted(), splits: Set(members.compactMap(\.split)).sorted(),
            isLabelConflict: labelConflict, isLeak: leak)
    }

    /// The copies after the first (members come sorted by path) of identical bytes with the same label and split.
    private static func laterCopies(_ members: [IndexedImage]) -> [String] {
        var seen: Set<String> = []
        var later: [String] = []
        for image in members {
            let key = [image.sha256 ?? "", image.label ?? "", image.split?.rawValue ?? ""].joined(separator: "\u{0}")
            if !seen.insert(key).inserted { later.append(image.path) }
        }
        return later
    }

    private static func classCounts(_ images: [IndexedImage]) -> [CheckReport.ClassCount] {
        var counts: [String: CheckReport.ClassCount] = [:]
        for image in images where image.error == nil {
            guard let label = image.label else { continue }
            counts[label, default: CheckReport.ClassCount(label: label, total: 0, splits: [:])].total += 1
            if let split = image.split { counts[label]?.splits[split.rawValue, default: 0] += 1 }
        }
        return counts.values.sorted { $0.label < $1.label }
    }
}
