import Foundation

/// Reads the tensors of PyTorch checkpoints (`torch.save` files) without Python or libtorch.
///
/// Both of torch's formats are read: the zip format (torch ≥ 1.6) and the legacy pickle-sequence
/// format. The pickles go through a restricted unpickler that knows only the globals a state dict
/// uses (`collections.OrderedDict`, `torch._utils._rebuild_tensor_v2` and friends, the
/// `torch.*Storage` types); any other global, such as `posix.system`, is refused with an error
/// that names it, and nothing in the file is ever executed.
public enum PyTorchCheckpoint {
    /// Reads every tensor in a checkpoint whose top-level object is a dict.
    ///
    /// Tensors are named by their dotted path through nested dicts, in the dicts' order:
    /// `torch.save(model.state_dict())` gives `conv.weight`, …; a training checkpoint
    /// `{"model": state_dict, "epoch": 3}` gives `model.conv.weight`, …. Integer keys (as in
    /// optimizer state) become decimal text. Values that are neither tensors nor dicts (numbers,
    /// strings, lists) are skipped. Tensors come back contiguous, whatever their strides in the file,
    /// and views of one storage (tied weights, a transposed copy) come back as independent records.
    ///
    /// - Parameters:
    ///   - url: The checkpoint file.
    ///   - key: When given, only the dict at this top-level key is read, and names are relative to it:
    ///     `key: "state_dict"` turns `state_dict.conv.weight` into `conv.weight`.
    /// - Throws: `WeightsError` naming the file: for a refused global or opcode, a truncated or corrupt
    ///   file, a missing `key`, or two tensors whose dotted names coincide.
    public static func read(contentsOf url: URL, key: String? = nil) throws -> [(name: String, record: TensorRecord)] {
        try WeightsError.naming(url) {
            let checkpoint = try load(url)
            var dictionary = checkpoint.root
            if let key {
                guard let value = checkpoint.arena.value(forKey: key, in: checkpoint.root) else {
                    throw WeightsFailure(reason: .notFound("the checkpoint has no top-level key \(JSONValue.quoted(key))"))
                }
                dictionary = value
            }
            guard case .dict(let index) = dictionary else {
                let what = key.map { "the value at key \(JSONValue.quoted($0))" } ?? "the checkpoint's top-level object"
                throw WeightsFailure.unsupported("\(what) is a \(dictionary.kindName), not a dict of tensors")
            }
            var found: [(name: String, tensor: StridedTensor)] = []
            try collectTensors(in: index, prefix: "", depth: 0, arena: checkpoint.arena, into: &found)
            return try records(for: found, from: checkpoint.storages)
        }
    }

    /// Deepest dict nesting followed; deeper (or self-containing) dicts are an error, not a stack overflow.
    private static let maximumDepth = 32

    private static func load(_ url: URL) throws -> UnpickledCheckpoint {
        let handle = try FileHandle(forReadingFrom: url)
        let signature = try handle.read(upToCount: 2) ?? Data()
        try handle.close()
        if signature.isEmpty {
            throw WeightsFailure.truncated("the file is empty")
        } else if signature == Data("PK".utf8) {
            return try ZipCheckpoint.load(url)
        } else if signature.first == 0x80 {  // a pickle's PROTO opcode
            return try LegacyCheckpoint.load([UInt8](try Data(contentsOf: url)))
        } else {
            throw WeightsFailure.malformed("not a PyTorch checkpoint: neither a zip archive nor a pickle")
        }
    }

    private static func collectTensors(
        in dictionary: Int, prefix: String, depth: Int, arena: PickleArena,
        into found: inout [(name: String, tensor: StridedTensor)]
    ) throws {
        guard depth < maximumDepth else {
            throw WeightsFailure.unsupported("dicts nested more than \(maximumDepth) levels deep")
        }
        for (key, value) in arena.dicts[dictionary] {
            let name: String
            switch key {
            case .string(let text): name = prefix + text
            case .int(let number): name = prefix + String(number)
            default: continue
            }
            switch value {
            case .tensor(let tensor): found.append((name, tensor))
            case .dict(let inner): try collectTensors(in: inner, prefix: name + ".", depth: depth + 1, arena: arena, into: &found)
            default: continue
            }
        }
    }

    /// Materializes the tensors, reading each storage once; views repeated under several names share bytes.
    private static func records(
        for found: [(name: String, tensor: StridedTensor)], from source: any StorageSource
    ) throws -> [(name: String, record: TensorRecord)] {
        var names = Set<String>()
        var storageBytes: [String: [UInt8]] = [:]
        var records: [StridedTensor: TensorRecord] = [:]
        return try found.map { name, tensor in
            guard names.insert(name).inserted else {
                throw WeightsFailure.malformed("two tensors are named \(JSONValue.quoted(name))")
            }
            if let record = records[tensor] { return (name, record) }
            let key = tensor.storage.key
            let bytes = try storageBytes[key] ?? source.bytes(of: tensor.storage)
            storageBytes[key] = bytes
            let record = try tensor.record(storageBytes: bytes)
            records[tensor] = record
            return (name, record)
        }
    }
}
