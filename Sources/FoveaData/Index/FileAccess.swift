#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat` says of a file that tells whether it changed.
struct FileStatus: Equatable {
    var bytes: Int64
    /// Nanoseconds since 1970.
    var modified: Int64
    var isRegularFile: Bool
    var isFolder: Bool

    /// The status of `path`, following links; nil when it cannot be had (a dangling link, no permission).
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        bytes = Int64(status.st_size)
        #if canImport(Darwin)
            modified = Int64(status.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(status.st_mtimespec.tv_nsec)
        #else
            modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        #endif
        isRegularFile = (status.st_mode & S_IFMT) == S_IFREG
        isFolder = (status.st_mode & S_IFMT) == S_IFDIR
    }
}

/// Why a file could not be read: the system's words for `errno`.
struct FileReadError: Error {
    let reason: String

    static func current() -> FileReadError { FileReadError(reason: String(cString: strerror(errno))) }
}

/// Reads files whole or in part with POSIX calls, so a failure carries the system's reason.
enum FileAccess {
    /// Up to `limit` bytes from the start of the file (all of it when `limit` is nil).
    static func bytes(path: String, limit: Int? = nil) throws(FileReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .current() }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while limit.map({ bytes.count < $0 }) ?? true {
            let wanted = min(chunk.count, (limit ?? Int.max) - bytes.count)
            let received = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if received < 0 {
                if errno == EINTR { continue }
                throw .current()
            }
            if received == 0 { break }
            bytes += chunk.prefix(received)
        }
        return bytes
    }

    /// SHA-256 of a file read in chunks, for files too large to hold.
    static func sha256(path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw FileReadError.current() }
        defer { close(descriptor) }
        var digest = try SHA256()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let received = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if received < 0 {
                if errno == EINTR { continue }
                throw FileReadError.current()
            }
            if received == 0 { break }
            try chunk.withUnsafeBytes { try digest.update(UnsafeRawBufferPointer(rebasing: $0.prefix(received))) }
        }
        return try digest.finalize()
    }
}
