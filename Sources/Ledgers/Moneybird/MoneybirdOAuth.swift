import Foundation
import KoppelHTTP
import Ledger

/// Moneybird's OAuth 2 authorization-code flow: the address the shop owner opens to grant
/// access, the exchange of the code for tokens, and the refresh of an expired access token.
public struct MoneybirdOAuth: Sendable {
    /// koppel's OAuth application at Moneybird.
    public typealias Client = LedgerOAuthClient

    /// Tokens as Moneybird issues them. Stored sealed, like API keys.
    public struct Tokens: Sendable, Equatable, Codable {
        public var accessToken: String
        public var refreshToken: String?
        /// Unix seconds; nil when Moneybird did not say (its tokens may not expire).
        public var expiresAt: Int64?

        public init(accessToken: String, refreshToken: String?, expiresAt: Int64?) {
            self.accessToken = accessToken
            self.refreshToken = refreshToken
            self.expiresAt = expiresAt
        }
    }

    public var baseURL: String
    public var client: Client
    public static let scopes = "sales_invoices settings"

    public init(baseURL: String, client: Client) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.client = client
    }

    /// Where the shop owner grants koppel access; `state` comes back with the code.
    public func authorizationURL(state: String) -> String {
        let query = [
            ("client_id", client.id), ("redirect_uri", client.redirectURI), ("response_type", "code"),
            ("scope", Self.scopes), ("state", state),
        ]
        return baseURL + "/oauth/authorize?" + formEncoded(query)
    }

    public func exchange(code: String, now: Int64) throws(LedgerError) -> Tokens {
        try requestTokens([
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", client.redirectURI),
            ("client_id", client.id), ("client_secret", client.secret),
        ], now: now)
    }

    public func refresh(_ tokens: Tokens, now: Int64) throws(LedgerError) -> Tokens {
        guard let refreshToken = tokens.refreshToken else {
            throw LedgerError(.unauthorized, "the access was not granted with a refresh token: connect Moneybird again")
        }
        var refreshed = try requestTokens([
            ("grant_type", "refresh_token"), ("refresh_token", refreshToken),
            ("client_id", client.id), ("client_secret", client.secret),
        ], now: now)
        if refreshed.refreshToken == nil { refreshed.refreshToken = refreshToken }
        return refreshed
    }

    private func requestTokens(_ form: [(String, String)], now: Int64) throws(LedgerError) -> Tokens {
        let response: HTTPResponse
        do {
            response = try CurlHTTPClient().perform(HTTPRequest(
                method: "POST", url: baseURL + "/oauth/token",
                headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
                body: Data(formEncoded(form).utf8), timeout: 30))
        } catch {
            throw LedgerError(error.isConnectionFailure ? .unreachable : .uncertain, "Moneybird's token endpoint did not answer")
        }
        struct Answer: Decodable {
            var access_token: String
            var refresh_token: String?
            var expires_in: Int64?
        }
        guard response.status == 200, let answer = try? JSONDecoder().decode(Answer.self, from: response.body) else {
            // The body may echo what was sent; only the status is reported.
            throw LedgerError(.unauthorized, "Moneybird refused to issue tokens (HTTP \(response.status)): connect Moneybird again")
        }
        return Tokens(
            accessToken: answer.access_token, refreshToken: answer.refresh_token,
            expiresAt: answer.expires_in.map { now + $0 })
    }
}

func formEncoded(_ pairs: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return pairs.map { name, value in
        name + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)
    }.joined(separator: "&")
}
