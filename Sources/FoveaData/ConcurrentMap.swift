import Foundation

/// `body(0..<count)` run on every core, the results in index order (for decoding many files at once).
public func concurrentMap<Element>(count: Int, _ body: @Sendable (Int) -> Element) -> [Element] {
    let slots = Slots<Element>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        slots.set(index, body(index))
    }
    return slots.values
}

/// Results written from several threads, each to its own slot.
private final class Slots<Element>: @unchecked Sendable {
    private var storage: [Element?]
    private let lock = NSLock()

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Element) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    /// Every slot, once all are set (`concurrentPerform` returns only then).
    var values: [Element] { storage.compactMap { $0 } }
}
