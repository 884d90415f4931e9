import ArgumentParser
import Foundation
import FoveaImage
import FoveaModels
import FoveaNN
import FoveaTensor
import FoveaTraining
@testable import fovea
import Testing

/// `fovea train --pretrained … --freeze/--fine-tune` on a tiny tree, with a ResNet-18 "pretrained" file made here.
@Suite struct TransferCommandTests {
    /// Two classes of `imagesPerClass` 32×32 images under `ROOT/data`, and an ImageNet-shaped (1,000-class)
    /// `architecture` as `ROOT/ARCHITECTURE.safetensors`.
    func makeTree(imagesPerClass: Int = 10, architecture: String = "resnet18") throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-transfer-\(UUID().uuidString)")
        for (name, level) in [("dark", UInt8(30)), ("light", UInt8(220))] {
            let folder = root.appendingPathComponent("data/\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<imagesPerClass {
                let pixels = [UInt8](repeating: level &+ UInt8(index), count: 32 * 32 * 3)
                try #require(Image(width: 32, height: 32, channels: 3, pixels: pixels))
                    .write(to: folder.appendingPathComponent("\(index).png"))
            }
        }
        // A 1000-class ResNet-18 stands in for ImageNet weights: the transfer model must drop its head.
        let network = try withSeed(1) {
            try Architectures.named(architecture).build(InputSpec(channels: 3, height: 32, width: 32), 1000)
        }
        try SafeTensors.write(network.stateDictRecords(), to: root.appendingPathComponent("\(architecture).safetensors"))
        return root
    }

    @Test func freezeWithCachedFeaturesTrainsOnlyTheHeadAndPredicts() throws {
        let root = try makeTree()
        let pretrained = root.appendingPathComponent("resnet18.safetensors")
        let run = root.appendingPathComponent("run")
        try Train.parse([
            root.appendingPathComponent("data").path, "--arch", "resnet18", "--size", "32", "--pretrained", pretrained.path,
            "--freeze", "--cache-features", "--epochs", "2", "--batch-size", "4", "--out", run.path, "--json",
        ]).run()

        let saved = try RunFolder.open(run).configuration()
        #expect(saved.frozenEpochs == 2 && saved.epochs == 0 && saved.cacheFeatures == true)
        #expect(saved.normalization.mean == InputNormalization.imageNet.mean)
        // The body is the pretrained one, untouched: compare a deep convolution with the file.
        let trained = try SafeTensors.read(contentsOf: RunFolder(run).weightsFile)
        let original = try SafeTensors.read(contentsOf: pretrained)
        let name = "layer4.1.conv2.weight"
        #expect(trained.first { $0.name == name }?.record == original.first { $0.name == name }?.record)
        #expect(trained.first { $0.name == "fc.weight" }?.record.shape == [2, 512])

        let predictor = try Predictor(run: RunFolder.open(run))
        let labels = try predictor.predict(files: [root.appendingPathComponent("data/dark/0.png")], k: 2)
        #expect(labels.first?.labels.count == 2)
    }

    @Test func weightsThatDoNotFitAreAnErrorUnlessNotStrict() throws {
        let root = try makeTree()
        let complete = try SafeTensors.read(contentsOf: root.appendingPathComponent("resnet18.safetensors"))
        let partial = root.appendingPathComponent("partial.safetensors")
        let extra = TensorRecord(dtype: .float32, shape: [1], bytes: [0, 0, 0, 0])
        try SafeTensors.write(
            complete.filter { $0.name != "layer4.1.bn2.running_var" }.map { ($0.name, $0.record) } + [("bogus.weight", extra)],
            to: partial)
        func train(_ extraArguments: [String]) throws {
            try Train.parse([
                root.appendingPathComponent("data").path, "--arch", "resnet18", "--size", "32", "--pretrained", partial.path,
                "--freeze", "--epochs", "1", "--batch-size", "4", "--out", root.appendingPathComponent("run").path, "--json",
            ] + extraArguments).run()
        }
        let error = #expect(throws: StateDictMismatch.self) { try train([]) }
        #expect("\(error!)".contains("layer4.1.bn2.running_var") && "\(error!)".contains("bogus.weight"))
        #expect("\(error!)".contains(partial.path))

        try train(["--strict", "false"])
        #expect(try RunFolder.open(root.appendingPathComponent("run")).configuration().strictWeights == false)
    }

    @Test func transferOptionsAreCheckedBeforeAnyWork() {
        let cases: [([String], String)] = [
            (["data", "--freeze"], "need --pretrained"),
            (["data", "--fine-tune", "1,x", "--head", "linear"], "FROZEN,UNFROZEN"),
            (["data", "--cache-features", "--head", "linear"], "add --freeze or --fine-tune"),
            (["data", "--pretrained", "/nonexistent/weights.pth"], "no such file"),
            (["data", "--head", "nonsense"], "nonsense"),
            (["data", "--strict", "false"], "--strict applies to --pretrained"),
        ]
        for (arguments, message) in cases {
            do {
                _ = try Train.parse(arguments)
                Issue.record("\(arguments) was accepted")
            } catch {
                #expect(Fovea.message(for: error).contains(message), "\(arguments): \(Fovea.message(for: error))")
            }
        }
    }
}
