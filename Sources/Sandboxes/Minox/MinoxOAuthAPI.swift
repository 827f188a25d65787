import Foundation
import SandboxSupport

/// OAuth 2 authorization code + refresh [C-multi: OTW, DEMO, WEBP, GO, APIDECK]: `/oauth/authorize`
/// approves every request for the one client and redirects back with a code; `/oauth/token` takes the
/// client credentials in a JSON body (OTW) or a Basic header (the Go broker) — both, as §2.1 asks.
/// `POST /api/1/inspect` (Basic client credentials, `{"token"}`) names the token's tenants [C-multi: DEMO, OTW].
struct MinoxOAuthAPI {
    let sandbox: MinoxSandbox

    /// The scopes of OTW `docs/scopes.rst` that the sandbox knows.
    static let allScopes: Set = [
        "administration:read", "customer:read", "customer:write", "ledger_account:read", "journal:read", "vat:read",
        "transaction:read", "transaction:write", "payment_term:read", "webhook:read", "webhook:write",
    ]

    func handle(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        if request.method == "GET", request.path == ["authorize"] { return try authorize(request) }
        if request.method == "POST", request.path == ["token"] { return try token(request) }
        throw .notFound()
    }

    private static func oauthError(_ status: Int, _ error: String) -> MinoxError {
        MinoxError(status: status, message: error)
    }

    private func authorize(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let query = request.query
        guard query["client_id"] == sandbox.configuration.clientID else { throw Self.oauthError(401, "invalid_client") }
        guard query["response_type"] == "code" else { throw Self.oauthError(400, "unsupported_response_type") }
        guard let redirect = query["redirect_uri"], !redirect.isEmpty else { throw Self.oauthError(400, "invalid_request") }
        // Scopes are space-separated [C-multi: OTW, DEMO].
        let scope = Set((query["scope"] ?? "").split(whereSeparator: { $0 == " " || $0 == "+" }).map(String.init))
        guard !scope.isEmpty, scope.isSubset(of: Self.allScopes) else { throw Self.oauthError(400, "invalid_scope") }
        let code = Self.randomToken()
        try sandbox.books.withState { state throws(MinoxError) in
            state.codes[code] = MinoxBooks.Code(redirectURI: redirect, scope: scope, expiresAt: Date().addingTimeInterval(600))
        }
        var location = redirect + (redirect.contains("?") ? "&" : "?") + "code=\(code)"
        if let state = query["state"] {
            location += "&state=\(state.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? state)"
        }
        return MinoxAnswer(status: 302, body: nil, headers: [("Location", location)])
    }

    private func token(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        let form = request.fields()
        let client = request.basicCredentials ?? (id: form["client_id"] ?? "", secret: form["client_secret"] ?? "")
        guard client.id == sandbox.configuration.clientID, client.secret == sandbox.configuration.clientSecret else {
            throw Self.oauthError(401, "invalid_client")
        }
        let now = Date()
        let lifetime = sandbox.configuration.accessTokenLifetime
        let issued = try sandbox.books.withState { state throws(MinoxError) -> (String, MinoxBooks.Token) in
            let scope: Set<String>
            switch form["grant_type"] {
            case "authorization_code":
                guard let code = form["code"], let record = state.codes.removeValue(forKey: code), record.expiresAt > now,
                    form["redirect_uri"] == nil || form["redirect_uri"] == record.redirectURI
                else { throw Self.oauthError(400, "invalid_grant") }
                scope = record.scope
            case "refresh_token":
                guard let refresh = form["refresh_token"],
                    let old = state.tokens.first(where: { $0.value.refreshToken == refresh })
                else { throw Self.oauthError(400, "invalid_grant") }
                state.tokens[old.key] = nil
                scope = old.value.scope
            default:
                throw Self.oauthError(400, "unsupported_grant_type")
            }
            let token = MinoxBooks.Token(refreshToken: Self.randomToken(), scope: scope, expiresAt: now.addingTimeInterval(lifetime))
            let access = Self.randomToken()
            state.tokens[access] = token
            return (access, token)
        }
        // OTW throws unless all three of access_token, refresh_token and expires_in are present.
        return .ok(.object([
            ("access_token", .string(issued.0)), ("token_type", .string("Bearer")),
            ("expires_in", .int(Int(lifetime))), ("refresh_token", .string(issued.1.refreshToken)),
            ("scope", .string(issued.1.scope.sorted().joined(separator: " "))),
        ]))
    }

    /// `POST /api/1/inspect`: `linked_tenants[{tenant_id, …}]` of a token.
    func inspect(_ request: MinoxRequest) throws(MinoxError) -> MinoxAnswer {
        guard let client = request.basicCredentials, client.id == sandbox.configuration.clientID,
            client.secret == sandbox.configuration.clientSecret
        else { throw .unauthorized("Client authentication failed") }
        guard let token = try request.json()["token"]?.nonBlankText else { throw .validation("token is missing") }
        let scope = try sandbox.scopes(ofToken: token)
        return .ok(.object([
            ("active", .bool(true)),
            ("scope", .string(scope.sorted().joined(separator: " "))),
            ("linked_tenants", .array(sandbox.configuration.tenants.map { tenant in
                .object([("tenant_id", .int(tenant.id)), ("name", .string(tenant.name))])
            })),
        ]))
    }

    static func randomToken() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}
