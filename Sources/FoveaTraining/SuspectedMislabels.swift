import Foundation
import FoveaData
import FoveaTensor

/// Scores the labelled images of a dataset with a trained run, for `fovea clean`'s "suspected mislabels" order:
/// the images whose label the model finds least likely (highest cross-entropy) come first, as fastai's
/// `ImageClassifierCleaner` orders by loss.
public enum SuspectedMislabels {
    /// The loss of each image's own label and the model's preferred class, by path.
    ///
    /// Images whose label the run does not know, and files that do not decode, get no score.
    /// - Parameters:
    ///   - images: paths relative to `root`, with their labels.
    ///   - batchSize: images per forward pass.
    public static func score(
        _ images: [(path: String, label: String)], root: URL, predictor: Predictor, batchSize: Int = 64
    ) throws -> [String: Suspicion] {
        let configuration = predictor.configuration
        let classIndex = Dictionary(configuration.classes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let known = images.filter { classIndex[$0.label] != nil }
        let pixelCount = configuration.input.channels * configuration.input.height * configuration.input.width
        var scores: [String: Suspicion] = [:]
        let step = max(1, batchSize)
        for start in stride(from: 0, to: known.count, by: step) {
            let chunk = Array(known[start..<min(start + step, known.count)])
            // Decoded on every core; a file that fails is left out rather than stopping the others.
            let decoded = concurrentMap(count: chunk.count) { position -> [UInt8]? in
                try? ModelInput.pixels(
                    of: root.appendingPathComponent(chunk[position].path), size: configuration.input.height,
                    channels: configuration.input.channels)
            }
            let usable = chunk.indices.filter { decoded[$0]?.count == pixelCount }
            guard !usable.isEmpty else { continue }
            let batch = try Tensor(
                bytes: usable.flatMap { decoded[$0] ?? [] }, dtype: .uint8,
                shape: [usable.count, configuration.input.channels, configuration.input.height, configuration.input.width])
            let logProbabilities = try withNoGrad {
                try predictor.model(configuration.modelInput(batch)).logSoftmax(dim: 1)
            }.toArray(Float.self)
            let classes = configuration.classes.count
            for (row, position) in usable.enumerated() {
                let values = logProbabilities[(row * classes)..<((row + 1) * classes)]
                guard let best = values.indices.max(by: { values[$0] < values[$1] }),
                    let own = classIndex[chunk[position].label]
                else { continue }
                scores[chunk[position].path] = Suspicion(
                    loss: -Double(values[values.startIndex + own]), predicted: configuration.classes[best - values.startIndex],
                    probability: exp(Double(values[best])))
            }
        }
        return scores
    }
}
