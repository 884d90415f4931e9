/// A value the restricted unpickler can build. Nothing in it can run code: Python globals are
/// reduced to the allow-listed `TorchGlobal`s, and tensors to descriptions of where their data lies.
///
/// Containers live in a `PickleArena` and are referred to by index, so a hostile pickle can neither
/// nest values deeply enough to overflow the stack when they are freed nor form reference cycles.
enum PickleValue {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer wider than 64 bits, as little-endian two's-complement bytes (torch's magic number is one).
    case wideInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple(Int)
    case list(Int)
    case dict(Int)
    case global(TorchGlobal)
    case storage(StorageReference)
    case tensor(StridedTensor)

    /// A short name for error messages.
    var kindName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int, .wideInt: "int"
        case .float: "float"
        case .string: "str"
        case .bytes: "bytes"
        case .tuple: "tuple"
        case .list: "list"
        case .dict: "dict"
        case .global(let global): global.qualifiedName
        case .storage: "storage"
        case .tensor: "tensor"
        }
    }
}

/// The containers one unpickling run created; `PickleValue.tuple(i)` is `tuples[i]`, and so on.
struct PickleArena {
    var tuples: [[PickleValue]] = []
    var lists: [[PickleValue]] = []
    /// Entries in insertion order, as Python dicts keep them.
    var dicts: [[(key: PickleValue, value: PickleValue)]] = []

    /// `dictionary[key]` for a dict with string keys; nil when `dictionary` is no dict or lacks the key.
    func value(forKey key: String, in dictionary: PickleValue) -> PickleValue? {
        guard case .dict(let index) = dictionary else { return nil }
        return dicts[index].first { entry in
            if case .string(key) = entry.key { true } else { false }
        }?.value
    }
}

/// A storage a checkpoint refers to by key: torch's persistent id `('storage', type, key, location, count)`.
struct StorageReference: Hashable {
    let key: String
    let dtype: DType
    let elementCount: Int

    /// The storage's size in bytes, checked for overflow since the count comes from the file.
    func byteCount() throws -> Int {
        let (count, overflowed) = elementCount.multipliedReportingOverflow(by: dtype.byteSize)
        guard !overflowed else { throw WeightsFailure.malformed("storage \(key) claims \(elementCount) elements, too many to address") }
        return count
    }
}

/// A tensor as `torch._utils._rebuild_tensor_v2` describes it: a strided view into a storage.
struct StridedTensor: Hashable {
    let storage: StorageReference
    let offset: Int
    let shape: [Int]
    let strides: [Int]
}
