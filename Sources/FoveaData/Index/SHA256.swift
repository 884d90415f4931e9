import CFoveaCrypto
import Foundation

/// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto: Debian's libssl-dev, already on every machine that builds
/// Fovea, hashes with the CPU's SHA extensions at memory speed and adds nothing to the build, where a pure-Swift
/// digest runs at a tenth of that and swift-crypto would compile a copy of BoringSSL on every clean build.
public struct SHA256: ~Copyable {
    private let context: OpaquePointer

    /// A digest with nothing hashed yet.
    /// - Throws: `DatasetError` if libcrypto cannot set one up (out of memory).
    public init() throws {
        guard let context = EVP_MD_CTX_new() else { throw DatasetError.mismatch("libcrypto: cannot allocate a digest") }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw DatasetError.mismatch("libcrypto: cannot start a SHA-256 digest")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds `bytes` to what is hashed.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        guard EVP_DigestUpdate(context, bytes.baseAddress, bytes.count) == 1 else {
            throw DatasetError.mismatch("libcrypto: SHA-256 update failed")
        }
    }

    /// The digest of everything added, as 64 lowercase hexadecimal digits.
    public consuming func finalize() throws -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
            throw DatasetError.mismatch("libcrypto: SHA-256 finalization failed")
        }
        return hexadecimal(digest.prefix(32))
    }

    /// The digest of `bytes`, as 64 lowercase hexadecimal digits.
    public static func hexDigest(of bytes: some ContiguousBytes) throws -> String {
        var digest = try SHA256()
        try bytes.withUnsafeBytes { try digest.update($0) }
        return try digest.finalize()
    }
}

/// Bytes as lowercase hexadecimal, two digits each.
func hexadecimal(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}
