import Foundation
import FoveaImage
import FoveaTensor

/// A folder-per-class image tree (`data/cat/*.jpg`, `data/dog/*.jpg`), optionally already split into `train/`,
/// `val/` (or `valid/`, `validation/`) and `test/` folders of class folders.
///
/// Images are decoded once, in parallel, at model size with libvips' shrink-on-load, into memory.
/// Files that are not images are skipped and counted; unreadable images are skipped and named.
public enum ImageFolder {
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "gif", "tif", "tiff", "bmp"]

    /// What was left out while loading, for the user to see.
    public struct Skipped: Sendable {
        public var nonImages: [String] = []
        public var unreadable: [(path: String, reason: String)] = []
    }

    /// Loads a tree. Without split folders it takes the split `fovea split` recorded in the dataset index, or else
    /// splits it with `seed` (validation `validationFraction`, test 15 %).
    public static func load(
        _ root: URL, size: Int, channels: Int?, validationFraction: Double, seed: UInt64,
        progress: ((String) -> Void)? = nil
    ) throws -> DataSplits {
        let names = try subfolders(of: root)
        let trainName = names.first { DatasetPart(folderName: $0) == .train }
        let validationName = names.first { DatasetPart(folderName: $0) == .validation }
        let testName = names.first { DatasetPart(folderName: $0) == .test }
        let channels = channels ?? 3
        if let trainName {
            let classes = try subfolders(of: root.appendingPathComponent(trainName))
            func part(_ name: String?) throws -> LabeledImages? {
                guard let name else { return nil }
                return try loadClasses(root.appendingPathComponent(name), classes: classes, size: size, channels: channels, progress: progress)
            }
            guard let train = try part(trainName) else { throw DatasetError.empty(root.path, "has no train folder") }
            var validation = try part(validationName)
            var training = train
            if validation == nil, validationFraction > 0 {
                (training, validation) = try train.stratifiedSplit(validationFraction: validationFraction, seed: seed)
            }
            return DataSplits(train: training, validation: validation, test: try part(testName))
        }
        let all = try loadClasses(root, classes: names, size: size, channels: channels, progress: progress)
        if let recorded = try recordedSplit(
            of: all, root: root, validationFraction: validationFraction, seed: seed, progress: progress)
        {
            return recorded
        }
        let (rest, test) = try all.stratifiedSplit(validationFraction: 0.15, seed: seed)
        let (train, validation) = try rest.stratifiedSplit(
            validationFraction: validationFraction / (1 - 0.15), seed: seed &+ 1)
        return DataSplits(train: train, validation: validationFraction > 0 ? validation : nil, test: test)
    }

    /// The visible subfolders of `folder`, sorted.
    static func subfolders(of folder: URL) throws -> [String] {
        let entries: [URL]
        do {
            entries = try FileManager.default.contentsOfDirectory(
                at: folder, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])
        } catch {
            throw DatasetError.unreadable(folder.path, "not a readable folder")
        }
        let folders = entries.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        guard !folders.isEmpty else {
            throw DatasetError.empty(folder.path, "has no class folders (expected one folder of images per class)")
        }
        return folders.map(\.lastPathComponent).sorted()
    }

    /// Decodes every image under `root/<class>/` for the given classes.
    static func loadClasses(
        _ root: URL, classes: [String], size: Int, channels: Int, progress: ((String) -> Void)?
    ) throws -> LabeledImages {
        var files: [(url: URL, label: Int)] = []
        var skipped = Skipped()
        for (label, name) in classes.enumerated() {
            let folder = root.appendingPathComponent(name)
            let found = try imageFiles(in: folder, skipped: &skipped)
            guard !found.isEmpty else { throw DatasetError.empty(folder.path, "class '\(name)' has no images") }
            files += found.map { ($0, label) }
        }
        let pixelsPerImage = channels * size * size
        let decoded = try decodeAll(files.map(\.url), size: size, channels: channels)
        var keep: [Int] = []
        for (index, result) in decoded.enumerated() {
            switch result {
            case .success: keep.append(index)
            case .failure(let error): skipped.unreadable.append((files[index].url.path, "\(error)"))
            }
        }
        if !skipped.nonImages.isEmpty {
            progress?("skipped \(skipped.nonImages.count) non-image file(s) under \(root.path), e.g. \(skipped.nonImages[0])")
        }
        for (path, reason) in skipped.unreadable.prefix(5) { progress?("skipped unreadable image \(path): \(reason)") }
        if skipped.unreadable.count > 5 { progress?("… and \(skipped.unreadable.count - 5) more unreadable images") }
        guard !keep.isEmpty else { throw DatasetError.empty(root.path, "no image could be decoded") }
        var bytes = [UInt8]()
        bytes.reserveCapacity(keep.count * pixelsPerImage)
        for index in keep {
            if case .success(let pixels) = decoded[index] { bytes += pixels }
        }
        let images = try Tensor(bytes: bytes, dtype: .uint8, shape: [keep.count, channels, size, size])
        let labels = try Tensor(keep.map { Int64(files[$0].label) })
        return try LabeledImages(images: images, labels: labels, classes: classes, sources: keep.map { files[$0].url.path })
    }

    static func imageFiles(in folder: URL, skipped: inout Skipped) throws -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        else { throw DatasetError.unreadable(folder.path, "not a readable folder") }
        var found: [URL] = []
        // stat follows links, so a tree of symbolic links (`fovea split --mode symlink`) loads too.
        for case let url as URL in walker where FileStatus(path: url.path)?.isRegularFile == true {
            if imageExtensions.contains(url.pathExtension.lowercased()) {
                found.append(url)
            } else {
                skipped.nonImages.append(url.path)
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Decodes files on every core; each result is CHW bytes or the error naming the file.
    static func decodeAll(_ urls: [URL], size: Int, channels: Int) throws -> [Result<[UInt8], Error>] {
        concurrentMap(count: urls.count) { index in
            Result { try ModelInput.pixels(of: urls[index], size: size, channels: channels) }
        }
    }
}
