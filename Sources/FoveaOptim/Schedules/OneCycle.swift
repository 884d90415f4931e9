import Foundation

/// The one-cycle policy (`torch.optim.lr_scheduler.OneCycleLR`, fastai's `fit_one_cycle`), stepped once per batch.
///
/// The rate climbs from `maxRate/divFactor` to `maxRate` over the first `warmupFraction` of the steps, then anneals
/// to `maxRate/(divFactor·finalDivFactor)`; momentum (SGD momentum, Adam β₁) moves the opposite way between
/// `maxMomentum` and `baseMomentum`. Construction sets the initial rate and momentum, as PyTorch does.
public final class OneCycle: LearningRateSchedule {
    public enum Annealing: String, Sendable, Codable { case cosine, linear }

    struct Phase {
        var endStep: Double
        var startRate: KeyPath<OneCycle.GroupRates, Double>
        var endRate: KeyPath<OneCycle.GroupRates, Double>
        var startMomentum: Double
        var endMomentum: Double
    }

    struct GroupRates {
        var initial: Double
        var maximum: Double
        var minimum: Double
    }

    public let totalSteps: Int
    public let annealing: Annealing
    public let cycleMomentum: Bool
    private let rates: [GroupRates]
    private let phases: [Phase]
    public private(set) var stepCount = 0
    public private(set) var lastRates: [Double]

    public init(
        optimizer: any Optimizer, maxRates: [Double], totalSteps: Int, warmupFraction: Double = 0.3,
        annealing: Annealing = .cosine, cycleMomentum: Bool = true, baseMomentum: Double = 0.85,
        maxMomentum: Double = 0.95, divFactor: Double = 25, finalDivFactor: Double = 1e4, threePhase: Bool = false
    ) throws {
        guard totalSteps > 0 else { throw OneCycleError.invalid("total steps must be positive, got \(totalSteps)") }
        guard (0...1).contains(warmupFraction), warmupFraction > 0 || threePhase else {
            throw OneCycleError.invalid("warm-up fraction must be in (0, 1], got \(warmupFraction)")
        }
        guard maxRates.count == optimizer.groups.count else {
            throw OneCycleError.invalid("\(maxRates.count) maximum rates for \(optimizer.groups.count) parameter groups")
        }
        self.totalSteps = totalSteps
        self.annealing = annealing
        self.cycleMomentum = cycleMomentum
        rates = maxRates.map {
            GroupRates(initial: $0 / divFactor, maximum: $0, minimum: $0 / divFactor / finalDivFactor)
        }
        let warmupEnd = warmupFraction * Double(totalSteps) - 1
        if threePhase {
            phases = [
                Phase(endStep: warmupEnd, startRate: \.initial, endRate: \.maximum, startMomentum: maxMomentum, endMomentum: baseMomentum),
                Phase(endStep: 2 * warmupEnd, startRate: \.maximum, endRate: \.initial, startMomentum: baseMomentum, endMomentum: maxMomentum),
                Phase(endStep: Double(totalSteps) - 1, startRate: \.initial, endRate: \.minimum, startMomentum: maxMomentum, endMomentum: maxMomentum),
            ]
        } else {
            phases = [
                Phase(endStep: warmupEnd, startRate: \.initial, endRate: \.maximum, startMomentum: maxMomentum, endMomentum: baseMomentum),
                Phase(endStep: Double(totalSteps) - 1, startRate: \.maximum, endRate: \.minimum, startMomentum: baseMomentum, endMomentum: maxMomentum),
            ]
        }
        lastRates = rates.map(\.initial)
        apply(to: optimizer, step: 0)
    }

    /// One maximum rate for every group.
    public convenience init(optimizer: any Optimizer, maxRate: Double, totalSteps: Int) throws {
        try self.init(optimizer: optimizer, maxRates: optimizer.groups.map { _ in maxRate }, totalSteps: totalSteps)
    }

    public func step(optimizer: any Optimizer) throws {
        guard stepCount + 1 <= totalSteps else {
            throw OneCycleError.invalid("stepped \(stepCount + 1) times, beyond the \(totalSteps) total steps")
        }
        stepCount += 1
        apply(to: optimizer, step: stepCount)
    }

    private func apply(to optimizer: any Optimizer, step: Int) {
        let (rateValues, momentum) = values(at: step)
        lastRates = rateValues
        for (index, rate) in rateValues.enumerated() where index < optimizer.groups.count {
            optimizer.groups[index].learningRate = rate
            if cycleMomentum { optimizer.groups[index].momentum = momentum }
        }
    }

    /// The rate of each group and the momentum at `step` (PyTorch's `get_lr` for `last_epoch == step`).
    func values(at step: Int) -> (rates: [Double], momentum: Double) {
        var start = 0.0
        for (index, phase) in phases.enumerated() {
            if Double(step) <= phase.endStep || index == phases.count - 1 {
                let fraction = (Double(step) - start) / (phase.endStep - start)
                let stepRates = rates.map { anneal($0[keyPath: phase.startRate], $0[keyPath: phase.endRate], fraction) }
                return (stepRates, anneal(phase.startMomentum, phase.endMomentum, fraction))
            }
            start = phase.endStep
        }
        return (lastRates, 0)
    }

    private func anneal(_ start: Double, _ end: Double, _ fraction: Double) -> Double {
        switch annealing {
        case .cosine: end + (start - end) / 2 * (cos(Double.pi * fraction) + 1)
        case .linear: (end - start) * fraction + start
        }
    }

    public func encodedState() throws -> Data { try JSONEncoder().encode(stepCount) }

    public func restoreState(from data: Data) throws {
        stepCount = try JSONDecoder().decode(Int.self, from: data)
        lastRates = values(at: stepCount).rates
    }
}

public enum OneCycleError: Error, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self { case .invalid(let message): "one-cycle schedule: \(message)" }
    }
}
