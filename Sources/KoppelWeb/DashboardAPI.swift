import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Logging

/// The dashboard's JSON API (docs/dashboard.md) without the HTTP server around it: a request in,
/// an answer out. Every route but login needs a live session; every change needs its CSRF token;
/// a connection not attached to the session's user is 404, the same as one that does not exist.
public struct DashboardAPI: Sendable {
    public struct Settings: Sendable {
        public var idleExpiry: Int64 = 2 * 3600
        public var absoluteExpiry: Int64 = 12 * 3600
        public var limits = LoginLimits()
        public var pageSize = 50
        /// Bookings read per page of a CSV export.
        public var exportPageSize = 500
        /// Where `koppel reconcile` writes its reports (its `--reports`).
        public var reportsDirectory = "/var/lib/koppel/reports"
        /// Where the owners open the dashboard, e.g. `https://koppel.example.nl`: the base of reset
        /// links and of the OAuth redirect URI; never taken from a request's Host.
        public var publicURL: String?
        public var passwordReset = PasswordResetLimits()
        /// koppel's OAuth application per ledger; a ledger without one gets no "Koppel met …".
        public var ledgers: [LedgerKind: LedgerConnectSettings] = [:]
        /// Where a ledger connected with an API key or a license code is reached (Factuursturen,
        /// Asperion); else its provider's address.
        public var tokenLedgerURLs: [LedgerKind: String] = [:]
        /// The versions of the Algemene Voorwaarden and the AVG an owner accepts before configuring.
        public var terms = TermsVersions()

        public init() {}
    }

    let database: KoppelDatabase
    let masterKeyPath: String
    let settings: Settings
    let logger: Logger
    let clock: @Sendable () -> Int64
    let pendingChoices = PendingLedgerChoices()

    public init(
        database: KoppelDatabase, masterKeyPath: String, settings: Settings = Settings(), logger: Logger,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.database = database
        self.masterKeyPath = masterKeyPath
        self.settings = settings
        self.logger = logger
        self.clock = clock
    }

    public func handle(_ request: WebRequest) async -> WebAnswer {
        do {
            return try await route(request)
        } catch let error as WebError {
            return WebAnswer(error)
        } catch {
            logger.error(
                "dashboard request failed",
                metadata: ["path": "\(request.path.joined(separator: "/"))", "error": "\(error)"])
            return WebAnswer(WebError.internalError)
        }
    }

    private func route(_ request: WebRequest) async throws -> WebAnswer {
        let path = request.path
        if path == ["login"] {
            guard request.method == "POST" else { throw WebError.methodNotAllowed }
            return try await login(request)
        }
        if let answer = try await publicRoute(request) { return answer }
        let session = try signedIn(request)
        if request.isChange {
            // Compared in constant time: the token is a secret of the page the session belongs to.
            guard let sent = request.headers["x-csrf-token"],
                constantTimeEqual(Array(sent.utf8), Array(session.csrfToken.utf8))
            else { throw WebError.csrfRefused }
        }
        switch (request.method, path) {
        case ("POST", ["logout"]):
            return try logout(request)
        case ("GET", ["session"]):
            return try sessionAnswer(session)
        case (_, ["terms"]):
            return try termsRoute(request, session: session)
        case (_, let parts) where parts.first == "profile":
            return try await profileRoute(request, session: session, rest: Array(parts.dropFirst()))
        case (_, let parts) where parts.count >= 3 && parts[0] == "connections":
            guard let connection = try database.attachedConnection(userID: session.userID, license: parts[1]) else {
                throw WebError.notFound
            }
            return try await connectionRoute(
                request, connection: connection, session: session, rest: Array(parts.dropFirst(2)))
        default:
            throw WebError.notFound
        }
    }

    private func connectionRoute(
        _ request: WebRequest, connection: ConnectionListing, session: WebSession, rest: [String]
    ) async throws -> WebAnswer {
        if let answer = try errorsRoute(request, connection: connection, session: session, rest: rest) { return answer }
        if Self.changesConfiguration(request, rest: rest) { try requireTermsAccepted(session) }
        switch (request.method, rest) {
        case ("GET", ["booked.csv"]): return try bookedCSV(request, connection: connection)
        case ("GET", ["booked"]): return try booked(request, connection: connection)
        case ("GET", ["errors"]): return try errors(connection: connection)
        case ("GET", ["open"]): return try openOrders(connection: connection)
        case ("GET", ["backlog"]): return try backlog(connection: connection)
        case ("GET", ["ledger"]), ("GET", ["ledger", "authorize"]), ("POST", ["ledger", "administration"]):
            return try await ledgerConnectRoute(request, connection: connection, rest: rest)
        case ("PUT", ["ledger", "token"]): return try await ledgerTokenRoute(request, connection: connection, session: session)
        case ("PUT", ["ledger", "license-code"]):
            return try await ledgerLicenseCodeRoute(request, connection: connection, session: session)
        case (_, let parts) where parts.first == "shop" && connection.shop == "mijnwebwinkel":
            return try await mijnwebwinkelShopRoute(request, license: connection.license, session: session)
        case ("GET", ["shop"]), ("PUT", ["shop", "api-key"]):
            return try await shopConnectionRoute(request, connection: connection, session: session)
        case ("GET", ["reports"]): return try reports(request, connection: connection)
        case ("GET", let parts) where parts.count == 2 && parts[0] == "reports":
            return try reportFile(named: parts[1], connection: connection)
        case (_, let parts) where parts.first == "configuration" || parts == ["ledger", "refresh"]:
            return try await configurationRoute(request, connection: connection, rest: parts)
        default:
            throw WebError.notFound
        }
    }

    /// A change to how the connection works (its configuration, its ledger, its shop's key); these
    /// wait for the owner's acceptance of the terms. Starting "Koppel met <ledger>" is a GET.
    static func changesConfiguration(_ request: WebRequest, rest: [String]) -> Bool {
        let part = rest.first ?? ""
        if rest == ["ledger", "authorize"] { return true }
        return request.isChange && ["configuration", "ledger", "shop"].contains(part)
    }

    /// The session of the request's cookie, when it is live.
    private func signedIn(_ request: WebRequest) throws -> WebSession {
        guard let cookie = request.cookie(SessionTokens.cookieName), !cookie.isEmpty,
            let session = try database.useSession(
                tokenHash: SessionTokens.storedHash(of: cookie), now: clock(), idleLimit: settings.idleExpiry,
                absoluteLimit: settings.absoluteExpiry)
        else { throw WebError.notSignedIn }
        return session
    }
}
