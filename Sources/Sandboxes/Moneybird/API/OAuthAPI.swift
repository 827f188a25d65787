import Foundation
import SandboxSupport

/// A code handed out by `/oauth/authorize`, exchanged once at `/oauth/token`.
struct AuthorizationCode: Codable, Sendable {
    var code: String
    var redirectURI: String
    var scope: String
    var expiresAt: Date
}

/// An issued access token with its refresh token.
struct AccessToken: Codable, Sendable {
    var accessToken: String
    var refreshToken: String
    var scope: String
    var createdAt: Date
    var expiresAt: Date

    var scopes: Set<String> { Set(scope.split(separator: " ").map(String.init)) }
}

/// Moneybird's OAuth 2 authorization-code flow; the sandbox approves every request for its one client.
struct OAuthAPI {
    let sandbox: Sandbox

    static let allScopes = ["sales_invoices", "documents", "estimates", "bank", "time_entries", "settings"]

    func handle(_ request: APIRequest) throws(SandboxError) -> APIAnswer {
        if request.method == "GET", request.path == ["authorize"] { return try authorize(request) }
        if request.method == "POST", request.path == ["token"] { return try token(request) }
        throw .notFound()
    }

    private static func oauthError(_ status: Int, _ error: String, _ description: String) -> SandboxError {
        SandboxError.oauth(status: status, error: error, description: description)
    }

    /// Auto-approves and redirects to `redirect_uri` with `code` (and `state`); for the out-of-band URI
    /// `urn:ietf:wg:oauth:2.0:oob` the code is answered as JSON instead. Moneybird's page
    /// (https://developer.moneybird.com/authentication/) shows a login and a consent screen first,
    /// then redirects the same way (RFC 6749 §4.1.2); a test's browser follows the redirect as a
    /// person's would after consenting. Not modelled: the check of `redirect_uri` against the one
    /// registered with the application.
    private func authorize(_ request: APIRequest) throws(SandboxError) -> APIAnswer {
        let query = request.query
        guard query["client_id"] == sandbox.configuration.clientID else {
            throw Self.oauthError(401, "invalid_client", "Client authentication failed due to unknown client.")
        }
        guard query["response_type"] == "code" else {
            throw Self.oauthError(
                400, "unsupported_response_type", "The authorization server does not support this response type.")
        }
        guard let redirect = query["redirect_uri"], !redirect.isEmpty else {
            throw Self.oauthError(400, "invalid_request", "The request is missing a required parameter: redirect_uri.")
        }
        let scope = try Self.validScope(query["scope"])
        let code = Self.randomToken()
        let record = AuthorizationCode(
            code: code, redirectURI: redirect, scope: scope, expiresAt: Date().addingTimeInterval(600))
        do {
            try sandbox.store.write { tx in try tx.save(record, kind: .authorizationCode, administration: "", id: code) }
        } catch { throw .internalServerError() }
        if redirect == "urn:ietf:wg:oauth:2.0:oob" {
            return .ok(.object([("code", .string(code))]))
        }
        var location = redirect + (redirect.contains("?") ? "&" : "?") + "code=\(code)"
        if let state = query["state"] {
            location += "&state=\(state.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? state)"
        }
        return APIAnswer(status: 302, body: nil, headers: [("Location", location)])
    }

    private static func validScope(_ requested: String?) throws(SandboxError) -> String {
        let scopes = (requested ?? "").split(whereSeparator: { $0 == " " || $0 == "+" }).map(String.init)
        if scopes.isEmpty { return "sales_invoices" }
        for scope in scopes where !allScopes.contains(scope) {
            throw oauthError(400, "invalid_scope", "The requested scope is invalid, unknown, or malformed.")
        }
        return scopes.joined(separator: " ")
    }

    private func token(_ request: APIRequest) throws(SandboxError) -> APIAnswer {
        let form = request.formOrJSON()
        guard form["client_id"] == sandbox.configuration.clientID,
            form["client_secret"] == sandbox.configuration.clientSecret
        else {
            throw Self.oauthError(401, "invalid_client", "Client authentication failed due to unknown client.")
        }
        let now = Date()
        let issued: AccessToken?
        do {
            issued = try sandbox.store.write { tx -> AccessToken? in
                switch form["grant_type"] {
                case "authorization_code":
                    guard let code = form["code"],
                        let record = try tx.find(
                            AuthorizationCode.self, kind: .authorizationCode, administration: "", id: code),
                        record.expiresAt > now, record.redirectURI == form["redirect_uri"]
                    else { return nil }
                    try tx.delete(kind: .authorizationCode, administration: "", id: code)
                    return try issue(tx, scope: record.scope, now: now)
                case "refresh_token":
                    guard let refresh = form["refresh_token"],
                        let old = try tx.all(AccessToken.self, kind: .token, administration: "")
                            .first(where: { $0.refreshToken == refresh })
                    else { return nil }
                    try tx.delete(kind: .token, administration: "", id: old.accessToken)
                    return try issue(tx, scope: old.scope, now: now)
                default:
                    return nil
                }
            }
        } catch { throw .internalServerError() }
        guard ["authorization_code", "refresh_token"].contains(form["grant_type"] ?? "") else {
            throw Self.oauthError(
                400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
        }
        guard let token = issued else {
            throw Self.oauthError(
                400, "invalid_grant",
                "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client."
            )
        }
        return .ok(
            .object([
                ("access_token", .string(token.accessToken)),
                ("token_type", .string("bearer")),
                ("expires_in", .int(Int(sandbox.configuration.accessTokenLifetime))),
                ("refresh_token", .string(token.refreshToken)),
                ("scope", .string(token.scope)),
                ("created_at", .int(Int(token.createdAt.timeIntervalSince1970))),
            ]))
    }

    private func issue(_ tx: StoreTransaction, scope: String, now: Date) throws -> AccessToken {
        let token = AccessToken(
            accessToken: Self.randomToken(), refreshToken: Self.randomToken(), scope: scope, createdAt: now,
            expiresAt: now.addingTimeInterval(sandbox.configuration.accessTokenLifetime))
        try tx.save(token, kind: .token, administration: "", id: token.accessToken)
        return token
    }

    static func randomToken() -> String {
        (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }
}

extension SandboxError {
    /// An OAuth 2 error answer (RFC 6749 §5.2), as the token endpoint gives it.
    static func oauth(status: Int, error: String, description: String) -> SandboxError {
        .plain(status: status, body: .object([("error", .string(error)), ("error_description", .string(description))]))
    }
}
