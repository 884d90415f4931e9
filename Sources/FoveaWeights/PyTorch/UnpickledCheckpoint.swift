/// A checkpoint's main pickle, unpickled, with access to the storages it refers to.
struct UnpickledCheckpoint {
    let root: PickleValue
    let arena: PickleArena
    let storages: any StorageSource
}

/// Where a checkpoint keeps its storages' bytes.
protocol StorageSource {
    /// The bytes of `storage`, exactly `storage.byteCount()` of them.
    func bytes(of storage: StorageReference) throws -> [UInt8]
}
