import ArgumentParser
import Foundation
import FoveaServer
import FoveaTensor

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a trained run over HTTP: a page at /, a JSON API at /v1, /metrics and /openapi.yaml.")

    @Argument(help: "A run folder written by `fovea train`.") var runPath: String
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port).") var port = 8080
    @Option(help: "Largest request body, in bytes.") var maxRequestBytes = ServerOptions().maxRequestBytes
    @Option(help: "Largest image an upload may declare, in pixels (width × height).")
    var maxImagePixels = ServerOptions().maxImagePixels
    @Option(help: "Seconds one upload may take to decode.") var decodeTimeout = 5.0
    @Option(help: "Most images per forward pass.") var maxBatchSize = ServerOptions().maxBatchSize
    @Option(help: "Milliseconds the first image of a batch waits for others.") var maxBatchWait = 5.0
    @Option(help: "Most images waiting for the model before requests are answered 503.")
    var queueCapacity = ServerOptions().queueCapacity
    @Option(help: "Seconds a JSON {\"url\": …} fetch may take, redirects included.") var fetchTimeout = 10.0
    @Flag(help: "Let {\"url\": …} fetch loopback addresses (for local tests); private, link-local and metadata addresses stay refused.")
    var allowLoopback = false
    @Option(help: "Threads per forward pass (at most the number of cores; default: all cores).") var threads: Int?

    var options: ServerOptions {
        ServerOptions(
            maxRequestBytes: maxRequestBytes, maxImagePixels: maxImagePixels, decodeTimeout: .seconds(decodeTimeout),
            maxBatchSize: maxBatchSize, maxBatchWait: .microseconds(Int64((maxBatchWait * 1000).rounded())),
            queueCapacity: queueCapacity, fetchTimeout: .seconds(fetchTimeout), allowLoopback: allowLoopback)
    }

    func validate() throws {
        if let problem = options.problem { throw ValidationError(problem) }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if let threads, !(1...cores).contains(threads) {
            throw ValidationError("--threads must be between 1 and the \(cores) cores")
        }
    }

    func run() async throws {
        if let threads { try Runtime.setThreadCount(threads) }
        let server = try PredictionServer(run: URL(fileURLWithPath: runPath), options: options)
        // Returns after SIGTERM or SIGINT, once the requests in flight are answered.
        try await server.serve(host: host, port: port) { [host] port in
            // A line for people and for scripts that start the server on port 0.
            // Written unbuffered, so that a pipe sees it at once.
            FileHandle.standardOutput.write(Data("serving \(server.name) on http://\(host):\(port)\n".utf8))
        }
    }
}
