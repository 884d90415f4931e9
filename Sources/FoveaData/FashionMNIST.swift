import Foundation
import FoveaTensor

/// Fashion-MNIST (Zalando's 70,000 28×28 grayscale product photos in 10 classes) from its IDX files,
/// as Debian's `dataset-fashion-mnist` installs them.
public enum FashionMNIST {
    public static let defaultFolder = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")

    public static let classes = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    public enum Part: String, Sendable {
        case train
        case test = "t10k"
    }

    /// Whether `folder` holds the four IDX files (plain or gzip).
    public static func isPresent(in folder: URL) -> Bool {
        (try? file(named: "train-images-idx3-ubyte", in: folder)) != nil
    }

    /// Loads the official training (60,000) or test (10,000) part.
    public static func load(_ part: Part, from folder: URL = defaultFolder) throws -> LabeledImages {
        let imageFile = try file(named: "\(part.rawValue)-images-idx3-ubyte", in: folder)
        let labelFile = try file(named: "\(part.rawValue)-labels-idx1-ubyte", in: folder)
        let (imageShape, pixels) = try IDX.readBytes(contentsOf: imageFile)
        let (labelShape, labelBytes) = try IDX.readBytes(contentsOf: labelFile)
        guard imageShape.count == 3, labelShape.count == 1, imageShape[0] == labelShape[0] else {
            throw DatasetError.mismatch(
                "\(imageFile.path) holds \(imageShape) images but \(labelFile.path) holds \(labelShape) labels")
        }
        guard labelBytes.allSatisfy({ Int($0) < classes.count }) else {
            throw DatasetError.malformed(labelFile.path, "a label is outside 0..<\(classes.count)")
        }
        let images = try Tensor(bytes: pixels, dtype: .uint8, shape: [imageShape[0], 1, imageShape[1], imageShape[2]])
        let labels = try Tensor(labelBytes.map(Int64.init))
        let sources = (0..<imageShape[0]).map { "\(imageFile.lastPathComponent)#\($0)" }
        return try LabeledImages(images: images, labels: labels, classes: classes, sources: sources)
    }

    private static func file(named name: String, in folder: URL) throws -> URL {
        for candidate in [name, name + ".gz"] {
            let url = folder.appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        throw DatasetError.notFound(folder.appendingPathComponent(name).path + "[.gz]")
    }
}
