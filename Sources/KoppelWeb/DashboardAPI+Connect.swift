import Foundation
import KoppelAdmin
import KoppelStore
import Ledger
import Logging
import Moneybird

/// "Koppel met Moneybird" in Configuratie: Moneybird's OAuth authorization-code flow
/// (https://developer.moneybird.com/authentication/), its `state` bound to the session and the
/// connection, used once; the credentials stored sealed as `koppel ledger exchange` stores them.
extension DashboardAPI {
    /// koppel's OAuth application at Moneybird and where Moneybird is.
    public struct MoneybirdConnectSettings: Sendable {
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
        var connected: LedgerConnectionJSON?
        /// koppel-web knows its OAuth application and its public URL.
        var canConnect: Bool
        /// Administrations to choose from after an authorization, or null.
        var choices: [MoneybirdAdministrations.Administration]?
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
        switch (request.method, rest) {
        case ("GET", ["ledger"]):
            return try WebAnswer.json(
                LedgerStateJSON(
                    connected: try database.ledgerConnectionState(connectionID: connection.id).map {
                        LedgerConnectionJSON(administrationId: $0.administrationID, since: $0.since)
                    },
                    canConnect: oauth != nil, choices: pendingChoices.peek(key, now: clock())?.administrations))
        case ("GET", ["ledger", "authorize"]):
            guard let oauth = self.oauth else { return Self.backToApp("niet-ingesteld", license: connection.license) }
            let state = SessionTokens.random()
            let now = clock()
            try database.createLedgerAuthorization(
                stateHash: SessionTokens.storedHash(of: state), sessionHash: key.sessionHash,
                connectionID: connection.id, expiresAt: now + Self.stateLifetime, now: now)
            return WebAnswer(status: 302, body: Data(), headers: [("Location", oauth.authorizationURL(state: state))])
        case ("POST", ["ledger", "administration"]):
            let form = try request.decode(AdministrationForm.self)
            guard let choice = pendingChoices.peek(key, now: clock()),
                choice.administrations.contains(where: { $0.id == form.administrationId })
            else { throw WebError.noLedgerChoice }
            try store(
                choice.tokens, baseURL: choice.baseURL, administration: form.administrationId,
                connectionID: connection.id)
            _ = pendingChoices.take(key, now: clock())
            return try WebAnswer.json(["administration_id": form.administrationId])
        default:
            throw WebError.notFound
        }
    }

    /// Where Moneybird sends the browser back. Moneybird's redirect comes from another site, so the
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
        // The owner said no at Moneybird (RFC 6749 §4.1.2.1: `error=access_denied`).
        guard request.query["error"] == nil, let code = request.query["code"], !code.isEmpty, let oauth = self.oauth
        else {
            return Self.backToApp("afgewezen", license: connection.license)
        }
        let now = clock()
        let baseURL = oauth.baseURL
        let granted: (MoneybirdOAuth.Tokens, [MoneybirdAdministrations.Administration])
        do {
            granted = try await Task.detached {
                let tokens = try oauth.exchange(code: code, now: now)
                return (tokens, try MoneybirdAdministrations.list(baseURL: baseURL, accessToken: tokens.accessToken))
            }.value
        } catch {
            logger.error(
                "moneybird authorization failed", metadata: ["connection": "\(connection.id)", "error": "\(error)"])
            return Self.backToApp("mislukt", license: connection.license)
        }
        let (tokens, administrations) = granted
        switch administrations.count {
        case 0:
            logger.error("moneybird login has no administration", metadata: ["connection": "\(connection.id)"])
            return Self.backToApp("mislukt", license: connection.license)
        case 1:
            do {
                try store(tokens, baseURL: baseURL, administration: administrations[0].id, connectionID: connection.id)
            } catch let error as WebError {
                logger.error(
                    "moneybird not stored", metadata: ["connection": "\(connection.id)", "error": "\(error.code)"])
                return Self.backToApp("gedeeld", license: connection.license)
            }
            return Self.backToApp("verbonden", license: connection.license)
        default:
            pendingChoices.put(
                .init(
                    baseURL: baseURL, tokens: tokens, administrations: administrations,
                    expiresAt: now + PendingLedgerChoices.lifetime),
                for: .init(sessionHash: authorization.sessionHash, connectionID: connection.id), now: now)
            return Self.backToApp("kiezen", license: connection.license)
        }
    }

    /// koppel's Moneybird application, its redirect URI under the configured public URL (never
    /// the request's Host); nil when koppel-web lacks either.
    var oauth: MoneybirdOAuth? {
        guard let moneybird = settings.moneybird, let publicURL = settings.publicURL else { return nil }
        return MoneybirdOAuth(
            baseURL: moneybird.baseURL,
            client: .init(
                id: moneybird.clientID, secret: moneybird.clientSecret,
                redirectURI: publicURL + "/app/api/oauth/callback"))
    }

    private func store(_ tokens: MoneybirdOAuth.Tokens, baseURL: String, administration: String, connectionID: Int64)
        throws
    {
        guard let connection = try database.connections().first(where: { $0.id == connectionID }) else {
            throw WebError.notFound
        }
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
        do {
            try LedgerConnecting(database: database, sealer: sealer).connect(
                connection, baseURL: baseURL, administration: administration, tokens: tokens, now: clock())
        } catch is AdminError {
            throw WebError.administrationShared
        }
        logger.info("moneybird connected", metadata: ["connection": "\(connectionID)"])
    }

    private func sessionHash(_ request: WebRequest) throws -> Data {
        guard let cookie = request.cookie(SessionTokens.cookieName) else { throw WebError.notSignedIn }
        return SessionTokens.storedHash(of: cookie)
    }

    /// To the dashboard's page, the outcome in the fragment (which no server sees or logs).
    static func backToApp(_ outcome: String, license: String?) -> WebAnswer {
        var fragment = "moneybird=" + outcome
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
        message: "Er is geen administratie te kiezen: koppel opnieuw met Moneybird.")
    static let administrationShared = WebError(
        status: 409, code: "administration_shared",
        message:
            "Een andere koppeling boekt al in deze administratie met dezelfde kenmerken. Vraag de beheerder om hulp.")
}
