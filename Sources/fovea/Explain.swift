import ArgumentParser
import Foundation
import FoveaImage
import FoveaTraining

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grad-CAM: draw where a run's model found the evidence for its answer over each image.",
        discussion: """
            Writes DIR/NAME-gradcam.png per image: the image, cropped as the model sees it, at least 224 pixels \
            wide, with the Grad-CAM map (scaled to [0, 1]) blended in at half opacity in Dave Green's cubehelix \
            colour map, from black (no evidence) through green and pink to white (the strongest). The layer is the \
            last one whose output is a feature map larger than 1×1 unless --layer names one; the class is the \
            predicted one unless --class names one.
            """)

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String
    @Argument(help: "Image files.") var files: [String]
    @Option(help: "The layer to explain, by its state_dict path (such as layer4 or features.3).") var layer: String?
    @Option(name: .customLong("class"), help: "The class to explain (default: the predicted one).") var className: String?
    @Option(help: "The folder to write the overlays to (default RUN/explain).") var out: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one image file") }
    }

    func run() throws {
        let run = try RunFolder.open(URL(fileURLWithPath: runPath))
        let explainer = try Explainer(run: run, layer: layer)
        let classIndex = try className.map { try explainer.classIndex(named: $0) }
        let folder = URL(fileURLWithPath: out ?? run.url.appendingPathComponent("explain").path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var written = Set<String>()
        var failures = 0
        // One file at a time, so that one bad file is reported and the others are still explained.
        for file in files {
            do {
                let explanation = try explainer.explain(file: URL(fileURLWithPath: file), classIndex: classIndex)
                let output = folder.appendingPathComponent(Self.outputName(for: file, avoiding: &written))
                try explanation.overlay.write(to: output)
                let explained = className == nil ? "" : ", explaining \(explanation.explained)"
                print(String(
                    format: "%@: %@ %.3f%@ (layer %@) → %@", file, explanation.predicted, explanation.probability,
                    explained, explanation.layer, output.path))
            } catch {
                failures += 1
                Console.error("\(error)")
            }
        }
        if failures > 0 { throw ExitCode(2) }
    }

    /// NAME-gradcam.png, numbered when two files share a name.
    static func outputName(for file: String, avoiding used: inout Set<String>) -> String {
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var name = "\(stem)-gradcam.png"
        var number = 2
        while used.contains(name) {
            name = "\(stem)-\(number)-gradcam.png"
            number += 1
        }
        used.insert(name)
        return name
    }
}
