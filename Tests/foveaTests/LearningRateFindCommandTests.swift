import ArgumentParser
import Foundation
@testable import fovea
import Testing

@Suite struct LearningRateFindCommandTests {
    @Test func writesTheCurveAsCSV() throws {
        let root = try PredictCommandTests.makeTree()
        let csv = root.appendingPathComponent("curve.csv")
        try LearningRateFind.parse([
            root.appendingPathComponent("data").path, "--arch", "basenet", "--size", "16", "--batch-size", "4",
            "--steps", "30", "--csv", csv.path, "--json",
        ]).run()
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "learning_rate,loss")
        #expect((5...31).contains(lines.count))
        let rates = lines.dropFirst().compactMap { $0.split(separator: ",").first.flatMap { Double($0) } }
        #expect(rates.first == 1e-7)
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func rejectsABadSweep() {
        #expect(throws: (any Error).self) { try LearningRateFind.parse(["data", "--start", "1", "--end", "0.1"]) }
        #expect(throws: (any Error).self) { try LearningRateFind.parse(["data", "--steps", "1"]) }
    }
}
