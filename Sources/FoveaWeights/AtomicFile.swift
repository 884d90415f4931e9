import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file so that readers see either its old contents or the complete new ones, never a partial file.
enum AtomicFile {
    /// Lets `body` write a temporary file beside `url`, flushes it to disk, then renames it over `url`.
    static func write(to url: URL, _ body: (FileHandle) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw WeightsFailure(reason: .io("cannot create a temporary file in \(directory.path)"))
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try body(handle)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw WeightsFailure(reason: .io("cannot rename the temporary file into place: \(String(cString: strerror(errno)))"))
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// Flushes the directory entry so the rename itself survives a crash; best effort, as not every
    /// file system supports syncing a directory.
    private static func syncDirectory(_ directory: URL) {
        let descriptor = open(directory.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }
}
