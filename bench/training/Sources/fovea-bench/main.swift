import Foundation
import FoveaTensor

// fovea-bench CASE   times one case and prints a JSON line (BENCH_WARMUP, BENCH_ITERATIONS: counts).
// fovea-bench --threads   prints libtorch's compute thread count (FOVEA_THREADS sets it).
let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first, arguments.count == 1 else {
    FileHandle.standardError.write(Data("usage: fovea-bench CASE | --threads\n".utf8))
    exit(2)
}
do {
    let threads = try Runtime.threadCount
    if name == "--threads" {
        print(threads)
    } else {
        let environment = ProcessInfo.processInfo.environment
        let measurement = try Measurement(
            case: name, threads: threads,
            warmup: environment["BENCH_WARMUP"].flatMap { Int($0) } ?? 5,
            iterations: max(1, environment["BENCH_ITERATIONS"].flatMap { Int($0) } ?? 20),
            body: try benchmarkBody(for: name))
        print(measurement.jsonLine)
    }
} catch {
    FileHandle.standardError.write(Data("fovea-bench: \(error)\n".utf8))
    exit(1)
}
