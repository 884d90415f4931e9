import Foundation
import FoveaTensor
#if canImport(Glibc)
import Glibc
#endif

/// Seeds libtorch's generator and runs `body` while holding the process's generator lock.
///
/// The generator is one per process and tests run in parallel, across test targets too, so every test that draws
/// random numbers (seeded draws, layer construction, dropout) goes through here. The lock is a file lock: separate
/// opens of one file exclude each other even within a process, and every test target shares it by path.
func withGenerator<Result>(seed: UInt64, _ body: () throws -> Result) throws -> Result {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("fovea-tests-generator.lock").path
    let descriptor = open(path, O_CREAT | O_RDWR, 0o644)
    guard descriptor >= 0 else { throw FixtureError("cannot open \(path)") }
    defer { close(descriptor) }  // closing releases the lock
    guard flock(descriptor, LOCK_EX) == 0 else { throw FixtureError("cannot lock \(path)") }
    try Random.seed(seed)
    return try body()
}
