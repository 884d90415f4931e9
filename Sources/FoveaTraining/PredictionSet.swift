import Foundation
import FoveaData
import FoveaMetrics
import FoveaNN
import FoveaTensor

/// Every sample's class probabilities and loss on a labelled set: what all the metrics, curves and galleries of
/// `fovea evaluate` are computed from.
public struct PredictionSet: Sendable {
    public let classes: [String]
    /// The true class of each sample, in the loader's order.
    public let labels: [Int]
    /// The softmax of the model's logits, (samples, classes).
    public let probabilities: ScoreMatrix
    /// Each sample's cross-entropy: −log of its true class's probability, from the log-softmax.
    public let losses: [Double]

    /// The most probable class of each sample (the lowest index on a tie, as `argmax`).
    public var predictions: [Int] { probabilities.predictedClasses }

    /// Runs `model` in evaluation mode, without gradients, over every batch of `loader` (which must not shuffle).
    public static func compute(model: any Module, loader: BatchLoader) throws -> PredictionSet {
        guard !loader.shuffle else { throw RunError("predictions need a loader in a fixed order, not a shuffling one") }
        guard loader.data.count > 0 else { throw DatasetError.empty("the evaluation set", "has no images") }
        model.setTraining(false)
        defer { model.setTraining(true) }
        var probabilities: [Double] = []
        var losses: [Double] = []
        var labels: [Int] = []
        try withNoGrad {
            for index in 0..<loader.batchCount {
                let batch = try loader.batch(index, epoch: 0)
                let logProbabilities = try model(batch.images).converted(to: .float64).logSoftmax(dim: 1)
                probabilities += try logProbabilities.exp().toArray(Double.self)
                let truth = try batch.labels.unsqueezed(dim: 1)
                losses += try logProbabilities.gather(dim: 1, index: truth).toArray(Double.self).map { -$0 }
                labels += try batch.labels.toArray(Int64.self).map { Int($0) }
            }
        }
        return PredictionSet(
            classes: loader.data.classes, labels: labels,
            probabilities: try ScoreMatrix(values: probabilities, rowCount: labels.count, columnCount: loader.data.classes.count),
            losses: losses)
    }

    public init(classes: [String], labels: [Int], probabilities: ScoreMatrix, losses: [Double]) {
        self.classes = classes
        self.labels = labels
        self.probabilities = probabilities
        self.losses = losses
    }

    /// The samples of highest loss, worst first (the lower index first on a tie).
    public func topLosses(_ count: Int) -> [Int] {
        Array(losses.indices.sorted { (losses[$0], $1) > (losses[$1], $0) }.prefix(max(count, 0)))
    }
}
