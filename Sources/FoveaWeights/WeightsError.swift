import Foundation

/// Why reading or writing a weight file failed.
///
/// Every public reader and writer in FoveaWeights throws only this type, and its `description`
/// always starts with the path of the file concerned.
public struct WeightsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, independent of which file it was.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// The file system refused: a missing file, permissions, a full disk.
        case io(String)
        /// The file ends before the structure it describes does.
        case truncated(String)
        /// The bytes contradict their format: bad JSON, overlapping offsets, sizes that disagree.
        case malformed(String)
        /// Valid for its format, but beyond what FoveaWeights reads (an element type, a storage view).
        case unsupported(String)
        /// A pickle asked for a Python global outside the allow-list, such as `posix.system`.
        case refusedGlobal(String)
        /// A pickle used an opcode the restricted unpickler does not implement.
        case refusedOpcode(UInt8, offset: Int)
        /// The caller asked for something the file does not have, such as a missing top-level key.
        case notFound(String)
        /// The tensors handed to a writer are inconsistent, such as bytes that do not match the shape.
        case invalidInput(String)

        /// The explanation, with control characters escaped and length capped: details quote names
        /// taken from the file, which a hostile file can make long or unprintable.
        public var description: String {
            var text = ""
            for scalar in explanation.unicodeScalars.prefix(Self.maximumLength) {
                if scalar.properties.generalCategory == .control {
                    text += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
            return explanation.unicodeScalars.count > Self.maximumLength ? text + "…" : text
        }

        private static let maximumLength = 500

        private var explanation: String {
            switch self {
            case .io(let detail): "cannot access the file: \(detail)"
            case .truncated(let detail): "truncated: \(detail)"
            case .malformed(let detail): "malformed: \(detail)"
            case .unsupported(let detail): "unsupported: \(detail)"
            case .refusedGlobal(let name): "refused pickle global \(name): only torch state-dict globals are allowed"
            case .refusedOpcode(let opcode, let offset):
                "refused pickle opcode 0x\(String(opcode, radix: 16)) at byte \(offset): not a state-dict opcode"
            case .notFound(let detail): "not found: \(detail)"
            case .invalidInput(let detail): "invalid input: \(detail)"
            }
        }
    }

    /// The file that was being read or written.
    public let file: URL
    public let reason: Reason

    public init(file: URL, reason: Reason) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file.path): \(reason)" }
}

/// A failure inside a parser, before the file's name is attached at the public boundary.
struct WeightsFailure: Error {
    let reason: WeightsError.Reason

    static func truncated(_ detail: String) -> WeightsFailure { WeightsFailure(reason: .truncated(detail)) }
    static func malformed(_ detail: String) -> WeightsFailure { WeightsFailure(reason: .malformed(detail)) }
    static func unsupported(_ detail: String) -> WeightsFailure { WeightsFailure(reason: .unsupported(detail)) }
}

extension WeightsError {
    /// Runs `body`, turning whatever it throws into a `WeightsError` naming `file`.
    static func naming<Result>(_ file: URL, _ body: () throws -> Result) throws(WeightsError) -> Result {
        do {
            return try body()
        } catch let error as WeightsError {
            throw error
        } catch let failure as WeightsFailure {
            throw WeightsError(file: file, reason: failure.reason)
        } catch {
            throw WeightsError(file: file, reason: .io(String(describing: error)))
        }
    }
}
