import Foundation
import KoppelAdmin
import KoppelStore
import Logging

/// Login, logout and the session's own data.
extension DashboardAPI {
    struct LoginForm: Decodable {
        var email: String
        var password: String
    }

    struct UserJSON: Encodable {
        var email: String
    }

    struct ConnectionJSON: Encodable {
        var license: String
        var name: String
        var shop: String
        var ledger: String
    }

    struct SessionJSON: Encodable {
        var user: UserJSON
        var csrfToken: String
        var connections: [ConnectionJSON]
    }

    /// The same 401 for an unknown e-mail address and a wrong password, after the same work.
    func login(_ request: WebRequest) async throws -> WebAnswer {
        let form = try request.decode(LoginForm.self)
        let email = form.email.trimmingCharacters(in: .whitespaces)
        // The client's address as nginx saw it: nginx sets X-Real-IP itself, and only nginx can
        // reach koppel-web's socket.
        let address = request.headers["x-real-ip"] ?? "unknown"
        let now = clock()
        let failures = try database.loginFailureTimes(
            email: email, address: address, since: now - settings.limits.window)
        if let wait = settings.limits.retryAfter(byEmail: failures.byEmail, byAddress: failures.byAddress, now: now) {
            throw WebError.tooManyAttempts(retryAfter: wait)
        }
        let account = try database.user(email: email)
        let stored = account.flatMap { PasswordHash(stored: $0.passwordHash) } ?? Self.unknownUserHash
        // scrypt takes tens of milliseconds of CPU: off the server's event loops.
        let matches = try await Task.detached { try stored.matches(form.password) }.value
        guard let account, matches else {
            try database.recordLoginFailure(email: email, address: address, now: now)
            throw WebError.loginFailed
        }
        let cookie = SessionTokens.random()
        let csrf = SessionTokens.random()
        try database.createSession(
            tokenHash: SessionTokens.storedHash(of: cookie), userID: account.id, csrfToken: csrf, now: now)
        logger.info("dashboard login", metadata: ["user": "\(account.id)"])
        return try WebAnswer.json(
            SessionJSON(
                user: UserJSON(email: account.email), csrfToken: csrf, connections: try connections(userID: account.id)),
            headers: [("Set-Cookie", SessionTokens.setCookie(cookie))])
    }

    func logout(_ request: WebRequest) throws -> WebAnswer {
        if let cookie = request.cookie(SessionTokens.cookieName) {
            try database.deleteSession(tokenHash: SessionTokens.storedHash(of: cookie))
        }
        return try WebAnswer.json(["ok": true], headers: [("Set-Cookie", SessionTokens.clearCookie)])
    }

    func sessionAnswer(_ session: WebSession) throws -> WebAnswer {
        try WebAnswer.json(
            SessionJSON(
                user: UserJSON(email: session.email), csrfToken: session.csrfToken,
                connections: try connections(userID: session.userID)))
    }

    private func connections(userID: Int64) throws -> [ConnectionJSON] {
        try database.connections(userID: userID).map {
            ConnectionJSON(license: $0.license, name: $0.name, shop: $0.shop, ledger: $0.ledger)
        }
    }

    /// Checked against when the e-mail address has no account, so that the answer takes as long
    /// as for a wrong password. Its password is random and never known.
    static let unknownUserHash: PasswordHash = {
        do {
            return try PasswordHash.make(SessionTokens.random())
        } catch {
            fatalError("a random password of 43 characters is long enough: \(error)")
        }
    }()
}
