import Foundation
import FoveaTensor

/// Weight files of any format Fovea reads, told apart by their first bytes rather than their names.
public enum WeightsFile {
    /// The formats ``WeightsFile/read(contentsOf:key:)`` accepts.
    public enum Format: Sendable, Equatable, CustomStringConvertible {
        /// safetensors: an 8-byte little-endian header length, then a JSON header starting with `{`.
        case safeTensors
        /// `torch.save` since torch 1.6: a zip archive (starts with `PK`).
        case pyTorchZip
        /// `torch.save` before torch 1.6, or with `_use_new_zipfile_serialization=False`: pickles (start with 0x80).
        case pyTorchLegacy

        public var description: String {
            switch self {
            case .safeTensors: "safetensors"
            case .pyTorchZip: "PyTorch checkpoint (zip)"
            case .pyTorchLegacy: "PyTorch checkpoint (legacy)"
            }
        }
    }

    /// The format of the file at `url`, from its first nine bytes.
    /// - Throws: `WeightsError` naming the file when it cannot be read or is none of the formats.
    public static func format(of url: URL) throws(WeightsError) -> Format {
        let start: [UInt8]
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            start = [UInt8](try handle.read(upToCount: 9) ?? Data())
        } catch {
            throw WeightsError(file: url, reason: .io(String(describing: error)))
        }
        // safetensors first: its header length may itself begin with 0x80 or "PK".
        if start.count == 9 && start[8] == UInt8(ascii: "{") { return .safeTensors }
        if start.starts(with: [UInt8(ascii: "P"), UInt8(ascii: "K")]) { return .pyTorchZip }
        if start.first == 0x80 { return .pyTorchLegacy }
        let reason = start.isEmpty
            ? WeightsError.Reason.truncated("the file is empty")
            : .malformed("not a weights file: neither safetensors nor a PyTorch checkpoint (zip or pickle)")
        throw WeightsError(file: url, reason: reason)
    }

    /// Every tensor of a safetensors file or PyTorch checkpoint, whichever `url` holds.
    ///
    /// - Parameter key: for a checkpoint, the top-level dict to read (`"state_dict"`, `"model"`); for safetensors,
    ///   the same selection by name: only tensors named `key.…`, with that prefix removed.
    /// - Throws: `WeightsError` naming the file.
    public static func read(contentsOf url: URL, key: String? = nil) throws -> [(name: String, record: TensorRecord)] {
        switch try format(of: url) {
        case .pyTorchZip, .pyTorchLegacy:
            return try PyTorchCheckpoint.read(contentsOf: url, key: key)
        case .safeTensors:
            let all = try SafeTensors.read(contentsOf: url)
            guard let key else { return all }
            let prefix = key + "."
            let selected: [(name: String, record: TensorRecord)] = all.compactMap { name, record in
                name.hasPrefix(prefix) ? (String(name.dropFirst(prefix.count)), record) : nil
            }
            guard !selected.isEmpty else {
                throw WeightsError(file: url, reason: .notFound("no tensor name starts with \"\(prefix)\""))
            }
            return selected
        }
    }
}

extension Module {
    /// Loads the parameters and buffers stored in a weights file (safetensors or a PyTorch checkpoint, told apart
    /// by content), matching `state_dict` names as ``loadStateDict(_:strict:)`` does.
    ///
    /// - Parameters:
    ///   - key: the part of the file to read; see ``WeightsFile/read(contentsOf:key:)``.
    ///   - strict: when true, any missing, unexpected or wrongly shaped tensor throws ``StateDictMismatch`` and
    ///     nothing changes; when false, what fits is loaded and the rest returned.
    /// - Returns: the mismatches skipped (empty when strict); their ``StateDictMismatch/file`` is `url`.
    /// - Throws: `WeightsError` naming the file when it cannot be read; ``StateDictMismatch`` with `file` set.
    @discardableResult
    public func loadWeights(contentsOf url: URL, key: String? = nil, strict: Bool = true) throws -> StateDictMismatch {
        let weights = try WeightsFile.read(contentsOf: url, key: key)
        do {
            var mismatch = try loadStateDict(weights, strict: strict)
            mismatch.file = url
            return mismatch
        } catch var mismatch as StateDictMismatch {
            mismatch.file = url
            throw mismatch
        }
    }
}
