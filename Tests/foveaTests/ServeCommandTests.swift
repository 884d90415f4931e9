import Foundation
@testable import fovea
import FoveaTraining
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `fovea serve` as a user runs it: the real binary on a free loopback port, one prediction over HTTP, SIGTERM.
@Suite struct ServeCommandTests {
    @Test func servesOverHTTPAndExitsCleanlyOnSIGTERM() async throws {
        let (root, run) = try PredictCommandTests().trainedRun()
        let output = Pipe()
        let process = Process()
        process.executableURL = try ResumeCommandTests.binary()
        process.arguments = ["serve", run.path, "--port", "0"]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The server prints "serving NAME on http://HOST:PORT" once it listens.
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            printed += chunk
        }
        let line = String(decoding: printed, as: UTF8.self)
        let address = try #require(line.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(line.hasPrefix("serving run on http://127.0.0.1:"))

        let image = root.appendingPathComponent("data/light/2.png")
        var request = URLRequest(url: try #require(URL(string: "\(address)/v1/predict?k=2")))
        request.httpMethod = "POST"
        request.setValue("image/png", forHTTPHeaderField: "Content-Type")
        request.httpBody = try Data(contentsOf: image)
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)

        struct Answer: Decodable { var labels: [Predictor.Label] }
        let labels = try JSONDecoder().decode(Answer.self, from: body).labels
        let expected = try Predictor(run: RunFolder.open(run)).predict(files: [image], k: 2)[0].labels
        #expect(labels.map(\.label) == expected.map(\.label))
        for (served, direct) in zip(labels, expected) { #expect(abs(served.probability - direct.probability) < 1e-5) }

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }

    @Test func outOfRangeOptionsAreRefused() throws {
        for (arguments, message) in [
            (["--max-batch-size", "0"], "--max-batch-size must be positive"),
            (["--queue-capacity=0"], "--queue-capacity must be positive"),
            (["--port", "70000"], "--port must be between 0 and 65535"),
        ] {
            let error = #expect(throws: (any Error).self) { try Serve.parse(["runs/none"] + arguments) }
            #expect(Fovea.message(for: error!).contains(message))
        }
    }
}
