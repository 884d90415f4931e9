#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks that `path` is a readable, non-empty regular file and returns its
/// size, so that unreadable and empty files get precise errors before libvips
/// sees them.
func checkedFileSize(path: String) throws -> Int {
    var status = stat()
    guard stat(path, &status) == 0 else {
        throw ImageError(source: path, problem: .unreadable(String(cString: strerror(errno))))
    }
    // Checked before opening: opening a FIFO would block.
    guard (status.st_mode & S_IFMT) == S_IFREG else {
        throw ImageError(source: path, problem: .unreadable("not a regular file"))
    }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
        throw ImageError(source: path, problem: .unreadable(String(cString: strerror(errno))))
    }
    close(descriptor)
    guard status.st_size > 0 else {
        throw ImageError(source: path, problem: .notAnImage("the file is empty"))
    }
    return Int(status.st_size)
}

/// The last `count` bytes of the file at `path` (fewer for a short file, none
/// if it cannot be read).
func fileTail(path: String, count: Int) -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return [] }
    defer { close(descriptor) }
    let end = lseek(descriptor, 0, SEEK_END)
    guard end >= 0, lseek(descriptor, max(0, end - off_t(count)), SEEK_SET) >= 0 else { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    let received = bytes.withUnsafeMutableBytes { buffer in read(descriptor, buffer.baseAddress, count) }
    return received > 0 ? Array(bytes.prefix(received)) : []
}
