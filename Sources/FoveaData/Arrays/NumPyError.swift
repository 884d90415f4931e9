/// Problems reading `.npy` and `.npz` files; each names the file (and, in an archive, the member).
public enum NumPyError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be opened or read.
    case unreadable(file: String, reason: String)
    /// The file does not start with `\x93NUMPY`.
    case notNumPy(file: String)
    /// A format version other than 1.0, 2.0 and 3.0.
    case unsupportedVersion(file: String, major: UInt8, minor: UInt8)
    /// The header dictionary is not the literal the format prescribes.
    case malformedHeader(file: String, problem: String)
    /// A dtype this reader does not handle (object, structured, complex, strings, ...).
    case unsupportedDType(file: String, descr: String, reason: String)
    /// The data is not exactly shape × item size bytes (a truncated file, or trailing bytes).
    case sizeMismatch(file: String, expected: Int, actual: Int)
    /// The values were asked for as a type the dtype does not hold.
    case wrongType(file: String, requested: String, descr: String)
    /// The zip archive of an `.npz` cannot be read.
    case corruptArchive(file: String, reason: String)
    /// The archive has no member of that name.
    case missingMember(archive: String, member: String, available: [String])
    /// Arrays that do not make labelled images (wrong rank, dtype or counts).
    case unsuitableImages(file: String, problem: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot be read: \(reason)"
        case .notNumPy(let file): "\(file): not a .npy file (bad magic, expected \\x93NUMPY)"
        case .unsupportedVersion(let file, let major, let minor): "\(file): .npy format version \(major).\(minor) is not supported (1.0, 2.0, 3.0 are)"
        case .malformedHeader(let file, let problem): "\(file): malformed .npy header: \(problem)"
        case .unsupportedDType(let file, let descr, let reason): "\(file): dtype \(descr) is not supported: \(reason)"
        case .sizeMismatch(let file, let expected, let actual):
            actual < expected
                ? "\(file): truncated: the header promises \(expected) data bytes, the file holds \(actual)"
                : "\(file): the header promises \(expected) data bytes, the file holds \(actual) (trailing bytes)"
        case .wrongType(let file, let requested, let descr): "\(file): values of dtype \(descr) cannot be read as \(requested)"
        case .corruptArchive(let file, let reason): "\(file): not a readable .npz (zip) archive: \(reason)"
        case .missingMember(let archive, let member, let available):
            "\(archive): no member \"\(member)\" (the archive holds \(available.isEmpty ? "none" : available.joined(separator: ", ")))"
        case .unsuitableImages(let file, let problem): "\(file): \(problem)"
        }
    }
}
