import Foundation

/// One case's timings, printed as a JSON line for `bench/run`.
struct Measurement: Encodable {
    let impl = "fovea"
    let `case`: String
    let threads: Int
    let warmup: Int
    let iterations: Int
    let medianMs: Double
    let minMs: Double
    let peakRssKb: Int?

    /// Runs `body` `warmup` times untimed, then `iterations` times timed.
    init(case name: String, threads: Int, warmup: Int, iterations: Int, body: () throws -> Void) throws {
        for _ in 0..<warmup { try body() }
        let clock = ContinuousClock()
        let times = try (0..<iterations).map { _ in try clock.measure(body).milliseconds }.sorted()
        self.case = name
        self.threads = threads
        self.warmup = warmup
        self.iterations = iterations
        medianMs = times.count % 2 == 1
            ? times[times.count / 2]
            : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        minMs = times[0]
        peakRssKb = Measurement.peakResidentKilobytes()
    }

    var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// The process's peak resident set (`VmHWM` in /proc/self/status), nil where there is no /proc.
    static func peakResidentKilobytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        return line?.split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1e3 + Double(components.attoseconds) * 1e-15
    }
}
