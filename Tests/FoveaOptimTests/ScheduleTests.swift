import FoveaTestSupport
import Foundation
import FoveaOptim
import Testing

@Suite("Schedules against torch.optim.lr_scheduler")
struct ScheduleTests {
    @Test("StepDecay follows StepLR", arguments: try ScheduleFixture.load().step)
    func stepDecay(_ golden: ScheduleCase<StepSettings>) throws {
        try expectSchedule(golden) { optimizer in
            StepDecay(optimizer: optimizer, stepSize: golden.settings.stepSize, gamma: golden.settings.gamma)
        }
    }

    @Test("CosineAnnealing follows CosineAnnealingLR", arguments: try ScheduleFixture.load().cosine)
    func cosineAnnealing(_ golden: ScheduleCase<CosineSettings>) throws {
        try expectSchedule(golden) { optimizer in
            CosineAnnealing(optimizer: optimizer, period: golden.settings.period, minimumRate: golden.settings.minimumRate)
        }
    }

    @Test("OneCycle follows OneCycleLR, momentum and β₁ included", arguments: try ScheduleFixture.load().oneCycle)
    func oneCycle(_ golden: ScheduleCase<OneCycleSettings>) throws {
        let settings = golden.settings
        let annealing = try required(
            ["cos": OneCycle.Annealing.cosine, "linear": .linear][settings.annealStrategy], settings.annealStrategy)
        let (schedule, optimizer) = try expectSchedule(golden) { optimizer in
            try OneCycle(
                optimizer: optimizer, maxRates: settings.maxRates, totalSteps: settings.totalSteps,
                warmupFraction: settings.pctStart, annealing: annealing, cycleMomentum: settings.cycleMomentum,
                baseMomentum: settings.baseMomentum, maxMomentum: settings.maxMomentum, divFactor: settings.divFactor,
                finalDivFactor: settings.finalDivFactor, threePhase: settings.threePhase)
        }
        if try required(golden.extraStepRaises, "extra_step_raises") {
            #expect(throws: OneCycleError.self) { try schedule.step(optimizer: optimizer) }
        } else {
            #expect(throws: Never.self) { try schedule.step(optimizer: optimizer) }
        }
    }

    /// Also checks the reported reductions against PyTorch's rate changes, and a schedule decoded halfway.
    @Test("ReduceOnPlateau follows ReduceLROnPlateau", arguments: try ScheduleFixture.load().plateau)
    func reduceOnPlateau(_ golden: ScheduleCase<PlateauSettings>) throws {
        let settings = golden.settings
        let mode = try required(["min": ReduceOnPlateau.Mode.minimize, "max": .maximize][settings.mode], settings.mode)
        let thresholdMode = try required(
            ["rel": ReduceOnPlateau.ThresholdMode.relative, "abs": .absolute][settings.thresholdMode],
            settings.thresholdMode)
        let metrics = try required(golden.metrics, "metrics")
        let optimizer = try makeScheduledOptimizer(golden)
        var schedule = try ReduceOnPlateau(
            optimizer: optimizer, mode: mode, factor: settings.factor, patience: settings.patience,
            threshold: settings.threshold, thresholdMode: thresholdMode, cooldown: settings.cooldown,
            minimumRate: settings.minLr, epsilon: settings.eps)
        expectGroups(of: optimizer, golden, at: 0, "optimizer")
        for (index, metric) in metrics.enumerated() {
            if index == metrics.count / 2 {
                schedule = try JSONDecoder().decode(ReduceOnPlateau.self, from: JSONEncoder().encode(schedule))
            }
            let reduced = schedule.step(metric: metric, optimizer: optimizer)
            expectGroups(of: optimizer, golden, at: index + 1, "optimizer")
            #expect(reduced == (golden.rates[index] != golden.rates[index + 1]), "\(golden.name): step \(index + 1)")
        }
    }
}
