internal import CTorch
import Foundation

/// libtorch's default CPU generator, which every random operator and initialiser draws from.
public enum Random {
    /// Seeds the generator (`torch.manual_seed`).
    public static func seed(_ seed: UInt64) throws(TorchError) {
        _ = Runtime.ready
        try check(ct_manual_seed(seed))
    }

    /// The generator's full state, for bit-identical resumption.
    public static func state() throws(TorchError) -> Tensor {
        _ = Runtime.ready
        var made: ct_tensor?
        try check(ct_rng_state(&made))
        guard let made else { throw TorchError("libtorch returned no generator state") }
        return Tensor(owning: made)
    }

    public static func setState(_ state: Tensor) throws(TorchError) {
        try check(ct_set_rng_state(state.handle))
    }
}

/// libtorch has one generator per process: seeded blocks hold this lock so that two of them, on two threads,
/// never interleave their draws. Recursive, so a seeded block may call code that seeds again.
private let generatorLock = NSRecursiveLock()

/// Runs `body` with the generator seeded and to itself (other `withSeed` blocks wait), then puts the previous
/// state back.
public func withSeed<Result>(_ seed: UInt64, _ body: () throws -> Result) throws -> Result {
    generatorLock.lock()
    defer { generatorLock.unlock() }
    let saved = try Random.state()
    defer { try? Random.setState(saved) }
    try Random.seed(seed)
    return try body()
}

/// A small, fast, seedable generator (SplitMix64) for shuffles and splits on the Swift side, so the same
/// seed gives the same order on every machine, whatever libtorch's version.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
