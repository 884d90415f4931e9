/// The Python globals a state dict may name. Any other global is refused while unpickling,
/// and these are never called: `TorchGlobal.call` evaluates their effect in Swift.
enum TorchGlobal: Equatable {
    case orderedDict
    /// `torch._utils._rebuild_tensor(storage, offset, size, stride)`, from early checkpoints.
    case rebuildTensor
    /// `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])`.
    case rebuildTensorV2
    /// `torch._utils._rebuild_parameter(data, requires_grad, hooks)`, for an `nn.Parameter`.
    case rebuildParameter
    /// `torch._utils._rebuild_parameter_with_state(data, requires_grad, hooks, state)`.
    case rebuildParameterWithState
    /// `torch.FloatStorage` and its siblings, which name a storage's element type in persistent ids.
    case storageType(DType)

    /// The storage class torch names for a dtype in persistent ids.
    private static func storageTypeName(_ dtype: DType) -> String {
        switch dtype {
        case .float32: "FloatStorage"
        case .float64: "DoubleStorage"
        case .float16: "HalfStorage"
        case .bfloat16: "BFloat16Storage"
        case .int64: "LongStorage"
        case .int32: "IntStorage"
        case .int16: "ShortStorage"
        case .int8: "CharStorage"
        case .uint8: "ByteStorage"
        case .bool: "BoolStorage"
        }
    }

    /// The allow-listed global `module.name`, or nil for anything else.
    init?(module: String, name: String) {
        switch (module, name) {
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("torch._utils", "_rebuild_tensor"): self = .rebuildTensor
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensorV2
        case ("torch._utils", "_rebuild_parameter"): self = .rebuildParameter
        case ("torch._utils", "_rebuild_parameter_with_state"): self = .rebuildParameterWithState
        case ("torch", _):
            guard let dtype = DType.allCases.first(where: { Self.storageTypeName($0) == name }) else { return nil }
            self = .storageType(dtype)
        default: return nil
        }
    }

    var qualifiedName: String {
        switch self {
        case .orderedDict: "collections.OrderedDict"
        case .rebuildTensor: "torch._utils._rebuild_tensor"
        case .rebuildTensorV2: "torch._utils._rebuild_tensor_v2"
        case .rebuildParameter: "torch._utils._rebuild_parameter"
        case .rebuildParameterWithState: "torch._utils._rebuild_parameter_with_state"
        case .storageType(let dtype): "torch." + Self.storageTypeName(dtype)
        }
    }

    /// What calling this global with `arguments` would return in Python, built without running Python.
    func call(_ arguments: [PickleValue], arena: inout PickleArena) throws -> PickleValue {
        switch self {
        case .orderedDict:
            guard arguments.isEmpty else { throw WeightsFailure.unsupported("OrderedDict built from initial items") }
            arena.dicts.append([])
            return .dict(arena.dicts.count - 1)
        case .rebuildTensor:
            try expectArgumentCount(arguments, 4...4)
            return .tensor(try Self.stridedTensor(arguments, arena: arena))
        case .rebuildTensorV2:
            try expectArgumentCount(arguments, 6...7)
            return .tensor(try Self.stridedTensor(arguments, arena: arena))
        case .rebuildParameter, .rebuildParameterWithState:
            try expectArgumentCount(arguments, self == .rebuildParameter ? 3...3 : 4...4)
            guard case .tensor = arguments[0] else {
                throw WeightsFailure.malformed("\(qualifiedName) was given a \(arguments[0].kindName), not a tensor")
            }
            return arguments[0]
        case .storageType:
            throw WeightsFailure.unsupported("\(qualifiedName) called directly instead of named in a persistent id")
        }
    }

    private func expectArgumentCount(_ arguments: [PickleValue], _ allowed: ClosedRange<Int>) throws {
        guard allowed.contains(arguments.count) else {
            throw WeightsFailure.malformed("\(qualifiedName) was called with \(arguments.count) arguments")
        }
    }

    /// Reads `(storage, storage_offset, size, stride, …)`.
    private static func stridedTensor(_ arguments: [PickleValue], arena: PickleArena) throws -> StridedTensor {
        guard case .storage(let storage) = arguments[0] else {
            throw WeightsFailure.malformed("a tensor was rebuilt from a \(arguments[0].kindName), not a storage")
        }
        guard case .int(let offset) = arguments[1], offset >= 0 else {
            throw WeightsFailure.malformed("a tensor has an invalid storage offset")
        }
        let shape = try naturalNumbers(arguments[2], "size", arena: arena)
        let strides = try naturalNumbers(arguments[3], "stride", arena: arena)
        guard shape.count == strides.count else {
            throw WeightsFailure.malformed("a tensor has \(shape.count) sizes but \(strides.count) strides")
        }
        return StridedTensor(storage: storage, offset: offset, shape: shape, strides: strides)
    }

    private static func naturalNumbers(_ value: PickleValue, _ what: String, arena: PickleArena) throws -> [Int] {
        guard case .tuple(let index) = value else {
            throw WeightsFailure.malformed("a tensor's \(what) is a \(value.kindName), not a tuple")
        }
        return try arena.tuples[index].map { element in
            guard case .int(let number) = element, number >= 0 else {
                throw WeightsFailure.malformed("a tensor's \(what) holds something other than a non-negative int")
            }
            return number
        }
    }

    /// Resolves torch's persistent id `('storage', storage_type, key, location, element_count[, view_metadata])`.
    static func storageReference(persistentID: PickleValue, arena: PickleArena) throws -> StorageReference {
        guard case .tuple(let index) = persistentID else {
            throw WeightsFailure.malformed("a persistent id is a \(persistentID.kindName), not a tuple")
        }
        let fields = arena.tuples[index]
        guard fields.count == 5 || fields.count == 6,
            case .string("storage") = fields[0],
            case .global(.storageType(let dtype)) = fields[1],
            case .string(let key) = fields[2],
            case .string = fields[3],
            case .int(let elementCount) = fields[4], elementCount >= 0
        else {
            throw WeightsFailure.malformed("a persistent id is not a ('storage', type, key, location, count) tuple")
        }
        if fields.count == 6 {
            // Legacy files carry view metadata here; torch has written None since 1.0.
            guard case .none = fields[5] else {
                throw WeightsFailure.unsupported("storage \(key) is a storage view, which only pre-1.0 torch wrote")
            }
        }
        return StorageReference(key: key, dtype: dtype, elementCount: elementCount)
    }
}
