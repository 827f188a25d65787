import Foundation
import Hummingbird
import Logging
import NIOCore

/// The Mijnwebwinkel sandbox as a running HTTP server.
public struct MijnwebwinkelSandboxServer: Sendable {
    public let configuration: MijnwebwinkelSandboxConfiguration

    public init(configuration: MijnwebwinkelSandboxConfiguration) {
        self.configuration = configuration
    }

    /// Serves until the task is cancelled, or until SIGTERM/SIGINT when `handlingSignals` is true.
    /// `onListening` gets the bound port once the socket listens (useful with port 0).
    public func run(
        handlingSignals: Bool, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let sandbox = MijnwebwinkelSandbox(configuration: configuration)
        let application = Application(
            responder: MijnwebwinkelResponder(sandbox: sandbox),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "koppel-sandbox-mijnwebwinkel"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        if handlingSignals {
            try await application.runService()
        } else {
            try await application.run()
        }
    }
}
