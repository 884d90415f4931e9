import Foundation
import FoveaData
import FoveaModels
import FoveaOptim
import FoveaTensor
import FoveaTraining
import Testing

/// The ImageNet weights of EfficientNet-Lite0: `$FOVEA_EFFICIENTNET_LITE0`, else where scripts/fetch-pretrained
/// puts them; nil (and the suite skipped) when absent.
private let liteWeights: URL? = {
    let environment = ProcessInfo.processInfo.environment
    let home = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/fovea").path
    let path = environment["FOVEA_EFFICIENTNET_LITE0"] ?? (environment["FOVEA_CACHE"] ?? home) + "/weights/efficientnet_lite0.pth"
    return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
}()

/// Transfer from the real pretrained EfficientNet-Lite0 to Fashion-MNIST, with the body's features cached.
@Suite struct PretrainedTransferTests {
    /// Gray images as RGB bytes of `size`×`size` (bilinear), as an ImageNet network wants them.
    private func rgb(_ data: LabeledImages, size: Int) throws -> LabeledImages {
        let resized = try data.images.converted(to: .float32)
            .interpolate(size: [size, size], mode: .bilinear(alignCorners: false))
        let bytes = try resized.rounded().clamped(min: 0, max: 255).converted(to: .uint8).repeated([1, 3, 1, 1])
        return try LabeledImages(images: bytes, labels: data.labels, classes: data.classes)
    }

    @Test(.enabled(if: liteWeights != nil, "run scripts/fetch-pretrained for the ImageNet weights"))
    func liteZeroFeaturesClassifyFashionMNIST() throws {
        let size = 64
        let train = try rgb(TransferFixtures.slice(0..<600), size: size)
        let validation = try rgb(TransferFixtures.slice(600..<800), size: size)
        let normalization = Normalization(mean: EfficientNetLite.pretrainedMean, std: EfficientNetLite.pretrainedStd)
        let trainLoader = try TransferFixtures.loader(train, normalization: normalization)
        let validationLoader = try TransferFixtures.loader(
            validation, normalization: normalization, batchSize: 100, shuffle: false)
        let model = try withSeed(20) {
            try TransferModel(
                architecture: Architectures.named("efficientnet_lite0"),
                input: InputSpec(channels: 3, height: size, width: size), classes: 10,
                pretrainedWeights: #require(liteWeights))
        }
        try model.freeze()

        let started = Date()
        let trainer = try CachedHeadTrainer(
            model: model, train: CachedFeatures(model: model, loader: trainLoader),
            validation: CachedFeatures(model: model, loader: validationLoader),
            optimizer: Adam(parameters: model.head.parameters))
        let cached = Date()
        try trainer.fitOneCycle(epochs: 20, maxRate: 3e-3)
        let trained = Date()

        let accuracy = try #require(trainer.history.last?.validationAccuracy)
        let first = try #require(trainer.history.first?.validationAccuracy)
        print("""
            EfficientNet-Lite0 (ImageNet) on 600 Fashion-MNIST images at \(size)×\(size): features of 800 images \
            cached in \(cached.timeIntervalSince(started)) s; 20 head epochs in \(trained.timeIntervalSince(cached)) s; \
            validation accuracy \(first) after 1 epoch, \(accuracy) after 20 (chance 0.1)
            """)
        #expect(accuracy > 0.6)
        let evaluation = try Learner.evaluate(model: model, loader: validationLoader)
        #expect(abs(evaluation.accuracy - accuracy) < 1e-9)
    }
}
