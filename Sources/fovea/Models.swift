import ArgumentParser
import FoveaModels

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the architectures `fovea train --arch` accepts.")

    func run() {
        let width = Architectures.all.map(\.name.count).max() ?? 0
        for architecture in Architectures.all {
            print(architecture.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + architecture.summary)
        }
    }
}
