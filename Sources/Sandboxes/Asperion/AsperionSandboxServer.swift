import Foundation
import Hummingbird
import Logging
import NIOCore
import SandboxSupport

/// The Asperion sandbox as a running HTTP server.
public struct AsperionSandboxServer: Sendable {
    public let configuration: AsperionSandboxConfiguration

    public init(configuration: AsperionSandboxConfiguration) {
        self.configuration = configuration
    }

    /// Serves until the task is cancelled, or until SIGTERM/SIGINT when `handlingSignals` is true.
    /// `onListening` gets the bound port once the socket listens (useful with port 0).
    public func run(
        handlingSignals: Bool, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let sandbox = AsperionSandbox(configuration: configuration)
        let application = Application(
            responder: AsperionResponder(sandbox: sandbox),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "koppel-sandbox-asperion"),
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
