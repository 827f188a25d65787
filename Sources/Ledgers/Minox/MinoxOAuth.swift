import Foundation
import KoppelHTTP
import Ledger

/// Minox's OAuth 2 authorization-code flow [C-multi: OTW, DEMO, WEBP, GO, APIDECK]: the address the
/// shop owner opens to grant access, the code exchanged for tokens, the refresh, and after connecting
/// the tenants (`POST /api/1/inspect`) and administrations to choose from.
public struct MinoxOAuth: Sendable {
    /// koppel's OAuth application at Minox.
    public typealias Client = LedgerOAuthClient

    /// Tokens as Minox issues them; access tokens last about an hour [C-multi: OTW, APIDECK]. Stored sealed.
    public struct Tokens: Sendable, Equatable, Codable {
        public var accessToken: String
        public var refreshToken: String
        /// Unix seconds.
        public var expiresAt: Int64

        public init(accessToken: String, refreshToken: String, expiresAt: Int64) {
            self.accessToken = accessToken
            self.refreshToken = refreshToken
            self.expiresAt = expiresAt
        }
    }

    public struct Administration: Sendable, Equatable {
        public var tenantID: String
        public var id: String
        public var name: String
    }

    /// What koppel needs (§2.1 "Koppel needs"), space-separated [C-one: OTW `docs/scopes.rst`].
    public static let scopes = "administration:read customer:read customer:write ledger_account:read journal:read vat:read transaction:read transaction:write"

    public var baseURL: String
    public var client: Client

    public init(baseURL: String, client: Client) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.client = client
    }

    public func authorizationURL(state: String) -> String {
        let query = [
            ("client_id", client.id), ("redirect_uri", client.redirectURI), ("response_type", "code"),
            ("scope", Self.scopes), ("state", state),
        ]
        return baseURL + "/oauth/authorize?" + query.map { "\($0.0)=\(Self.encoded($0.1))" }.joined(separator: "&")
    }

    /// The token request carries a JSON body with the client credentials, as OTW sends it.
    public func exchange(code: String, now: Int64) throws(LedgerError) -> Tokens {
        try requestTokens(.object([
            ("grant_type", .string("authorization_code")), ("client_id", .string(client.id)),
            ("client_secret", .string(client.secret)), ("code", .string(code)), ("redirect_uri", .string(client.redirectURI)),
        ]), now: now)
    }

    public func refresh(_ tokens: Tokens, now: Int64) throws(LedgerError) -> Tokens {
        try requestTokens(.object([
            ("grant_type", .string("refresh_token")), ("client_id", .string(client.id)),
            ("client_secret", .string(client.secret)), ("refresh_token", .string(tokens.refreshToken)),
        ]), now: now)
    }

    /// The tenants the token reaches (`linked_tenants`; an accountant's token reaches client tenants too).
    public func tenants(_ tokens: Tokens) throws(LedgerError) -> [String] {
        let credentials = Data("\(client.id):\(client.secret)".utf8).base64EncodedString()
        let response = try perform(HTTPRequest(
            method: "POST", url: baseURL + "/api/1/inspect",
            headers: [("Authorization", "Basic " + credentials), ("Content-Type", "application/json"), ("Accept", "application/json")],
            body: LedgerJSON.object([("token", .string(tokens.accessToken))]).data))
        struct Answer: Decodable {
            struct Tenant: Decodable { var tenant_id: MinoxRead.ID }
            var linked_tenants: [Tenant]
        }
        guard response.status == 200, let answer = try? JSONDecoder().decode(Answer.self, from: response.body) else {
            throw LedgerError(.unauthorized, "Minox did not confirm the token (HTTP \(response.status)): connect Minox again")
        }
        return answer.linked_tenants.map(\.tenant_id.text)
    }

    /// `GET /api/1/tenant/{t}/administration`: `{"collection": [{id, name, …}]}` [C-multi: DEMO, WIKI].
    public func administrations(tenant: String, _ tokens: Tokens) throws(LedgerError) -> [Administration] {
        let response = try perform(HTTPRequest(
            url: baseURL + "/api/1/tenant/\(MinoxAPI.segment(tenant))/administration",
            headers: [("Authorization", "Bearer " + tokens.accessToken), ("Accept", "application/json")]))
        struct Item: Decodable {
            var id: MinoxRead.ID
            var name: String?
        }
        guard response.status == 200, let list = MinoxRead.decode(MinoxRead.Collection<Item>.self, from: response.body) else {
            throw LedgerError(.unauthorized, "Minox refused the administrations of tenant \(tenant) (HTTP \(response.status))")
        }
        return list.collection.map { Administration(tenantID: tenant, id: $0.id.text, name: $0.name ?? "") }
    }

    private func requestTokens(_ body: LedgerJSON, now: Int64) throws(LedgerError) -> Tokens {
        let response = try perform(HTTPRequest(
            method: "POST", url: baseURL + "/oauth/token",
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: body.data))
        struct Answer: Decodable {
            var access_token: String
            var refresh_token: String
            var expires_in: Int64
        }
        // OTW refuses an answer without all three of access_token, refresh_token and expires_in.
        guard response.status == 200, let answer = try? JSONDecoder().decode(Answer.self, from: response.body) else {
            // The body may echo what was sent; only the status is reported.
            throw LedgerError(.unauthorized, "Minox refused to issue tokens (HTTP \(response.status)): connect Minox again")
        }
        return Tokens(accessToken: answer.access_token, refreshToken: answer.refresh_token, expiresAt: now + answer.expires_in)
    }

    private func perform(_ request: HTTPRequest) throws(LedgerError) -> HTTPResponse {
        do {
            return try CurlHTTPClient().perform(request)
        } catch {
            throw LedgerError(error.isConnectionFailure ? .unreachable : .uncertain, "Minox did not answer: \(error)")
        }
    }

    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
