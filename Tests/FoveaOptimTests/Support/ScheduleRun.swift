import FoveaTestSupport
import Foundation
import FoveaOptim
import FoveaTensor
import Testing

/// An optimizer like the fixture's: two groups of one parameter each, at the case's rates and momentum.
func makeScheduledOptimizer<Settings>(_ golden: ScheduleCase<Settings>) throws -> any Optimizer {
    let groups = try zip(golden.initialRates, golden.initialMomenta).map { rate, momentum in
        ParameterGroup(parameters: [try Tensor.zeros([1]).requiringGrad()], learningRate: rate, momentum: momentum)
    }
    switch golden.optimizer {
    case .sgd: return try SGD(groups: groups)
    case .adam: return try Adam(groups: groups)
    case .adamw, .rmsprop: throw FixtureError("\(golden.name): no schedule cases over \(golden.optimizer)")
    }
}

/// Records an issue unless the optimizer's rates and momentum are PyTorch's after `golden`'s step `index`.
func expectGroups<Settings>(
    of optimizer: any Optimizer, _ golden: ScheduleCase<Settings>, at index: Int, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    expectClose(
        optimizer.groups.map(\.learningRate), golden.rates[index], rtol: Tolerance.schedule,
        "\(golden.name): \(label) rates at step \(index)", sourceLocation: sourceLocation)
    expectClose(
        optimizer.groups.map(\.momentum), golden.momenta[index], rtol: Tolerance.schedule,
        "\(golden.name): \(label) momentum at step \(index)", sourceLocation: sourceLocation)
}

/// Runs the schedule `make` builds through `golden`'s steps against PyTorch's rates and momentum; then restores a
/// schedule made anew over a fresh optimizer from the state encoded halfway, and checks the rest of the run.
/// - Returns: the schedule after the full run, with its optimizer.
@discardableResult
func expectSchedule<Settings>(
    _ golden: ScheduleCase<Settings>, sourceLocation: SourceLocation = #_sourceLocation,
    make: (any Optimizer) throws -> any LearningRateSchedule
) throws -> (schedule: any LearningRateSchedule, optimizer: any Optimizer) {
    let optimizer = try makeScheduledOptimizer(golden)
    let schedule = try make(optimizer)
    let halfway = golden.rates.count / 2
    var savedState = Data()
    for index in golden.rates.indices {
        if index > 0 { try schedule.step(optimizer: optimizer) }
        expectGroups(of: optimizer, golden, at: index, "optimizer", sourceLocation: sourceLocation)
        expectClose(
            schedule.lastRates, golden.rates[index], rtol: Tolerance.schedule,
            "\(golden.name): last rates at step \(index)", sourceLocation: sourceLocation)
        if index == halfway { savedState = try schedule.encodedState() }
    }

    let resumedOptimizer = try makeScheduledOptimizer(golden)
    let resumed = try make(resumedOptimizer)
    try resumed.restoreState(from: savedState)
    expectClose(
        resumed.lastRates, golden.rates[halfway], rtol: Tolerance.schedule,
        "\(golden.name): restored last rates", sourceLocation: sourceLocation)
    for index in (halfway + 1)..<golden.rates.count {
        try resumed.step(optimizer: resumedOptimizer)
        expectGroups(of: resumedOptimizer, golden, at: index, "resumed", sourceLocation: sourceLocation)
    }
    return (schedule, optimizer)
}
