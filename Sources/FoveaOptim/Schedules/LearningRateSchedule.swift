import Foundation

/// A learning-rate policy stepped by the training loop (after each batch or each epoch, per the schedule).
///
/// Schedules write the rates (and, for one-cycle, the momentum) into the optimizer's groups, as PyTorch's
/// `lr_scheduler` classes do. Their state is `Codable` so a resumed run continues where it stopped.
public protocol LearningRateSchedule: AnyObject {
    /// Advances one step and updates the optimizer.
    func step(optimizer: any Optimizer) throws
    /// The rate of each group after the last step.
    var lastRates: [Double] { get }
    /// Serialised progress, for checkpoints.
    func encodedState() throws -> Data
    func restoreState(from data: Data) throws
}

/// Schedules whose rate is a closed-form function of the step count and each group's initial rate.
public protocol StepFunctionSchedule: LearningRateSchedule {
    var baseRates: [Double] { get }
    var stepCount: Int { get set }
    var lastRates: [Double] { get set }
    func rate(base: Double, step: Int) -> Double
}

extension StepFunctionSchedule {
    public func step(optimizer: any Optimizer) throws {
        stepCount += 1
        lastRates = baseRates.map { rate(base: $0, step: stepCount) }
        for (index, rate) in lastRates.enumerated() where index < optimizer.groups.count {
            optimizer.groups[index].learningRate = rate
        }
    }

    public func encodedState() throws -> Data { try JSONEncoder().encode(stepCount) }

    public func restoreState(from data: Data) throws {
        stepCount = try JSONDecoder().decode(Int.self, from: data)
        lastRates = baseRates.map { rate(base: $0, step: stepCount) }
    }
}

/// Multiplies the rate by `gamma` every `stepSize` steps (`StepLR`).
public final class StepDecay: StepFunctionSchedule {
    public let baseRates: [Double]
    public let stepSize: Int
    public let gamma: Double
    public var stepCount = 0
    public var lastRates: [Double]

    public init(optimizer: any Optimizer, stepSize: Int, gamma: Double = 0.1) {
        baseRates = optimizer.groups.map(\.learningRate)
        lastRates = baseRates
        self.stepSize = max(stepSize, 1)
        self.gamma = gamma
    }

    public func rate(base: Double, step: Int) -> Double {
        base * pow(gamma, Double(step / stepSize))
    }
}

/// Cosine annealing from each group's rate to `minimumRate` over `period` steps (`CosineAnnealingLR`, closed form).
public final class CosineAnnealing: StepFunctionSchedule {
    public let baseRates: [Double]
    public let period: Int
    public let minimumRate: Double
    public var stepCount = 0
    public var lastRates: [Double]

    public init(optimizer: any Optimizer, period: Int, minimumRate: Double = 0) {
        baseRates = optimizer.groups.map(\.learningRate)
        lastRates = baseRates
        self.period = max(period, 1)
        self.minimumRate = minimumRate
    }

    public func rate(base: Double, step: Int) -> Double {
        minimumRate + (base - minimumRate) * (1 + cos(Double.pi * Double(step) / Double(period))) / 2
    }
}
