/// A restricted unpickler for torch state dicts.
///
/// It implements the binary pickle opcodes (protocols 2–5) that state dicts use and refuses every
/// other opcode. Globals resolve only to the allow-listed `TorchGlobal`s, and REDUCE, NEWOBJ and
/// BINPERSID are evaluated by Swift code, so no file can make it run anything.
struct Unpickler {
    private var reader: ByteReader
    /// The containers built so far; values returned by `load()` index into it.
    private(set) var arena = PickleArena()
    /// Storages named by persistent ids, by key, as torch's loader collects them.
    private(set) var storages: [String: StorageReference] = [:]
    private var stack: [PickleValue] = []
    /// Stack heights at each MARK; values below the top mark are out of reach until it is popped.
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    /// Prepares to unpickle from byte `position` of `bytes`.
    init(_ bytes: [UInt8], position: Int = 0) {
        reader = ByteReader(bytes, position: position)
    }

    /// Where the next pickle starts once `load()` has returned.
    var position: Int { reader.position }

    /// Unpickles one object, reading up to and including its STOP opcode.
    mutating func load() throws -> PickleValue {
        stack = []
        marks = []
        memo = [:]
        while true {
            let offset = reader.position
            let byte = try reader.readByte("a pickle, before its STOP opcode")
            guard let opcode = Opcode(rawValue: byte) else {
                throw WeightsFailure(reason: .refusedOpcode(byte, offset: offset))
            }
            if let result = try execute(opcode) {
                return result
            }
        }
    }

    // MARK: - Opcodes

    private enum Opcode: UInt8 {
        case proto = 0x80, frame = 0x95, stop = 0x2E
        case mark = 0x28, pop = 0x30, popMark = 0x31, dup = 0x32
        case none = 0x4E, newTrue = 0x88, newFalse = 0x89
        case binInt = 0x4A, binInt1 = 0x4B, binInt2 = 0x4D, long1 = 0x8A, long4 = 0x8B
        case binFloat = 0x47
        case binUnicode = 0x58, shortBinUnicode = 0x8C, binUnicode8 = 0x8D
        case binString = 0x54, shortBinString = 0x55
        case binBytes = 0x42, shortBinBytes = 0x43, binBytes8 = 0x8E
        case emptyTuple = 0x29, tuple = 0x74, tuple1 = 0x85, tuple2 = 0x86, tuple3 = 0x87
        case emptyList = 0x5D, list = 0x6C, append = 0x61, appends = 0x65
        case emptyDict = 0x7D, dict = 0x64, setItem = 0x73, setItems = 0x75
        case binPut = 0x71, longBinPut = 0x72, memoize = 0x94, binGet = 0x68, longBinGet = 0x6A
        case global = 0x63, stackGlobal = 0x93
        case reduce = 0x52, build = 0x62, newObject = 0x81, newObjectEx = 0x92
        case binPersistentID = 0x51
    }

    /// Runs one opcode; returns the unpickled object once `opcode` is STOP.
    private mutating func execute(_ opcode: Opcode) throws -> PickleValue? {
        switch opcode {
        case .proto:
            let version = try reader.readByte("PROTO")
            guard version <= 5 else { throw WeightsFailure.unsupported("pickle protocol \(version)") }
        case .frame:
            // Frames only help streaming readers; the whole pickle is in memory already.
            _ = try reader.readBytes(8, "FRAME")
        case .stop:
            return try pop()
        case .mark:
            marks.append(stack.count)
        case .pop:
            if marks.last == stack.count {
                marks.removeLast()
            } else {
                _ = try pop()
            }
        case .popMark:
            _ = try popToMark()
        case .dup:
            stack.append(try top())
        case .none:
            stack.append(.none)
        case .newTrue:
            stack.append(.bool(true))
        case .newFalse:
            stack.append(.bool(false))
        case .binInt:
            stack.append(.int(Int(try reader.readLittleEndian(Int32.self, "BININT"))))
        case .binInt1:
            stack.append(.int(Int(try reader.readByte("BININT1"))))
        case .binInt2:
            stack.append(.int(Int(try reader.readLittleEndian(UInt16.self, "BININT2"))))
        case .long1:
            let length = Int(try reader.readByte("LONG1"))
            stack.append(Self.integer(littleEndian: try reader.readBytes(length, "LONG1")))
        case .long4:
            let length = try reader.readLength(Int32.self, "LONG4")
            stack.append(Self.integer(littleEndian: try reader.readBytes(length, "LONG4")))
        case .binFloat:
            let bits = try reader.readLittleEndian(UInt64.self, "BINFLOAT")
            stack.append(.float(Double(bitPattern: bits.byteSwapped)))  // pickle stores floats big-endian
        case .binUnicode:
            stack.append(.string(try readText(length: reader.readLength(UInt32.self, "BINUNICODE"), "BINUNICODE")))
        case .shortBinUnicode:
            stack.append(.string(try readText(length: Int(reader.readByte("SHORT_BINUNICODE")), "SHORT_BINUNICODE")))
        case .binUnicode8:
            stack.append(.string(try readText(length: reader.readLength(UInt64.self, "BINUNICODE8"), "BINUNICODE8")))
        case .binString:
            // Python 2 byte strings; torch.load decodes them as UTF-8.
            stack.append(.string(try readText(length: reader.readLength(Int32.self, "BINSTRING"), "BINSTRING")))
        case .shortBinString:
            stack.append(.string(try readText(length: Int(reader.readByte("SHORT_BINSTRING")), "SHORT_BINSTRING")))
        case .binBytes:
            stack.append(.bytes(Array(try reader.readBytes(reader.readLength(UInt32.self, "BINBYTES"), "BINBYTES"))))
        case .shortBinBytes:
            stack.append(.bytes(Array(try reader.readBytes(Int(reader.readByte("SHORT_BINBYTES")), "SHORT_BINBYTES"))))
        case .binBytes8:
            stack.append(.bytes(Array(try reader.readBytes(reader.readLength(UInt64.self, "BINBYTES8"), "BINBYTES8"))))
        case .emptyTuple:
            stack.append(makeTuple([]))
        case .tuple:
            stack.append(makeTuple(try popToMark()))
        case .tuple1, .tuple2, .tuple3:
            let count = Int(opcode.rawValue - Opcode.tuple1.rawValue) + 1
            stack.append(makeTuple(try pop(count)))
        case .emptyList:
            arena.lists.append([])
            stack.append(.list(arena.lists.count - 1))
        case .list:
            arena.lists.append(try popToMark())
            stack.append(.list(arena.lists.count - 1))
        case .append:
            let item = try pop()
            try appendToList([item])
        case .appends:
            let items = try popToMark()
            try appendToList(items)
        case .emptyDict:
            arena.dicts.append([])
            stack.append(.dict(arena.dicts.count - 1))
        case .dict:
            arena.dicts.append([])
            let index = arena.dicts.count - 1
            try setItems(try popToMark(), inDictionary: index)
            stack.append(.dict(index))
        case .setItem:
            let pair = try pop(2)
            try setItems(pair, inDictionary: try topDictionary())
        case .setItems:
            let pairs = try popToMark()
            try setItems(pairs, inDictionary: try topDictionary())
        case .binPut:
            memo[Int(try reader.readByte("BINPUT"))] = try top()
        case .longBinPut:
            memo[Int(try reader.readLittleEndian(UInt32.self, "LONG_BINPUT"))] = try top()
        case .memoize:
            memo[memo.count] = try top()
        case .binGet:
            stack.append(try memoized(Int(reader.readByte("BINGET"))))
        case .longBinGet:
            stack.append(try memoized(Int(reader.readLittleEndian(UInt32.self, "LONG_BINGET"))))
        case .global:
            let module = try readText(line: "GLOBAL")
            let name = try readText(line: "GLOBAL")
            stack.append(try resolveGlobal(module: module, name: name))
        case .stackGlobal:
            let names = try pop(2)
            guard case .string(let module) = names[0], case .string(let name) = names[1] else {
                throw WeightsFailure.malformed("STACK_GLOBAL needs two strings, got \(names[0].kindName) and \(names[1].kindName)")
            }
            stack.append(try resolveGlobal(module: module, name: name))
        case .reduce, .newObject:
            let operands = try pop(2)
            stack.append(try call(operands[0], arguments: operands[1]))
        case .newObjectEx:
            let operands = try pop(3)
            guard case .dict(let keywords) = operands[2], arena.dicts[keywords].isEmpty else {
                throw WeightsFailure.unsupported("NEWOBJ_EX with keyword arguments")
            }
            stack.append(try call(operands[0], arguments: operands[1]))
        case .build:
            // BUILD sets attributes (such as a state dict's `_metadata`) that no tensor depends on.
            _ = try pop()
            _ = try top()
        case .binPersistentID:
            let storage = try TorchGlobal.storageReference(persistentID: try pop(), arena: arena)
            if let known = storages[storage.key], known != storage {
                throw WeightsFailure.malformed("storage \(storage.key) is declared with two different types or sizes")
            }
            storages[storage.key] = storage
            stack.append(.storage(storage))
        }
        return nil
    }

    // MARK: - Stack

    /// The top value, which must lie above the innermost mark.
    private func top() throws -> PickleValue {
        guard stack.count > (marks.last ?? 0), let value = stack.last else {
            throw WeightsFailure.malformed("pickle stack underflow at byte \(reader.position)")
        }
        return value
    }

    private mutating func pop() throws -> PickleValue {
        let value = try top()
        stack.removeLast()
        return value
    }

    /// Pops `count` values, returned in the order they were pushed.
    private mutating func pop(_ count: Int) throws -> [PickleValue] {
        guard stack.count - (marks.last ?? 0) >= count else {
            throw WeightsFailure.malformed("pickle stack underflow at byte \(reader.position)")
        }
        defer { stack.removeLast(count) }
        return Array(stack.suffix(count))
    }

    private mutating func popToMark() throws -> [PickleValue] {
        guard let mark = marks.popLast() else {
            throw WeightsFailure.malformed("pickle has no MARK to pop to at byte \(reader.position)")
        }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    private mutating func makeTuple(_ items: [PickleValue]) -> PickleValue {
        arena.tuples.append(items)
        return .tuple(arena.tuples.count - 1)
    }

    private mutating func appendToList(_ items: [PickleValue]) throws {
        guard case .list(let index) = try top() else {
            throw WeightsFailure.malformed("APPEND to a \(try top().kindName), not a list")
        }
        arena.lists[index].append(contentsOf: items)
    }

    private func topDictionary() throws -> Int {
        guard case .dict(let index) = try top() else {
            throw WeightsFailure.malformed("SETITEM on a \(try top().kindName), not a dict")
        }
        return index
    }

    private mutating func setItems(_ keysAndValues: [PickleValue], inDictionary index: Int) throws {
        guard keysAndValues.count.isMultiple(of: 2) else {
            throw WeightsFailure.malformed("SETITEMS with an odd number of values")
        }
        for pairStart in stride(from: 0, to: keysAndValues.count, by: 2) {
            arena.dicts[index].append((keysAndValues[pairStart], keysAndValues[pairStart + 1]))
        }
    }

    private func memoized(_ key: Int) throws -> PickleValue {
        guard let value = memo[key] else { throw WeightsFailure.malformed("pickle reads memo entry \(key), which was never stored") }
        return value
    }

    // MARK: - Operands

    private mutating func readText(length: Int, _ what: String) throws -> String {
        let bytes = try reader.readBytes(length, what)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WeightsFailure.malformed("\(what) at byte \(reader.position - length) is not valid UTF-8")
        }
        return text
    }

    private mutating func readText(line what: String) throws -> String {
        let line = try reader.readLine(what)
        guard let text = String(validating: line, as: UTF8.self) else {
            throw WeightsFailure.malformed("\(what) name is not valid UTF-8")
        }
        return text
    }

    /// A little-endian two's-complement integer of any width, as LONG1 and LONG4 carry it.
    private static func integer(littleEndian bytes: ArraySlice<UInt8>) -> PickleValue {
        guard bytes.count <= 8 else { return .wideInt(Array(bytes)) }
        guard let last = bytes.last else { return .int(0) }
        let fill: UInt8 = last >= 0x80 ? 0xFF : 0x00  // sign-extend to 64 bits
        let padded = Array(bytes) + Array(repeating: fill, count: 8 - bytes.count)
        let bits = padded.reversed().reduce(UInt64(0)) { value, byte in value << 8 | UInt64(byte) }
        return .int(Int(truncatingIfNeeded: bits))
    }

    private func resolveGlobal(module: String, name: String) throws -> PickleValue {
        guard let global = TorchGlobal(module: module, name: name) else {
            throw WeightsFailure(reason: .refusedGlobal("\(module).\(name)"))
        }
        return .global(global)
    }

    private mutating func call(_ callable: PickleValue, arguments: PickleValue) throws -> PickleValue {
        guard case .global(let global) = callable else {
            throw WeightsFailure.malformed("pickle calls a \(callable.kindName), which is not callable")
        }
        guard case .tuple(let index) = arguments else {
            throw WeightsFailure.malformed("\(global.qualifiedName) is called with a \(arguments.kindName), not a tuple")
        }
        return try global.call(arena.tuples[index], arena: &arena)
    }
}
