import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders
import Logging

/// "Koppel met <ledger>" in Configuratie: the OAuth authorization-code flow of the connection's
/// ledger through its provider (Moneybird: https://developer.moneybird.com/authentication/; Minox:
/// docs/minox.md), its `state` bound to the session and the connection, used once; the credentials
/// stored sealed as `koppel ledger exchange` stores them. When the login reaches several
/// administrations (Minox: of several tenants) the owner chooses one.
extension DashboardAPI {
    /// koppel's OAuth application at one ledger and where that ledger is.
    public struct LedgerConnectSettings: Sendable {
        public var baseURL: String
        public var clientID: String
        public var clientSecret: String

        public init(baseURL: String, clientID: String, clientSecret: String) {
            self.baseURL = baseURL
            self.clientID = clientID
            self.clientSecret = clientSecret
        }
    }

    struct LedgerStateJSON: Encodable {
        /// The connection's ledger: its code and its name ("minox", "Minox").
        var ledger: String
        var ledgerName: String
        /// How the owner connects it: `oauth` (a redirect to the ledger), `token` (a form: user
        /// name and API key, `PUT ledger/token`) or `license_code` (a form: administration number
        /// and license code, `PUT ledger/license-code`).
        var method: String
        var connected: LedgerConnectionJSON?
        /// koppel-web knows its OAuth application at this ledger and its public URL; a ledger
        /// connected through a form can always be connected.
        var canConnect: Bool
        /// Administrations to choose from after an authorization, or null.
        var choices: [PendingLedgerChoices.Administration]?
    }

    struct AdministrationForm: Decodable {
        var administrationId: String

        enum CodingKeys: String, CodingKey { case administrationId = "administration_id" }
    }

    static let stateLifetime: Int64 = 10 * 60

    func ledgerConnectRoute(_ request: WebRequest, connection: ConnectionListing, rest: [String]) async throws
        -> WebAnswer
    {
        let key = PendingLedgerChoices.Key(sessionHash: try sessionHash(request), connectionID: connection.id)
        let kind = try Self.ledgerKind(connection)
        switch (request.method, rest) {
        case ("GET", ["ledger"]):
            let method = (try? LedgerProviders.provider(for: kind))?.connectionMethod
            let byForm = method == .token || method == .licenseCode
            return try WebAnswer.json(
                LedgerStateJSON(
                    ledger: kind.rawValue, ledgerName: kind.displayName,
                    method: method == .token ? "token" : method == .licenseCode ? "license_code" : "oauth",
                    connected: try database.ledgerConnectionState(connectionID: connection.id).map {
                        LedgerConnectionJSON(administrationId: $0.administrationID, since: $0.since)
                    },
                    canConnect: byForm || oauth(for: kind) != nil, choices: pendingChoices.peek(key, now: clock())?.administrations))
        case ("GET", ["ledger", "authorize"]):
            guard let oauth = oauth(for: kind) else { return Self.backToApp("niet-ingesteld", license: connection.license) }
            let state = SessionTokens.random()
            let now = clock()
            try database.createLedgerAuthorization(
                stateHash: SessionTokens.storedHash(of: state), sessionHash: key.sessionHash,
                connectionID: connection.id, expiresAt: now + Self.stateLifetime, now: now)
            let address = oauth.provider.authorizationURL(baseURL: oauth.baseURL, client: oauth.client, state: state)
            return WebAnswer(status: 302, body: Data(), headers: [("Location", address)])
        case ("POST", ["ledger", "administration"]):
            let form = try request.decode(AdministrationForm.self)
            guard let choice = pendingChoices.peek(key, now: clock()),
                choice.administrations.contains(where: { $0.id == form.administrationId })
            else { throw WebError.noLedgerChoice }
            try store(
                choice.credentialsJSON, baseURL: choice.baseURL, administration: form.administrationId,
                connectionID: connection.id)
            _ = pendingChoices.take(key, now: clock())
            return try WebAnswer.json(["administration_id": form.administrationId])
        default:
            throw WebError.notFound
        }
    }

    /// Where the ledger sends the browser back. The redirect comes from another site, so the
    /// SameSite=Strict cookie is not sent: the state alone names the session and the connection.
    /// Every outcome goes back to the page, which says it in Dutch.
    func ledgerCallback(_ request: WebRequest) async throws -> WebAnswer {
        guard let state = request.query["state"], !state.isEmpty,
            let authorization = try database.takeLedgerAuthorization(
                stateHash: SessionTokens.storedHash(of: state), now: clock())
        else { return Self.backToApp("geweigerd", license: nil) }
        // A session cookie that came along must be the one that asked.
        if let cookie = request.cookie(SessionTokens.cookieName),
            SessionTokens.storedHash(of: cookie) != authorization.sessionHash
        {
            return Self.backToApp("geweigerd", license: nil)
        }
        guard
            let connection = try database.connections(userID: authorization.userID)
                .first(where: { $0.id == authorization.connectionID })
        else { return Self.backToApp("geweigerd", license: nil) }
        // The owner said no at the ledger (RFC 6749 §4.1.2.1: `error=access_denied`).
        guard request.query["error"] == nil, let code = request.query["code"], !code.isEmpty,
            let oauth = oauth(for: try Self.ledgerKind(connection))
        else {
            return Self.backToApp("afgewezen", license: connection.license)
        }
        let now = clock()
        let granted: (Data, [PendingLedgerChoices.Administration])
        do {
            granted = try await Task.detached {
                let credentials = try oauth.provider.exchangeJSON(
                    code: code, baseURL: oauth.baseURL, client: oauth.client, now: now)
                let reachable = try oauth.provider.administrations(
                    baseURL: oauth.baseURL, client: oauth.client, credentialsJSON: credentials)
                return (credentials, reachable.map { PendingLedgerChoices.Administration(id: $0.id, name: $0.name) })
            }.value
        } catch {
            logger.error(
                "ledger authorization failed",
                metadata: ["connection": "\(connection.id)", "ledger": "\(connection.ledger)", "error": "\(error)"])
            return Self.backToApp("mislukt", license: connection.license)
        }
        let (credentials, administrations) = granted
        switch administrations.count {
        case 0:
            logger.error("ledger login has no administration", metadata: ["connection": "\(connection.id)"])
            return Self.backToApp("mislukt", license: connection.license)
        case 1:
            do {
                try store(credentials, baseURL: oauth.baseURL, administration: administrations[0].id, connectionID: connection.id)
            } catch let error as WebError {
                logger.error("ledger not stored", metadata: ["connection": "\(connection.id)", "error": "\(error.code)"])
                return Self.backToApp("gedeeld", license: connection.license)
            }
            return Self.backToApp("verbonden", license: connection.license)
        default:
            pendingChoices.put(
                .init(
                    baseURL: oauth.baseURL, credentialsJSON: credentials, administrations: administrations,
                    expiresAt: now + PendingLedgerChoices.lifetime),
                for: .init(sessionHash: authorization.sessionHash, connectionID: connection.id), now: now)
            return Self.backToApp("kiezen", license: connection.license)
        }
    }

    /// The ledger's provider with koppel's application there, its redirect URI under the configured
    /// public URL (never the request's Host).
    struct LedgerOAuth: Sendable {
        var provider: any LedgerProvider
        var baseURL: String
        var client: LedgerOAuthClient
    }

    /// Nil when koppel-web lacks the ledger's application or its public URL; a ledger without a
    /// provider, or one that is not connected by OAuth, has no button either.
    func oauth(for kind: LedgerKind) -> LedgerOAuth? {
        guard let provider = try? LedgerProviders.provider(for: kind), case .oauth = provider.connectionMethod,
            let application = settings.ledgers[kind], let publicURL = settings.publicURL
        else { return nil }
        return LedgerOAuth(
            provider: provider, baseURL: application.baseURL,
            client: LedgerOAuthClient(
                id: application.clientID, secret: application.clientSecret, redirectURI: publicURL + "/app/api/oauth/callback"))
    }

    static func ledgerKind(_ connection: ConnectionListing) throws -> LedgerKind {
        guard let kind = LedgerKind(rawValue: connection.ledger) else { throw WebError.notFound }
        return kind
    }

    private func store(_ credentialsJSON: Data, baseURL: String, administration: String, connectionID: Int64) throws {
        guard let connection = try database.connections().first(where: { $0.id == connectionID }) else {
            throw WebError.notFound
        }
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
        do {
            try LedgerConnecting(database: database, sealer: sealer).connect(
                connection, baseURL: baseURL, administration: administration, credentialsJSON: credentialsJSON, now: clock())
        } catch is AdminError {
            throw WebError.administrationShared
        }
        logger.info("ledger connected", metadata: ["connection": "\(connectionID)", "ledger": "\(connection.ledger.rawValue)"])
    }

    private func sessionHash(_ request: WebRequest) throws -> Data {
        guard let cookie = request.cookie(SessionTokens.cookieName) else { throw WebError.notSignedIn }
        return SessionTokens.storedHash(of: cookie)
    }

    /// To the dashboard's page, the outcome in the fragment (which no server sees or logs).
    static func backToApp(_ outcome: String, license: String?) -> WebAnswer {
        var fragment = "boekhouding=" + outcome
        var unreserved = CharacterSet.alphanumerics
        unreserved.insert(charactersIn: "-._~")
        if let license, let encoded = license.addingPercentEncoding(withAllowedCharacters: unreserved) {
            fragment += "&koppeling=" + encoded
        }
        return WebAnswer(status: 302, body: Data(), headers: [("Location", "/#" + fragment)])
    }
}

extension WebError {
    static let noLedgerChoice = WebError(
        status: 409, code: "no_choice_pending",
        message: "Er is geen administratie te kiezen: koppel de boekhouding opnieuw.")
    static let administrationShared = WebError(
        status: 409, code: "administration_shared",
        message:
            "Een andere koppeling boekt al in deze administratie met dezelfde kenmerken. Vraag de beheerder om hulp.")
}
