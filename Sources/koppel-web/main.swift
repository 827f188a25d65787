import ArgumentParser
import Foundation
import KoppelHTTP
import KoppelStore
import KoppelWeb
import Logging

/// The dashboard's JSON API: nginx forwards `/app/api/` to it and serves www/ itself.
struct KoppelWebCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "koppel-web", abstract: "Serve the dashboard's JSON API (behind nginx).")

    @Option(help: "Address to listen on: a unix socket path, or HOST:PORT.")
    var listen = "/run/koppel-web/web.sock"

    @Option(help: "Mode of the unix socket, octal.")
    var socketMode = "660"

    @Option(help: "Group the unix socket is given to (nginx's, e.g. www-data); koppel's files keep the process's own group.")
    var socketGroup: String?

    @Option(help: "SQLite database file.")
    var database = StoreLocation.defaultDatabasePath

    @Option(help: "Master key file that opens the stored ledger credentials.")
    var masterKey = StoreLocation.defaultMasterKeyPath

    @Option(help: "Reports folder `koppel reconcile` writes to (default: $KOPPEL_REPORTS or /var/lib/koppel/reports).")
    var reports: String?

    @Option(help: "Bookings read from the store per page of a CSV export.")
    var exportPageSize = 500

    @Option(help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    func run() async throws {
        var logger = Logger(label: "koppel-web")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let group = try socketGroup.map(SocketGroup.init(named:))
        var settings = DashboardAPI.Settings()
        settings.reportsDirectory =
            reports ?? ProcessInfo.processInfo.environment["KOPPEL_REPORTS"] ?? settings.reportsDirectory
        guard exportPageSize > 0 else { throw ValidationError("--export-page-size must be at least 1") }
        settings.exportPageSize = exportPageSize
        let api = DashboardAPI(
            database: try KoppelDatabase(path: database), masterKeyPath: masterKey, settings: settings, logger: logger)
        try await DashboardServer(api: api, address: try address(), socketGroup: group).run(logger: logger)
    }

    func address() throws -> DashboardServer.Address {
        if listen.hasPrefix("/") {
            guard let mode = mode_t(socketMode, radix: 8) else { throw ValidationError("--socket-mode must be octal") }
            return .unix(path: listen, mode: mode)
        }
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]) else {
            throw ValidationError("--listen must be an absolute socket path or HOST:PORT")
        }
        return .tcp(host: String(listen[..<colon]), port: port)
    }
}

// Before any file is made: the database and its -wal and -shm are for koppel's user and group.
FileModes.restrictProcess()
// Before any thread: a route that calls the ledger does it over libcurl ("opnieuw verwerken" is
// the booking worker's, queued).
CurlHTTPClient.globalInit()
do {
    let command = try KoppelWebCommand.parse()
    try await command.run()
} catch {
    KoppelWebCommand.exit(withError: error)
}
