import Foundation
import KoppelHTTP
import Ledger
import Minox
import Testing

/// Connecting Minox: authorize, exchange, inspect for tenants, list administrations, refresh.
@Suite struct MinoxOAuthTests {
    let redirect = "https://koppel.test/minox/callback"

    func oauth(_ sandbox: MinoxSandboxServer, secret: String = MinoxSandboxServer.clientSecret) -> MinoxOAuth {
        MinoxOAuth(baseURL: sandbox.baseURL, client: .init(id: MinoxSandboxServer.clientID, secret: secret, redirectURI: redirect))
    }

    /// The code the sandbox hands back on the redirect, as the browser would follow it.
    func code(_ oauth: MinoxOAuth) throws -> String {
        let url = oauth.authorizationURL(state: "s1")
        #expect(url.contains("scope=administration%3Aread%20customer%3Aread"))
        let response = try CurlHTTPClient().perform(HTTPRequest(url: url))
        #expect(response.status == 302)
        let location = try #require(response.header("location"))
        #expect(location.hasPrefix(redirect + "?code="))
        #expect(location.hasSuffix("&state=s1"))
        return String(location.dropFirst((redirect + "?code=").count).prefix { $0 != "&" })
    }

    @Test func connectsChoosesTheAdministrationAndRefreshes() throws {
        let sandbox = try MinoxSandboxServer()
        let oauth = oauth(sandbox)
        let now = Int64(Date().timeIntervalSince1970)
        let tokens = try oauth.exchange(code: try code(oauth), now: now)
        #expect(tokens.expiresAt == now + 3600)
        #expect(try oauth.tenants(tokens) == [MinoxSandboxServer.tenant])
        let administrations = try oauth.administrations(tenant: MinoxSandboxServer.tenant, tokens)
        #expect(administrations.map(\.id) == [MinoxSandboxServer.administration])
        #expect(administrations.first?.name == "Koppel Demo B.V.")

        func ledger(_ tokens: MinoxOAuth.Tokens) throws -> MinoxLedger {
            try MinoxLedger(
                access: MinoxAccess(
                    baseURL: sandbox.baseURL, tenantID: MinoxSandboxServer.tenant, administrationID: administrations[0].id,
                    accessToken: tokens.accessToken),
                settings: MinoxSettings(journalID: "VK"), budget: RateBudget(limit: 100, windowSeconds: 120))
        }
        #expect(try ledger(tokens).referenceData().extras["journals"]?.first?.id == "VK")

        #expect(try sandbox.call("POST", "\(sandbox.baseURL)/sandbox/oauth/expire", token: nil).status == 200)
        #expect(throws: LedgerError(.unauthorized, "Minox refused the credentials: The access token has expired")) {
            _ = try ledger(tokens).referenceData()
        }
        let refreshed = try oauth.refresh(tokens, now: now + 3700)
        #expect(refreshed.accessToken != tokens.accessToken)
        #expect(refreshed.expiresAt == now + 3700 + 3600)
        #expect(try ledger(refreshed).referenceData().vatCodes.count == 5)
        // A refresh token is used once.
        #expect(throws: LedgerError.self) { _ = try oauth.refresh(tokens, now: now + 3800) }
    }

    @Test func aWrongClientSecretGetsNoTokens() throws {
        let sandbox = try MinoxSandboxServer()
        let wrong = oauth(sandbox, secret: "not-the-secret")
        let code = try code(wrong)
        do {
            _ = try wrong.exchange(code: code, now: 0)
            Issue.record("tokens were issued to a wrong secret")
        } catch {
            #expect(error.kind == .unauthorized)
            #expect(!error.message.contains("not-the-secret"))
        }
        #expect(throws: LedgerError.self) {
            _ = try wrong.tenants(MinoxOAuth.Tokens(accessToken: MinoxSandboxServer.token, refreshToken: "", expiresAt: 0))
        }
    }
}
