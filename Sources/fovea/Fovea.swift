import ArgumentParser

@main
struct Fovea: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build image models end to end: train, evaluate, predict, explain, search, serve.",
        subcommands: [
            Train.self, LearningRateFind.self, Evaluate.self, Predict.self, Explain.self, Embed.self, Search.self,
            EvaluateRetrieval.self, Report.self, Models.self, Samples.self, Runs.self, Serve.self,
        ])
}
