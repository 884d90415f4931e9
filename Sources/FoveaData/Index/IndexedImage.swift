import GRDB

/// One image file of a dataset index: what its bytes and header say, where it sits, and what the last
/// `fovea check` found. Paths are relative to the dataset folder, "/"-separated.
public struct IndexedImage: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "image"

    public var path: String
    /// File size in bytes.
    public var bytes: Int64
    /// Modification time, nanoseconds since 1970; with `bytes`, what tells an unchanged file.
    public var modified: Int64
    /// SHA-256 of the bytes, lowercase hexadecimal.
    public var sha256: String?
    /// The format the bytes show ("jpeg", "png", …), whatever the extension says.
    public var format: String?
    /// Upright width (EXIF orientation applied), when the header could be read.
    public var width: Int?
    /// Upright height.
    public var height: Int?
    /// Channels as stored, alpha included (4 for CMYK).
    public var bands: Int?
    public var hasAlpha: Bool?
    /// Stored gray, or colour with equal channels everywhere.
    public var isGray: Bool?
    /// The 64-bit DCT perceptual hash (``PerceptualHash``) as a signed bit pattern (SQLite integers are signed).
    public var perceptualHashBits: Int64?
    /// Why the file cannot be decoded (an error ``ImageProblem``), or nil.
    public var error: ImageProblem?
    /// The decoder's message for `error`.
    public var errorMessage: String?
    /// The class folder, or nil outside one.
    public var label: String?
    /// The part it belongs to: from its folder in a split tree, or assigned by `fovea split`.
    public var split: DatasetPart?
    /// Whether `split` comes from the folder (true) or from `fovea split` (false).
    public var splitFromFolder: Bool
    /// What the last `fovea check` found, comma-separated ``ImageProblem`` codes; empty when nothing.
    public var problems: String

    /// The perceptual hash as imagehash's bits, or nil for files that did not decode.
    public var perceptualHash: UInt64? { perceptualHashBits.map { UInt64(bitPattern: $0) } }

    /// `problems` parsed.
    public var problemList: [ImageProblem] {
        problems.split(separator: ",").compactMap { ImageProblem(rawValue: String($0)) }
    }
}

/// A file `fovea check --quarantine` moved out of the dataset.
public struct QuarantinedFile: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "quarantine"

    /// Where it was, relative to the dataset folder.
    public var path: String
    /// Where it is now (absolute).
    public var destination: String
    /// The problems it was moved for, comma-separated codes.
    public var reason: String
    public var sha256: String?
    /// When, ISO 8601.
    public var movedAt: String
}
