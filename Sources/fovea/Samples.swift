import ArgumentParser
import Foundation
import FoveaData
import FoveaImage

struct Samples: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a few test images of an IDX dataset (Fashion-MNIST) as PNG files named by their label.")

    @Argument(help: "A folder of Fashion-MNIST IDX files.") var data: String
    @Option(help: "How many images.") var count = 6
    @Option(help: "Folder to write them to.") var out: String

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let test = try FashionMNIST.load(.test, from: URL(fileURLWithPath: data))
        let picked = try test.subset(Array(0..<min(count, test.count)))
        let labels = try picked.labels.toArray(Int64.self)
        for index in 0..<picked.count {
            let name = picked.classes[Int(labels[index])].lowercased().replacingOccurrences(of: "/", with: "-")
                .replacingOccurrences(of: " ", with: "-")
            let file = folder.appendingPathComponent(String(format: "%02d-%@.png", index, name))
            let image = try picked.image(at: index)
            try image.write(to: file)
            print(file.path)
        }
    }
}
