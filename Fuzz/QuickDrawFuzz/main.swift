import Foundation

/// libFuzzer entry: any bytes as an `.ndjson` file, read both strictly and skipping malformed lines.
/// The reader must return drawings or throw QuickDrawError, never crash, and keep its invariants.
@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    // A small line bound so the too-long path is reached by small inputs too.
    for skip in [false, true] {
        let reader = QuickDrawReader(data: bytes, name: "fuzz", options: .init(skipMalformed: skip, maximumLineBytes: 512))
        while let drawing = try? reader.next() {
            precondition(!drawing.strokes.isEmpty && drawing.strokes.allSatisfy { !$0.points.isEmpty })
        }
    }
    return 0
}
