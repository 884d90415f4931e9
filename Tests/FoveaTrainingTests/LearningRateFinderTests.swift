import Foundation
import FoveaOptim
import FoveaTensor
@testable import FoveaTraining
import Testing

@Suite(.serialized) struct LearningRateFinderTests {
    @Test func sweepRestoresTheLearnerAndSuggestsFiniteRates() throws {
        let learner = try TestData.learner(seed: 2, rate: 1e-3)
        let before = try TestData.weights(of: learner.model)
        // The sweep sets the generator's state back: holding its lock keeps other suites from drawing meanwhile.
        let (curve, generatorRestored) = try withSeed(9) {
            let generator = try Random.state().toArray(UInt8.self)
            let curve = try learner.findLearningRate()
            return (curve, try Random.state().toArray(UInt8.self) == generator)
        }
        #expect(generatorRestored)
        #expect(try TestData.weights(of: learner.model) == before)
        #expect(learner.optimizer.groups[0].learningRate == 1e-3)
        #expect(learner.optimizer.stateTensors().isEmpty)
        #expect(learner.model.parameters.allSatisfy { $0.grad == nil })

        #expect(curve.rates.count == curve.losses.count)
        #expect((20...100).contains(curve.rates.count))
        #expect(curve.rates.first == 1e-7)
        #expect(zip(curve.rates, curve.rates.dropFirst()).allSatisfy { $0 < $1 })
        let steepest = try #require(curve.steepest)
        let minimum = try #require(curve.minimumOverTen)
        #expect(steepest.isFinite && (1e-7...10).contains(steepest))
        #expect(minimum.isFinite && (1e-8...1).contains(minimum))
    }

    @Test func suggestionsFollowFastai() {
        // 100 rates from 1e-7 to 10; the loss falls fastest between steps 40 and 41, is lowest at step 60, then
        // climbs; one non-finite loss at step 90 cuts the curve there.
        let rates = (0..<100).map { 1e-7 * pow(1e8, Double($0) / 99) }
        var losses = (0..<100).map { step -> Double in
            switch step {
            case ..<40: 2.0
            case 40: 2.0
            case 41: 1.0
            case 42...60: 1.0 - Double(step - 41) * 0.01
            default: 0.81 + Double(step - 60) * 0.05
            }
        }
        losses[90] = .nan
        let curve = LearningRateCurve(rates: rates, losses: losses, steps: 100)
        #expect(curve.steepest == rates[40])
        #expect(curve.minimumOverTen == rates[60] / 10)
        // Too short a curve suggests nothing.
        let short = LearningRateCurve(rates: Array(rates.prefix(8)), losses: Array(losses.prefix(8)), steps: 100)
        #expect(short.steepest == nil && short.minimumOverTen == nil)
    }
}
