import ArgumentParser

@main
struct Fovea: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build image models end to end: train, evaluate, predict.",
        subcommands: [
            Train.self, LearningRateFind.self, Evaluate.self, Predict.self, Embed.self, EvaluateRetrieval.self, Models.self,
            Samples.self, Runs.self, Check.self, Split.self,
        ])
}
