import Foundation
import Hummingbird
import Logging

/// What `fovea serve` and `fovea clean` share: an application on `host:port` over a router, and the files of the
/// module's bundle served as responses.
enum ServerApplication {
    /// An application listening on `host:port` (0: any free port); `onRunning` gets the bound port.
    static func make(
        router: Router<BasicRequestContext>, host: String, port: Int, logger: Logger?,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "fovea"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// The bundled resource `name.ext` as a response of type `contentType`.
    static func resource(_ name: String, _ ext: String, contentType: String) throws -> Response {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext) else {
            throw ServerError("the server's resource \(name).\(ext) is missing from its bundle")
        }
        return Response(
            status: .ok, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try Data(contentsOf: url))))
    }
}
