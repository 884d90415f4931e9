import Foundation

/// The training, validation and (optional) test parts of a dataset, as loaded from one path.
public struct DataSplits: Sendable {
    public var train: LabeledImages
    public var validation: LabeledImages?
    public var test: LabeledImages?

    public var classes: [String] { train.classes }

    /// Loads `path`: a folder with Fashion-MNIST/MNIST IDX files (official train and test parts), or a
    /// folder-per-class image tree (with `train/`, `val/`, `test/` subfolders, or split here with the seed).
    ///
    /// - Parameters:
    ///   - size: the side images are decoded to (shrink-on-load); IDX data keeps its own size.
    ///   - validationFraction: held out of the training part, per class, when the source has no validation part.
    public static func load(
        _ path: URL, size: Int, channels: Int? = nil, validationFraction: Double, seed: UInt64,
        progress: ((String) -> Void)? = nil
    ) throws -> DataSplits {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
            throw DatasetError.notFound(path.path)
        }
        guard isFolder.boolValue else {
            throw DatasetError.malformed(path.path, "is a file; give a folder of class folders or of IDX files")
        }
        if FashionMNIST.isPresent(in: path) {
            let full = try FashionMNIST.load(.train, from: path)
            let test = try FashionMNIST.load(.test, from: path)
            guard validationFraction > 0 else { return DataSplits(train: full, validation: nil, test: test) }
            let (train, validation) = try full.stratifiedSplit(validationFraction: validationFraction, seed: seed)
            return DataSplits(train: train, validation: validation, test: test)
        }
        return try ImageFolder.load(
            path, size: size, channels: channels, validationFraction: validationFraction, seed: seed, progress: progress)
    }
}
