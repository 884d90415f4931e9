import Foundation
import FoveaNN
import FoveaOptim
import FoveaTensor

/// The losses of a learning-rate sweep and the rates they suggest (fastai's `lr_find`).
public struct LearningRateCurve: Sendable, Codable, Equatable {
    /// The rate of each step, growing exponentially.
    public var rates: [Double]
    /// The smoothed loss at each step (an exponential moving average, debiased).
    public var losses: [Double]
    /// Where the loss falls fastest against log(rate).
    public var steepest: Double?
    /// A tenth of the rate with the lowest loss: below where training starts to diverge.
    public var minimumOverTen: Double?

    /// Computes the suggestions as fastai does: leaving out the first tenth of the steps and the last five, and
    /// everything from the first non-finite loss on.
    public init(rates: [Double], losses: [Double], steps: Int) {
        self.rates = rates
        self.losses = losses
        let end = Swift.min(rates.count - 5, losses.firstIndex { !$0.isFinite } ?? rates.count)
        let start = steps / 10
        guard end - start >= 2 else { return }
        let window = Array(start..<end)
        if let lowest = window.min(by: { losses[$0] < losses[$1] }) { minimumOverTen = rates[lowest] / 10 }
        let slopes = window.dropLast().map { index in
            (index, (losses[index + 1] - losses[index]) / (Foundation.log(rates[index + 1]) - Foundation.log(rates[index])))
        }
        if let steep = slopes.min(by: { $0.1 < $1.1 }) { steepest = rates[steep.0] }
    }
}

extension Learner {
    /// Trains for up to `steps` batches while the rate grows exponentially from `start` to `end`, recording the
    /// smoothed loss, and stops early once it exceeds `divergenceFactor` times its best or stops being finite.
    /// The model's weights, the optimizer (state and rates) and libtorch's generator are put back afterwards;
    /// callbacks are not told. Every batch takes an optimizer step on the plain loss (no accumulation or mixup;
    /// gradient clipping applies). Where other threads draw from libtorch's generator, call it inside `withSeed`,
    /// which holds the generator's lock.
    public func findLearningRate(
        start: Double = 1e-7, end: Double = 10, steps: Int = 100, smoothing: Double = 0.98, divergenceFactor: Double = 4
    ) throws -> LearningRateCurve {
        guard start > 0, end > start, steps >= 2 else {
            throw RunError("a learning-rate sweep needs 0 < start < end and at least 2 steps")
        }
        guard train.batchCount > 0 else { throw RunError("the training set has no complete batch") }
        let savedModel = try model.stateDictRecords()
        let savedOptimizer = Dictionary(uniqueKeysWithValues: try optimizer.checkpointRecords(prefix: "").map { ($0.name, $0.record) })
        let savedGenerator = try Random.state()
        func restore() throws {
            try model.loadStateDict(savedModel)
            try optimizer.loadCheckpointRecords(savedOptimizer, prefix: "")
            try optimizer.zeroGrad()
            try Random.setState(savedGenerator)
        }
        let curve: LearningRateCurve
        do {
            curve = try sweep(start: start, end: end, steps: steps, smoothing: smoothing, divergenceFactor: divergenceFactor)
        } catch {
            try? restore()
            throw error
        }
        try restore()
        return curve
    }

    private func sweep(start: Double, end: Double, steps: Int, smoothing: Double, divergenceFactor: Double) throws -> LearningRateCurve {
        model.setTraining(true)
        var rates: [Double] = []
        var losses: [Double] = []
        var average = 0.0
        var best = Double.infinity
        var order: [Int] = []
        for step in 0..<steps {
            let (sweepEpoch, index) = step.quotientAndRemainder(dividingBy: train.batchCount)
            if index == 0 { order = train.order(epoch: sweepEpoch) }
            let rate = start * Foundation.pow(end / start, Double(step) / Double(steps - 1))
            optimizer.setLearningRate(rate)
            let batch = try train.batch(index, epoch: sweepEpoch, order: order)
            let logits = try model(batch.images)
            let lossTensor = try lossValue(logits: logits, labels: batch.labels)
            let value = Double(try lossTensor.scalar(Float.self))
            average = smoothing * average + (1 - smoothing) * value
            let smoothed = average / (1 - Foundation.pow(smoothing, Double(step + 1)))
            rates.append(rate)
            losses.append(smoothed)
            guard smoothed.isFinite, smoothed <= divergenceFactor * best else { break }
            best = Swift.min(best, smoothed)
            try optimizer.zeroGrad()
            try lossTensor.backward()
            if let maxNorm = options.gradientClipNorm {
                try GradientClipping.clipNorm(of: optimizer.groups.flatMap(\.parameters), maxNorm: maxNorm)
            }
            try optimizer.step()
        }
        return LearningRateCurve(rates: rates, losses: losses, steps: steps)
    }
}
