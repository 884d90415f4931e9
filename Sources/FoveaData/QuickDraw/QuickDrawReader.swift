import Foundation

/// Reads a Quick Draw `.ndjson` file (the "simplified" format) one drawing at a time.
///
/// The file is read in chunks, so a class file of hundreds of thousands of drawings is never held whole; a line is
/// bounded by `Options.maximumLineBytes`, so a file with no newlines fails early. Blank lines are passed over.
/// After a thrown error the reader is finished: `next()` returns nil.
public final class QuickDrawReader {
    /// What to read and what to do with broken lines.
    public struct Options: Sendable {
        /// Only drawings the game recognized (`"recognized": true`).
        public var recognizedOnly: Bool
        /// At most this many drawings (counting only those returned); nil for all.
        public var limit: Int?
        /// Skip malformed lines and count them in `skipped`, instead of throwing.
        public var skipMalformed: Bool
        /// The longest line accepted; drawings are a few KB, the bound keeps a file without newlines in check.
        public var maximumLineBytes: Int

        public init(recognizedOnly: Bool = false, limit: Int? = nil, skipMalformed: Bool = false, maximumLineBytes: Int = 4 << 20) {
            self.recognizedOnly = recognizedOnly
            self.limit = limit
            self.skipMalformed = skipMalformed
            self.maximumLineBytes = maximumLineBytes
        }
    }

    /// The file's path (or the name given to in-memory data), for messages.
    public let name: String
    public let options: Options
    /// Malformed lines passed over so far (with `skipMalformed`).
    public private(set) var skipped = 0
    /// Lines read so far, blank and skipped ones included.
    public private(set) var linesRead = 0

    private static let chunkSize = 1 << 20
    private let handle: FileHandle?
    private var buffer: [UInt8]
    /// Where the unread part of `buffer` starts.
    private var start = 0
    /// How far from `start` the buffer is known to hold no newline.
    private var scanned = 0
    private var atEnd: Bool
    private var returned = 0
    private var finished = false

    /// Opens `url` for reading.
    public init(contentsOf url: URL, options: Options = Options()) throws(QuickDrawError) {
        name = url.path
        self.options = options
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .unreadable(file: url.path, reason: error.localizedDescription)
        }
        buffer = []
        atEnd = false
    }

    /// Reads drawings from `data` (a whole file in memory); `name` stands for the file in messages.
    public init(data: Data, name: String = "<memory>", options: Options = Options()) {
        self.name = name
        self.options = options
        handle = nil
        buffer = [UInt8](data)
        atEnd = true
    }

    /// The next drawing that passes the options, or nil at the end of the file (or once `limit` are read).
    public func next() throws(QuickDrawError) -> QuickDrawDrawing? {
        guard !finished else { return nil }
        do {
            while returned < max(options.limit ?? Int.max, 0) {
                guard let range = try nextLine() else { break }
                linesRead += 1
                guard let drawing = try drawing(in: range) else { continue }
                returned += 1
                return drawing
            }
        } catch {
            finished = true
            throw error
        }
        finished = true
        return nil
    }

    /// All remaining drawings that pass the options.
    public func readAll() throws(QuickDrawError) -> [QuickDrawDrawing] {
        var drawings: [QuickDrawDrawing] = []
        while let drawing = try next() { drawings.append(drawing) }
        return drawings
    }

    /// The drawing on the line at `range` of the buffer; nil for a blank, filtered out or skipped line.
    private func drawing(in range: Range<Int>) throws(QuickDrawError) -> QuickDrawDrawing? {
        let parsed: Result<QuickDrawDrawing, QuickDrawLineProblem>? = buffer.withUnsafeBufferPointer { all in
            var line = UnsafeBufferPointer(rebasing: all[range])
            // A byte-order mark may open the file, and Windows line ends leave a carriage return.
            if linesRead == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = UnsafeBufferPointer(rebasing: line.dropFirst(3)) }
            if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return nil }
            return Result { () throws(QuickDrawLineProblem) in try QuickDrawDrawing(line: line) }
        }
        switch parsed {
        case nil:
            return nil
        case .success(let drawing):
            return options.recognizedOnly && !drawing.recognized ? nil : drawing
        case .failure(let problem):
            try malformed(problem.message)
            return nil
        }
    }

    /// Throws for a malformed line at `linesRead`, or counts it when skipping.
    private func malformed(_ problem: String) throws(QuickDrawError) {
        guard options.skipMalformed else { throw .malformed(file: name, line: linesRead, problem: problem) }
        skipped += 1
    }

    /// The range in `buffer` of the next line (without its newline), reading more of the file as needed.
    private func nextLine() throws(QuickDrawError) -> Range<Int>? {
        while true {
            var line: Range<Int>?
            if let newline = buffer[(start + scanned)...].firstIndex(of: 0x0A) {
                line = start..<newline
                start = newline + 1
            } else if buffer.count - start > options.maximumLineBytes {
                // No need to wait for the end of a line already too long: report it, then read past it.
                try tooLong()
                try discardRestOfLine()
                continue
            } else if atEnd {
                guard start < buffer.count else { return nil }
                line = start..<buffer.count
                start = buffer.count
            }
            guard let line else {
                scanned = buffer.count - start
                try readChunk()
                continue
            }
            scanned = 0
            guard line.count <= options.maximumLineBytes else {
                try tooLong()
                continue
            }
            return line
        }
    }

    /// A line longer than the limit: an error, or (when skipping) one more line read and skipped.
    private func tooLong() throws(QuickDrawError) {
        linesRead += 1
        try malformed("the line is longer than \(options.maximumLineBytes) bytes")
    }

    /// Reads past the rest of the current line, keeping no more than a chunk in memory.
    private func discardRestOfLine() throws(QuickDrawError) {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                start = newline + 1
                scanned = 0
                return
            }
            buffer.removeAll(keepingCapacity: true)
            start = 0
            scanned = 0
            guard !atEnd else { return }
            try readChunk()
        }
    }

    /// Appends the next chunk of the file to the buffer, first dropping what has been read.
    private func readChunk() throws(QuickDrawError) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        guard let handle else {
            atEnd = true
            return
        }
        do {
            if let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty {
                buffer.append(contentsOf: chunk)
            } else {
                atEnd = true
            }
        } catch {
            throw .unreadable(file: name, reason: error.localizedDescription)
        }
    }
}
