import Foundation

/// libFuzzer entry: any bytes as a `.npy` file. The header parser and the reader must return a consistent array or
/// throw NumPyError, never crash.
@_cdecl("LLVMFuzzerTestOneInput") public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let header = try? NumPyHeader.parse(bytes, file: "fuzz") else { return 0 }
    precondition(header.dataOffset <= size)
    guard let array = try? NumPyArray(data: bytes, name: "fuzz") else { return 0 }
    precondition(array.littleEndianBytes.count == array.count * array.dtype.itemSize)
    _ = array.doubleValues()
    _ = array.floatValues()
    _ = try? array.integerValues()
    return 0
}
