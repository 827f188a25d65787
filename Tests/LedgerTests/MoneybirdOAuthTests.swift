import Booking
import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger
import Logging
import Moneybird
import Testing

/// The authorization-code flow and token refresh against koppel-sandbox's OAuth endpoints.
@Suite(.serialized)
struct MoneybirdOAuthTests {
    static let client = MoneybirdOAuth.Client(id: "koppel-sandbox-client", secret: "koppel-sandbox-secret", redirectURI: "urn:ietf:wg:oauth:2.0:oob")

    /// What the shop owner does in the browser: open the address, approve, copy the code.
    func code(_ sandbox: SandboxServer, _ oauth: MoneybirdOAuth) throws -> String {
        let response = try CurlHTTPClient().perform(HTTPRequest(url: oauth.authorizationURL(state: "s1")))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        return try #require(object?["code"] as? String, "\(response.text)")
    }

    @Test func exchangesACodeAndRefreshesExpiredAccess() throws {
        let sandbox = try SandboxServer()
        let oauth = MoneybirdOAuth(baseURL: sandbox.baseURL, client: Self.client)
        #expect(oauth.authorizationURL(state: "s1").contains("scope=sales_invoices%20settings"))
        let now = Int64(Date().timeIntervalSince1970)
        let tokens = try oauth.exchange(code: try code(sandbox, oauth), now: now)
        #expect(tokens.refreshToken != nil)
        #expect((tokens.expiresAt ?? 0) > now)

        func ledger(_ token: String) throws -> MoneybirdLedger {
            try MoneybirdLedger(
                access: MoneybirdAccess(baseURL: sandbox.baseURL, administrationID: SandboxServer.administration, accessToken: token),
                settings: MoneybirdSettings(), budget: RateBudget(limit: 150, windowSeconds: 300))
        }
        #expect(try ledger(tokens.accessToken).findBooking(reference: "x") == nil)

        _ = try CurlHTTPClient().perform(HTTPRequest(method: "POST", url: sandbox.baseURL + "/sandbox/oauth/expire"))
        #expect(throws: LedgerError.self) { try ledger(tokens.accessToken).findBooking(reference: "x") }

        let refreshed = try oauth.refresh(tokens, now: now)
        #expect(refreshed.accessToken != tokens.accessToken)
        #expect(try ledger(refreshed.accessToken).findBooking(reference: "x") == nil)
    }

    @Test func aCodeIsUsedOnceAndAWrongSecretIsRefused() throws {
        let sandbox = try SandboxServer()
        let oauth = MoneybirdOAuth(baseURL: sandbox.baseURL, client: Self.client)
        let code = try code(sandbox, oauth)
        _ = try oauth.exchange(code: code, now: 0)
        #expect(throws: LedgerError.self) { try oauth.exchange(code: code, now: 0) }

        var wrong = Self.client
        wrong.secret = "Not-The-Secret-42"
        do {
            _ = try MoneybirdOAuth(baseURL: sandbox.baseURL, client: wrong).exchange(code: try self.code(sandbox, oauth), now: 0)
            Issue.record("tokens for a wrong secret")
        } catch let error as LedgerError {
            #expect(error.kind == .unauthorized)
            #expect(!error.message.contains("Not-The-Secret-42"))
        }
    }

    @Test func theBookingJobRefreshesTokensThatExpired() throws {
        let setup = try BookingJobTests.Setup()
        let oauth = MoneybirdOAuth(baseURL: setup.sandbox.baseURL, client: Self.client)
        // Tokens that expired an hour ago, stored as `koppel ledger exchange` stores them.
        var tokens = try oauth.exchange(code: try code(setup.sandbox, oauth), now: 0)
        tokens.expiresAt = Int64(Date().timeIntervalSince1970) - 3600
        #expect(try setup.database.updateLedgerTokens(
            connection: setup.connection, tokensJSON: try JSONEncoder().encode(tokens), sealer: setup.sealer, now: 2))
        let settingsBefore = try #require(try setup.database.ledgerAccess(connectionID: setup.connection.id)?.settingsJSON)
        _ = try CurlHTTPClient().perform(HTTPRequest(method: "POST", url: setup.sandbox.baseURL + "/sandbox/oauth/expire"))

        try setup.push(1)
        let job = BookingJob(
            database: setup.database, ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer, clients: [.moneybird: Self.client]),
            logger: .init(label: "test"), clock: { Int64(Date().timeIntervalSince1970) })
        #expect(try job.run(setup.connection).booked == 1)
        let stored = try #require(try setup.database.ledgerAccess(connectionID: setup.connection.id))
        let opened = try setup.sealer.open(stored.sealedTokens, context: KoppelDatabase.ledgerTokensContext(license: setup.connection.licenseKey))
        let now = try JSONDecoder().decode(MoneybirdOAuth.Tokens.self, from: Data(opened.utf8))
        #expect(now.accessToken != tokens.accessToken)
        #expect((now.expiresAt ?? 0) > Int64(Date().timeIntervalSince1970))
        // The refresh rewrote the tokens only.
        #expect(stored.settingsJSON == settingsBefore)
    }

    @Test func aTokenRefusedBeforeItsTimeIsRenewedOnceAndTheOrderBookedInTheSameRun() throws {
        let setup = try BookingJobTests.Setup()
        let oauth = MoneybirdOAuth(baseURL: setup.sandbox.baseURL, client: Self.client)
        // Tokens koppel believes valid for an hour, which Moneybird stops accepting now.
        let tokens = try oauth.exchange(code: try code(setup.sandbox, oauth), now: Int64(Date().timeIntervalSince1970))
        #expect(try setup.database.updateLedgerTokens(
            connection: setup.connection, tokensJSON: try JSONEncoder().encode(tokens), sealer: setup.sealer, now: 2))
        _ = try CurlHTTPClient().perform(HTTPRequest(method: "POST", url: setup.sandbox.baseURL + "/sandbox/oauth/expire"))

        try setup.push(3)
        let job = BookingJob(
            database: setup.database, ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer, clients: [.moneybird: Self.client]),
            logger: .init(label: "test"), clock: { Int64(Date().timeIntervalSince1970) })
        let report = try job.run(setup.connection)
        #expect(report.booked == 1, "\(report)")
        #expect(report.stopped == nil)
        #expect(try setup.invoices(order: 3) == 1)

        // Without koppel's OAuth application the renewal fails: the run stops and says why.
        _ = try CurlHTTPClient().perform(HTTPRequest(method: "POST", url: setup.sandbox.baseURL + "/sandbox/oauth/expire"))
        try setup.push(1)
        let stuck = try BookingJob(
            database: setup.database, ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer),
            logger: .init(label: "test"), clock: { Int64(Date().timeIntervalSince1970) }
        ).run(setup.connection)
        #expect(stuck.booked == 0)
        #expect(stuck.stopped?.contains("renewing them failed") == true, "\(stuck)")
        #expect(stuck.failed)
        #expect(try setup.invoices(order: 1) == 0)
    }
}
