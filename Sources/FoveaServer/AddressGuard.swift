import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Refuses URL fetches to addresses inside the server's own network: loopback, private, shared (CGNAT),
/// link-local (with the cloud metadata address 169.254.169.254), unspecified, multicast and reserved ranges, for
/// IPv4 and IPv6 (IPv4-mapped addresses are judged as IPv4). Names are resolved first and every address checked.
struct AddressGuard: Sendable {
    /// Lets loopback addresses through, for tests against a local server.
    var allowLoopback: Bool

    /// Why `address` (4 or 16 bytes) is refused, or nil when it may be fetched.
    func refusal(of address: [UInt8]) -> String? {
        if address.count == 16 {
            let mapped = address.prefix(10).allSatisfy { $0 == 0 } && address[10] == 0xFF && address[11] == 0xFF
            if mapped { return refusal(of: Array(address.suffix(4))) }
            if address.prefix(15).allSatisfy({ $0 == 0 }) {
                return address[15] == 1 ? (allowLoopback ? nil : "loopback") : "unspecified"
            }
            if address[0] & 0xFE == 0xFC { return "private (unique local)" }
            if address[0] == 0xFE && address[1] & 0xC0 == 0x80 { return "link-local" }
            if address[0] == 0xFF { return "multicast" }
            return nil
        }
        guard address.count == 4 else { return "not an IP address" }
        let (a, b) = (address[0], address[1])
        switch true {
        case a == 127: return allowLoopback ? nil : "loopback"
        case a == 10, a == 172 && (16...31).contains(b), a == 192 && b == 168: return "private"
        case a == 169 && b == 254: return address == [169, 254, 169, 254] ? "cloud metadata" : "link-local"
        case a == 100 && (64...127).contains(b): return "shared (carrier-grade NAT)"
        case a == 0: return "unspecified"
        case a >= 224: return "multicast or reserved"
        default: return nil
        }
    }

    /// Resolves `host` and checks every address it has.
    /// - Throws: `APIError` 400 naming the host and the refused address, or 502 when the name does not resolve.
    func check(host: String) async throws {
        let addresses = try await Self.resolve(host)
        for address in addresses {
            if let reason = refusal(of: address) {
                throw APIError.badRequest("the URL's host \(host) is refused: \(Self.format(address)) is \(reason)")
            }
        }
    }

    /// The addresses of `host` (an IP literal resolves to itself), from getaddrinfo on a thread of its own.
    static func resolve(_ host: String) async throws -> [[UInt8]] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var list: UnsafeMutablePointer<addrinfo>?
                let status = getaddrinfo(name, nil, &hints, &list)
                guard status == 0, let list else {
                    continuation.resume(
                        throwing: APIError(
                            .badGateway, "url unreachable",
                            detail: "cannot resolve \(host): \(String(cString: gai_strerror(status)))"))
                    return
                }
                defer { freeaddrinfo(list) }
                var addresses: [[UInt8]] = []
                for entry in sequence(first: list, next: { $0.pointee.ai_next }) {
                    guard let socketAddress = entry.pointee.ai_addr else { continue }
                    switch Int32(socketAddress.pointee.sa_family) {
                    case AF_INET:
                        let ipv4 = UnsafeRawPointer(socketAddress).load(as: sockaddr_in.self)
                        addresses.append(withUnsafeBytes(of: ipv4.sin_addr) { Array($0) })
                    case AF_INET6:
                        let ipv6 = UnsafeRawPointer(socketAddress).load(as: sockaddr_in6.self)
                        addresses.append(withUnsafeBytes(of: ipv6.sin6_addr) { Array($0) })
                    default:
                        continue
                    }
                }
                continuation.resume(returning: addresses)
            }
        }
    }

    static func format(_ address: [UInt8]) -> String {
        address.count == 4
            ? address.map(String.init).joined(separator: ".")
            : stride(from: 0, to: address.count, by: 2).map { String(Int(address[$0]) << 8 | Int(address[$0 + 1]), radix: 16) }
                .joined(separator: ":")
    }
}
