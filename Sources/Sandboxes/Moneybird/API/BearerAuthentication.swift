import Foundation

/// Checks `Authorization: Bearer TOKEN` and the scopes an endpoint needs.
struct BearerAuthentication {
    let sandbox: Sandbox

    /// The scopes the request's token grants; 401 for a missing, unknown or expired token.
    func scopes(authorization: String?, now: Date = Date()) throws(SandboxError) -> Set<String> {
        guard let header = authorization, header.lowercased().hasPrefix("bearer ") else {
            throw .unauthorized("No access token provided", symbolic: [("access_token", "missing")])
        }
        let token = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        if let apiToken = sandbox.configuration.apiToken, token == apiToken {
            return Set(OAuthAPI.allScopes)
        }
        let record: AccessToken?
        do {
            record = try sandbox.store.read { tx in
                try tx.find(AccessToken.self, kind: .token, administration: "", id: token)
            }
        } catch { throw .internalServerError() }
        guard let record else {
            throw .unauthorized("Token is invalid", symbolic: [("access_token", "invalid")])
        }
        guard record.expiresAt > now else {
            throw .unauthorized("Token is expired", symbolic: [("access_token", "expired")])
        }
        return record.scopes
    }

    /// 401 `{"error": "No access to sales_invoices"}` unless one of `anyOf` is granted.
    static func require(_ anyOf: [String], in granted: Set<String>, resource: String) throws(SandboxError) {
        guard anyOf.contains(where: granted.contains) else {
            throw .unauthorized("No access to \(resource)")
        }
    }
}
