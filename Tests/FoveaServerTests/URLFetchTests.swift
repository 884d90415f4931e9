import Foundation
@testable import FoveaServer
import FoveaTraining
import Hummingbird
import HummingbirdTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// JSON `{"url": …}` requests, against an origin server on loopback.
@Suite(.serialized) struct URLFetchTests {
    /// An origin on loopback: the tree's image, and redirects to it, to the metadata address and to a private one.
    func origin() throws -> some ApplicationProtocol {
        let png = try Data(contentsOf: TinyRun.image("light", 5))
        let router = Router()
        router.get("/image.png") { _, _ in
            Response(status: .ok, headers: [.contentType: "image/png"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: png)))
        }
        for (path, target) in [
            ("/to-image", "/image.png"), ("/to-metadata", "http://169.254.169.254/latest/meta-data/"),
            ("/to-private", "http://10.1.2.3/image.png"),
        ] {
            router.get(RouterPath(path)) { _, _ in Response(status: .found, headers: [.location: target]) }
        }
        return Application(router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)))
    }

    func predict(_ url: String, on client: some TestClientProtocol) async throws -> (HTTPResponse.Status, PredictReply) {
        let body = try JSONEncoder().encode(["url": url])
        let response = try await client.execute(
            uri: "/v1/predict?k=2", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
        return (response.status, try response.decoded(PredictReply.self))
    }

    @Test func fetchesThroughTheGuardAndItsRedirects() async throws {
        let expected = try Predictor(run: RunFolder.open(TinyRun.url)).predict(files: [TinyRun.image("light", 5)], k: 2)[0]
        let allowing = try PredictionServer(
            run: TinyRun.url, options: ServerOptions(fetchTimeout: .seconds(1), allowLoopback: true))
        let refusing = try PredictionServer(run: TinyRun.url, options: ServerOptions(fetchTimeout: .seconds(1)))
        try await origin().test(.live) { originClient in
            let base = "http://127.0.0.1:\(try #require(originClient.port))"
            try await allowing.application(host: "127.0.0.1", port: 0).test(.router) { client in
                for path in ["/image.png", "/to-image"] {
                    let (status, reply) = try await predict(base + path, on: client)
                    #expect(status == .ok, "\(path): \(reply)")
                    expectSameLabels(reply.labels, expected.labels)
                }
                // Redirects are checked as the first URL is, even with loopback allowed.
                let (metadata, metadataReply) = try await predict(base + "/to-metadata", on: client)
                #expect(metadata == .badRequest && metadataReply.detail?.contains("169.254.169.254 is cloud metadata") == true)
                let (privateStatus, privateReply) = try await predict(base + "/to-private", on: client)
                #expect(privateStatus == .badRequest && privateReply.detail?.contains("10.1.2.3 is private") == true)
                let (missing, _) = try await predict(base + "/nothing.png", on: client)
                #expect(missing == .badGateway)
                let (scheme, _) = try await predict("file:///etc/passwd", on: client)
                #expect(scheme == .badRequest)
            }
            try await refusing.application(host: "127.0.0.1", port: 0).test(.router) { client in
                // Without the flag, loopback is refused whether given as an address or as a name resolved by DNS.
                for host in ["127.0.0.1", "localhost"] {
                    let url = base.replacingOccurrences(of: "127.0.0.1", with: host) + "/image.png"
                    let (status, reply) = try await predict(url, on: client)
                    #expect(status == .badRequest && reply.detail?.contains("is loopback") == true, "\(host): \(reply)")
                }
            }
        }
    }

    /// A socket that listens and never answers: the kernel completes the connection, nobody reads the request.
    @Test func aURLThatNeverAnswersIs504WithinTheTimeout() async throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(listener >= 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 8) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        try #require(bound)
        let port = UInt16(bigEndian: address.sin_port)
        let server = try PredictionServer(
            run: TinyRun.url, options: ServerOptions(fetchTimeout: .seconds(1), allowLoopback: true))
        try await server.application(host: "127.0.0.1", port: 0).test(.router) { client in
            let started = ContinuousClock.now
            let (status, reply) = try await predict("http://127.0.0.1:\(port)/image.png", on: client)
            #expect(status == .gatewayTimeout, "\(reply)")
            #expect(ContinuousClock.now - started < .seconds(4))
        }
    }

    @Test func addressRanges() {
        let strict = AddressGuard(allowLoopback: false)
        let cases: [([UInt8], String?)] = [
            ([8, 8, 8, 8], nil), ([93, 184, 216, 34], nil), ([127, 0, 0, 1], "loopback"), ([127, 9, 9, 9], "loopback"),
            ([10, 0, 0, 1], "private"), ([172, 16, 0, 1], "private"), ([172, 31, 255, 255], "private"), ([172, 32, 0, 1], nil),
            ([192, 168, 1, 1], "private"), ([169, 254, 169, 254], "cloud metadata"), ([169, 254, 1, 1], "link-local"),
            ([100, 64, 0, 1], "shared (carrier-grade NAT)"), ([0, 0, 0, 0], "unspecified"), ([224, 0, 0, 1], "multicast or reserved"),
            (Array(repeating: 0, count: 15) + [1], "loopback"), (Array(repeating: 0, count: 16), "unspecified"),
            ([0xFE, 0x80] + Array(repeating: 0, count: 13) + [1], "link-local"), ([0xFD] + Array(repeating: 0, count: 15), "private (unique local)"),
            // ::ffff:127.0.0.1 and ::ffff:169.254.169.254 are judged as the IPv4 addresses they map.
            (Array(repeating: 0, count: 10) + [0xFF, 0xFF, 127, 0, 0, 1], "loopback"),
            (Array(repeating: 0, count: 10) + [0xFF, 0xFF, 169, 254, 169, 254], "cloud metadata"),
            ([0x26, 0x06, 0x28, 0x00] + Array(repeating: 0, count: 11) + [1], nil),
        ]
        for (address, reason) in cases {
            #expect(strict.refusal(of: address) == reason, "\(AddressGuard.format(address))")
        }
        #expect(AddressGuard(allowLoopback: true).refusal(of: [127, 0, 0, 1]) == nil)
    }
}
