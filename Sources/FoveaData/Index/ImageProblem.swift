/// What `fovea check` can find wrong with an image. Errors make the file unusable; warnings are worth a look.
public enum ImageProblem: String, Codable, Sendable, CaseIterable {
    /// A zero-byte file.
    case empty
    /// The file cannot be opened or read (permissions, a dangling link, not a regular file).
    case unreadable
    /// An image extension, but no decoder recognises the data.
    case notAnImage = "not-an-image"
    /// The data ends before the image does.
    case truncated
    /// The format is recognised but the data is damaged.
    case corrupt
    /// Over the size or pixel limits (decompression bombs).
    case tooLarge = "too-large"
    /// A valid image in a layout the decoder cannot turn into pixels.
    case unsupported
    /// The extension says one format, the bytes another.
    case wrongExtension = "wrong-extension"
    /// Byte for byte the same as another file.
    case duplicate
    /// Looks the same as another file (perceptual hashes within the distance).
    case nearDuplicate = "near-duplicate"
    /// The same or nearly the same image under two or more labels.
    case labelConflict = "label-conflict"
    /// The same or nearly the same image in two or more splits.
    case leakage
    /// Smaller than the minimum side.
    case tiny
    /// Gray: stored with one channel, or colour with equal channels everywhere.
    case grayscale
    /// Has an alpha channel, which training flattens onto a background.
    case alpha
    /// Outside any class folder, so it has no label.
    case unlabeled

    /// Whether the file cannot be used at all (it fails to decode).
    public var isError: Bool {
        switch self {
        case .empty, .unreadable, .notAnImage, .truncated, .corrupt, .tooLarge, .unsupported: true
        default: false
        }
    }

    /// A few words for tables.
    public var summary: String {
        switch self {
        case .empty: "empty file"
        case .unreadable: "cannot be read"
        case .notAnImage: "not an image"
        case .truncated: "truncated"
        case .corrupt: "corrupt"
        case .tooLarge: "over the limits"
        case .unsupported: "cannot be decoded"
        case .wrongExtension: "wrong extension"
        case .duplicate: "exact duplicate"
        case .nearDuplicate: "near duplicate"
        case .labelConflict: "same image, other label"
        case .leakage: "same image, other split"
        case .tiny: "tiny"
        case .grayscale: "grayscale"
        case .alpha: "alpha channel"
        case .unlabeled: "no class folder"
        }
    }
}
