import FoveaTestSupport
import Foundation
import Testing

/// Reads `Fixtures/<name>.json`, written by `scripts/fixtures/optim.py` (snake-case keys, NaN as the string "nan").
func decodeFixture<Value: Decodable>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
        throw FixtureError("no fixture named \(name)")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return try decoder.decode(Value.self, from: Data(contentsOf: url))
}

/// `value`, or an error naming what the fixture lacks.
func required<Value>(_ value: Value?, _ name: String) throws -> Value {
    guard let value else { throw FixtureError("the fixture has no \(name)") }
    return value
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: optimizers.json

struct OptimizerFixture: Decodable, Sendable {
    let problem: [String: StoredTensor]
    let cases: [OptimizerCase]
    let defaults: [String: DefaultHyperParameters]
    let invalid: [OptimizerCase]

    static func load() throws -> OptimizerFixture { try decodeFixture("optimizers") }
}

struct StoredTensor: Decodable, Sendable {
    let shape: [Int]
    let values: [Double]
}

enum OptimizerKind: String, Decodable, Sendable {
    case sgd, adam, adamw, rmsprop
}

/// A parameter group as PyTorch resolved it; `momentum` is β₁ for Adam and AdamW.
struct GroupHyperParameters: Decodable, Sendable {
    let parameters: [String]?
    var lr: Double
    let weightDecay: Double
    let momentum: Double
}

/// What applies to every group: each optimizer has its own subset.
struct OptimizerSettings: Decodable, Sendable {
    let dampening: Double?
    let nesterov: Bool?
    let beta2: Double?
    let eps: Double?
    let amsgrad: Bool?
    let alpha: Double?
    let centered: Bool?
}

/// An optimizer configuration; golden cases hold the parameters after every step, refused ones PyTorch's message.
struct OptimizerCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let optimizer: OptimizerKind
    var groups: [GroupHyperParameters]
    let settings: OptimizerSettings
    let steps: [[String: [Double]]]?
    let message: String?

    var testDescription: String { name }
}

struct DefaultHyperParameters: Decodable, Sendable {
    let group: GroupHyperParameters
    let settings: OptimizerSettings
}

// MARK: schedules.json

struct ScheduleFixture: Decodable, Sendable {
    let step: [ScheduleCase<StepSettings>]
    let cosine: [ScheduleCase<CosineSettings>]
    let oneCycle: [ScheduleCase<OneCycleSettings>]
    let plateau: [ScheduleCase<PlateauSettings>]

    static func load() throws -> ScheduleFixture { try decodeFixture("schedules") }
}

/// A schedule over a two-group optimizer: the groups' rates and momentum (β₁ for Adam) before the schedule, then
/// after its construction (index 0) and after every step.
struct ScheduleCase<Settings: Decodable & Sendable>: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let optimizer: OptimizerKind
    let settings: Settings
    let initialRates: [Double]
    let initialMomenta: [Double]
    let rates: [[Double]]
    let momenta: [[Double]]
    let metrics: [Double]?
    let extraStepRaises: Bool?

    var testDescription: String { name }
}

struct StepSettings: Decodable, Sendable {
    let stepSize: Int
    let gamma: Double
}

struct CosineSettings: Decodable, Sendable {
    let period: Int
    let minimumRate: Double
}

struct OneCycleSettings: Decodable, Sendable {
    let maxRates: [Double]
    let totalSteps: Int
    let pctStart: Double
    let annealStrategy: String
    let cycleMomentum: Bool
    let baseMomentum: Double
    let maxMomentum: Double
    let divFactor: Double
    let finalDivFactor: Double
    let threePhase: Bool
}

struct PlateauSettings: Decodable, Sendable {
    let mode: String
    let factor: Double
    let patience: Int
    let threshold: Double
    let thresholdMode: String
    let cooldown: Int
    let minLr: Double
    let eps: Double
}
