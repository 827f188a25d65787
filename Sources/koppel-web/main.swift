import ArgumentParser
import Foundation
import KoppelAdmin
import KoppelHTTP
import KoppelStore
import KoppelWeb
import Ledger
import Logging
import LedgerProviders
import KoppelCore

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

    @Option(help: "Where the owners open the dashboard, e.g. https://koppel.example.nl: the base of password reset links and of the ledgers' redirect URI (PUBLIC-URL/app/api/oauth/callback).")
    var publicURL: String?

    @Option(help: "Moneybird's address.")
    var moneybirdURL = "https://moneybird.com"

    @Option(help: "koppel's Moneybird OAuth client id (default: $KOPPEL_MONEYBIRD_CLIENT_ID).")
    var moneybirdClientID: String?

    @Option(help: "File holding the client secret (default: $KOPPEL_MONEYBIRD_CLIENT_SECRET_FILE).")
    var moneybirdClientSecretFile: String?

    @Option(help: "Minox's address.")
    var minoxURL = "https://app.minox.nl"

    @Option(help: "koppel's Minox OAuth client id (default: $KOPPEL_MINOX_CLIENT_ID).")
    var minoxClientID: String?

    @Option(help: "File holding the client secret (default: $KOPPEL_MINOX_CLIENT_SECRET_FILE).")
    var minoxClientSecretFile: String?

    @Option(help: "Factuursturen's address (default: https://www.factuursturen.nl); owners connect it with a user name and an API key.")
    var factuursturenURL: String?

    @Option(help: "Asperion's address (default: the provider's); owners connect it with an administration number and a license code.")
    var asperionURL: String?

    @Option(help: "Version of the Algemene Voorwaarden (www/voorwaarden.html) the owners accept; a new one asks them again.")
    var termsVersion = DashboardAPI.TermsVersions.defaultVersion

    @Option(help: "Version of the AVG texts (www/avg.html: privacy statement and verwerkersovereenkomst) the owners accept.")
    var privacyVersion = DashboardAPI.TermsVersions.defaultVersion

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
        settings.publicURL = try publicURL.map(Self.checkedPublicURL)
        for (kind, url, id, secretFile) in [
            (LedgerKind.moneybird, moneybirdURL, moneybirdClientID, moneybirdClientSecretFile),
            (LedgerKind.minox, minoxURL, minoxClientID, minoxClientSecretFile),
        ] {
            settings.ledgers[kind] = try Self.application(kind, baseURL: url, clientID: id, secretFile: secretFile)
        }
        if let factuursturenURL { settings.tokenLedgerURLs[.factuursturen] = factuursturenURL }
        if let asperionURL { settings.tokenLedgerURLs[.asperion] = asperionURL }
        settings.terms = DashboardAPI.TermsVersions(voorwaarden: termsVersion, avg: privacyVersion)
        let api = DashboardAPI(
            database: try KoppelDatabase(path: database), masterKeyPath: masterKey, settings: settings, logger: logger)
        try await DashboardServer(api: api, address: try address(), socketGroup: group).run(logger: logger)
    }

    /// An absolute http(s) URL without a path's trailing slash.
    static func checkedPublicURL(_ text: String) throws -> String {
        let url = text.hasSuffix("/") ? String(text.dropLast()) : text
        guard let parts = URLComponents(string: url), ["https", "http"].contains(parts.scheme ?? ""), parts.host != nil,
            parts.query == nil, parts.fragment == nil
        else { throw ValidationError("--public-url must look like https://koppel.example.nl") }
        return url
    }

    /// koppel's application at a ledger from the options, else from koppel's environment
    /// (`LedgerClientEnvironment`: `KOPPEL_<LEDGER>_CLIENT_ID`, `…_CLIENT_SECRET_FILE`); nil without one.
    static func application(_ kind: LedgerKind, baseURL: String, clientID: String?, secretFile: String?) throws
        -> DashboardAPI.LedgerConnectSettings?
    {
        let option = kind.rawValue
        if let clientID, let secretFile {
            let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return .init(baseURL: baseURL, clientID: clientID, clientSecret: secret)
        }
        guard clientID == nil, secretFile == nil else {
            throw ValidationError("--\(option)-client-id and --\(option)-client-secret-file go together")
        }
        guard let client = try LedgerClientEnvironment.client(for: kind) else { return nil }
        return .init(baseURL: baseURL, clientID: client.id, clientSecret: client.secret)
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
