import ArgumentParser

@main
struct Fovea: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build image models end to end: check and split data, train, evaluate, predict, explain, search, serve.",
        subcommands: [
            Train.self, LearningRateFind.self, Evaluate.self, Predict.self, Explain.self, Embed.self, Search.self,
            EvaluateRetrieval.self, Report.self, Check.self, Split.self, Clean.self, Models.self, Samples.self, Runs.self,
            Serve.self,
        ])
}
