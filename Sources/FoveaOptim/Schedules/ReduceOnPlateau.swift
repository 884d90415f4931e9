import Foundation

/// Divides the rate by `1/factor` when a monitored metric stops improving for `patience` epochs
/// (`ReduceLROnPlateau`, relative or absolute threshold, cooldown, minimum rate).
public final class ReduceOnPlateau: Codable {
    public enum Mode: String, Codable, Sendable { case minimize, maximize }
    public enum ThresholdMode: String, Codable, Sendable { case relative, absolute }

    public let mode: Mode
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minimumRates: [Double]
    public let epsilon: Double
    public private(set) var best: Double
    public private(set) var badEpochs = 0
    public private(set) var cooldownLeft = 0
    public private(set) var epoch = 0

    public init(
        optimizer: any Optimizer, mode: Mode = .minimize, factor: Double = 0.1, patience: Int = 10, threshold: Double = 1e-4,
        thresholdMode: ThresholdMode = .relative, cooldown: Int = 0, minimumRate: Double = 0, epsilon: Double = 1e-8
    ) throws {
        guard factor < 1, factor > 0 else { throw OneCycleError.invalid("plateau factor must be in (0, 1), got \(factor)") }
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumRates = optimizer.groups.map { _ in minimumRate }
        self.epsilon = epsilon
        best = mode == .minimize ? .infinity : -.infinity
    }

    private func isBetter(_ value: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.minimize, .relative): value < best * (1 - threshold)
        case (.minimize, .absolute): value < best - threshold
        case (.maximize, .relative): value > best * (1 + threshold)
        case (.maximize, .absolute): value > best + threshold
        }
    }

    /// Records the epoch's metric; lowers the rates when the plateau is long enough.
    /// - Returns: true when the rates were reduced.
    @discardableResult
    public func step(metric: Double, optimizer: any Optimizer) -> Bool {
        epoch += 1
        if isBetter(metric) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badEpochs = 0
        }
        guard badEpochs > patience else { return false }
        var reduced = false
        for index in optimizer.groups.indices {
            let old = optimizer.groups[index].learningRate
            let new = max(old * factor, minimumRates[min(index, minimumRates.count - 1)])
            if old - new > epsilon {
                optimizer.groups[index].learningRate = new
                reduced = true
            }
        }
        cooldownLeft = cooldown
        badEpochs = 0
        return reduced
    }
}
