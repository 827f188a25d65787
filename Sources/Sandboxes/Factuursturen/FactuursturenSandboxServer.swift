import Foundation
import Hummingbird
import Logging
import NIOCore
import SandboxSupport

/// The Factuursturen sandbox as a running HTTP server.
public struct FactuursturenSandboxServer: Sendable {
    public let configuration: FactuursturenSandboxConfiguration

    public init(configuration: FactuursturenSandboxConfiguration) {
        self.configuration = configuration
    }

    /// Serves until the task is cancelled, or until SIGTERM/SIGINT when `handlingSignals` is true.
    /// `onListening` gets the bound port once the socket listens (useful with port 0).
    public func run(
        handlingSignals: Bool, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let sandbox = FactuursturenSandbox(configuration: configuration)
        let application = Application(
            responder: FactuursturenResponder(sandbox: sandbox),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "koppel-sandbox-factuursturen"),
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
