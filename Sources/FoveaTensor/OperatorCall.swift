internal import CTorch
#if canImport(Glibc)
import Glibc
#endif
import FoveaWeights

/// One argument of an ATen operator, as its schema names it.
public enum OperatorArgument {
    case none
    case tensor(Tensor)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case ints([Int])
    case doubles([Double])
    case tensors([Tensor])
    /// `Tensor?[]`, as `aten::index` takes it.
    case optionalTensors([Tensor?])
    case string(String)

    /// A `ScalarType` argument.
    public static func dtype(_ dtype: DType) -> OperatorArgument { .int(Int(dtype.rawValue)) }

    /// `Tensor?`: the tensor, or None.
    public static func optional(_ tensor: Tensor?) -> OperatorArgument { tensor.map { .tensor($0) } ?? .none }

    /// `int?` / `float?` / `str?`.
    public static func optional(_ value: Int?) -> OperatorArgument { value.map { .int($0) } ?? .none }
    public static func optional(_ value: Double?) -> OperatorArgument { value.map { .double($0) } ?? .none }
    public static func optional(_ value: String?) -> OperatorArgument { value.map { .string($0) } ?? .none }
}

extension Tensor {
    /// Calls any ATen operator by schema name, e.g. `try Tensor.call("aten::relu", [.tensor(x)])`.
    ///
    /// Every argument of the schema must be given, in order (see `torch._C._jit_get_schemas_for_operator`).
    /// - Returns: the tensor results in order (the elements of a `Tensor[]` result are spread out).
    /// - Throws: `TorchError` with the call, its argument shapes and libtorch's message.
    public static func call(
        _ name: String, overload: String = "", _ arguments: [OperatorArgument]
    ) throws(TorchError) -> [Tensor] {
        _ = Runtime.ready
        // Lay out every list argument in two flat buffers so that one pair of pointers lives across the call.
        var integers: [Int64] = []
        var reals: [Double] = []
        var handles: [ct_tensor?] = []
        var strings: [String] = []
        for argument in arguments {
            switch argument {
            case .tensor(let tensor): handles.append(tensor.handle)
            case .ints(let values): integers.append(contentsOf: values.map(Int64.init))
            case .doubles(let values): reals.append(contentsOf: values)
            case .tensors(let tensors): handles.append(contentsOf: tensors.map(\.handle))
            case .optionalTensors(let tensors): handles.append(contentsOf: tensors.map { $0?.handle })
            case .string(let text): strings.append(text)
            case .none, .int, .double, .bool: break
            }
        }
        var results = [ct_tensor?](repeating: nil, count: 16)
        var resultCount: Int64 = 0
        let status: Int32 = withExtendedLifetime(arguments) {
            integers.withUnsafeBufferPointer { integerBuffer in
                reals.withUnsafeBufferPointer { realBuffer in
                    handles.withUnsafeBufferPointer { handleBuffer in
                        withCStrings(strings) { cStrings in
                            var cArguments: [ct_arg] = []
                            cArguments.reserveCapacity(arguments.count)
                            var integerOffset = 0, realOffset = 0, handleOffset = 0, stringOffset = 0
                            for argument in arguments {
                                var c = ct_arg()
                                switch argument {
                                case .none:
                                    c.kind = Int32(CT_ARG_NONE.rawValue)
                                case .tensor:
                                    c.kind = Int32(CT_ARG_TENSOR.rawValue)
                                    c.tensors = handleBuffer.baseAddress.map { UnsafePointer($0 + handleOffset) }
                                    c.count = 1
                                    handleOffset += 1
                                case .int(let value):
                                    c.kind = Int32(CT_ARG_INT.rawValue)
                                    c.integer = Int64(value)
                                case .double(let value):
                                    c.kind = Int32(CT_ARG_DOUBLE.rawValue)
                                    c.real = value
                                case .bool(let value):
                                    c.kind = Int32(CT_ARG_BOOL.rawValue)
                                    c.integer = value ? 1 : 0
                                case .ints(let values):
                                    c.kind = Int32(CT_ARG_INTS.rawValue)
                                    c.ints = integerBuffer.baseAddress.map { $0 + integerOffset }
                                    c.count = Int64(values.count)
                                    integerOffset += values.count
                                case .doubles(let values):
                                    c.kind = Int32(CT_ARG_DOUBLES.rawValue)
                                    c.doubles = realBuffer.baseAddress.map { $0 + realOffset }
                                    c.count = Int64(values.count)
                                    realOffset += values.count
                                case .tensors(let tensors):
                                    c.kind = Int32(CT_ARG_TENSORS.rawValue)
                                    c.tensors = handleBuffer.baseAddress.map { UnsafePointer($0 + handleOffset) }
                                    c.count = Int64(tensors.count)
                                    handleOffset += tensors.count
                                case .optionalTensors(let tensors):
                                    c.kind = Int32(CT_ARG_OPTIONAL_TENSORS.rawValue)
                                    c.tensors = handleBuffer.baseAddress.map { UnsafePointer($0 + handleOffset) }
                                    c.count = Int64(tensors.count)
                                    handleOffset += tensors.count
                                case .string:
                                    c.kind = Int32(CT_ARG_STRING.rawValue)
                                    c.string = cStrings[stringOffset]
                                    stringOffset += 1
                                }
                                cArguments.append(c)
                            }
                            return ct_call(
                                name, overload, cArguments, Int64(cArguments.count),
                                &results, Int64(results.count), &resultCount)
                        }
                    }
                }
            }
        }
        try check(status)
        return results.prefix(Int(resultCount)).compactMap { $0.map(Tensor.init(owning:)) }
    }

    /// Calls an operator that returns exactly one tensor.
    public static func call1(
        _ name: String, overload: String = "", _ arguments: [OperatorArgument]
    ) throws(TorchError) -> Tensor {
        let results = try call(name, overload: overload, arguments)
        guard results.count == 1 else {
            throw TorchError("\(name) returned \(results.count) tensors where one was expected")
        }
        return results[0]
    }

    /// Calls an in-place operator on `self` (its returned alias is dropped).
    @discardableResult
    func callInPlace(_ name: String, overload: String = "", _ arguments: [OperatorArgument]) throws(TorchError) -> Tensor {
        _ = try Tensor.call(name, overload: overload, [.tensor(self)] + arguments)
        return self
    }
}

/// Lends C strings for the duration of `body`.
private func withCStrings<Result>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) })
}
