import Foundation
import KoppelAdmin
import KoppelStore
import Logging

/// Profiel: the user's contact e-mail, their password, and the connections attached to them.
extension DashboardAPI {
    struct EmailForm: Decodable {
        var email: String
    }

    struct PasswordForm: Decodable {
        var current: String
        var new: String
    }

    struct ProfileJSON: Encodable {
        var email: String
        var connections: [ProfileConnectionJSON]
    }

    /// The license in full: it names the connection (the shop's extension asks for it, support
    /// asks for it, every dashboard URL holds it) but opens nothing; pushes are signed with the
    /// API key, which the dashboard never shows.
    struct ProfileConnectionJSON: Encodable {
        var license: String
        var name: String
        var shop: String
        var ledger: String
        /// The shop may push: an API key is set.
        var active: Bool
        var ledgerConnection: LedgerConnectionJSON?
        var lastSync: RunJSON?
    }

    struct LedgerConnectionJSON: Encodable {
        var administrationId: String
        var since: Int64
    }

    /// How the connection's last `koppel sync` went; `problem` in Dutch with koppel's own words after it, null when it went well.
    struct RunJSON: Encodable {
        var at: Int64
        var ok: Bool
        var problem: String?
    }

    func profileRoute(_ request: WebRequest, session: WebSession, rest: [String]) async throws -> WebAnswer {
        switch (request.method, rest) {
        case ("GET", []): return try profile(session)
        case ("PUT", []): return try changeEmail(request, session: session)
        case ("PUT", ["password"]): return try await changePassword(request, session: session)
        default: throw WebError.notFound
        }
    }

    func profile(_ session: WebSession) throws -> WebAnswer {
        let connections = try database.connections(userID: session.userID).map { listing in
            let connection = try database.connection(license: listing.license)
            let sync = try database.lastRuns(connectionID: listing.id).first { $0.job == "sync" }
            return ProfileConnectionJSON(
                license: listing.license, name: listing.name, shop: listing.shop, ledger: listing.ledger,
                // Active once orders can arrive: a pushing shop signs with its API key, koppel
                // fetches from a fetching shop (Mijnwebwinkel) with its stored access.
                active: try connection?.sealedAPIKey != nil || database.sealedShopAccess(connectionID: listing.id) != nil,
                ledgerConnection: try database.ledgerConnectionState(connectionID: listing.id).map {
                    LedgerConnectionJSON(administrationId: $0.administrationID, since: $0.since)
                },
                lastSync: sync.map {
                    RunJSON(at: $0.at, ok: $0.problem == nil, problem: $0.problem.map(Self.dutchLedgerProblem))
                })
        }
        return try WebAnswer.json(ProfileJSON(email: session.email, connections: connections))
    }

    /// The rules of `koppel user add`: an `@`, no whitespace; unique without case.
    func changeEmail(_ request: WebRequest, session: WebSession) throws -> WebAnswer {
        let form = try request.decode(EmailForm.self)
        guard let email = AccountRules.email(form.email.trimmingCharacters(in: .whitespaces)) else {
            throw WebError.badRequest("Dit is geen geldig e-mailadres.")
        }
        guard try database.changeEmail(userID: session.userID, to: email) == .changed else {
            throw WebError.emailTaken
        }
        logger.info("dashboard e-mail changed", metadata: ["user": "\(session.userID)"])
        return try WebAnswer.json(["email": email])
    }

    /// The current password first, as at login (a wrong one counts as a failed login); the other
    /// sessions of the user end, this one stays.
    func changePassword(_ request: WebRequest, session: WebSession) async throws -> WebAnswer {
        let form = try request.decode(PasswordForm.self)
        guard form.new.count >= PasswordHash.minimumLength else { throw WebError.passwordTooShort }
        let address = request.headers["x-real-ip"] ?? "unknown"
        let now = clock()
        let failures = try database.loginFailureTimes(
            email: session.email, address: address, since: now - settings.limits.window)
        if let wait = settings.limits.retryAfter(byEmail: failures.byEmail, byAddress: failures.byAddress, now: now) {
            throw WebError.tooManyAttempts(retryAfter: wait)
        }
        guard let account = try database.user(id: session.userID),
            let stored = PasswordHash(stored: account.passwordHash)
        else { throw WebError.notSignedIn }
        let current = form.current
        let new = form.new
        // scrypt twice, tens of milliseconds each: off the server's event loops.
        let hash: PasswordHash? = try await Task.detached { () throws -> PasswordHash? in
            guard try stored.matches(current) else { return nil }
            return try PasswordHash.make(new)
        }.value
        guard let hash else {
            try database.recordLoginFailure(email: session.email, address: address, now: now)
            throw WebError.currentPasswordWrong
        }
        guard let cookie = request.cookie(SessionTokens.cookieName) else { throw WebError.notSignedIn }
        try database.changePassword(
            userID: session.userID, passwordHash: hash.stored, keeping: SessionTokens.storedHash(of: cookie))
        logger.info("dashboard password changed", metadata: ["user": "\(session.userID)"])
        return try WebAnswer.json(["ok": true])
    }
}

extension WebError {
    static let emailTaken = WebError(
        status: 409, code: "email_taken", message: "Er is al een account met dit e-mailadres.")
    static let passwordTooShort = WebError(
        status: 400, code: "password_too_short",
        message: "Het nieuwe wachtwoord moet minstens \(PasswordHash.minimumLength) tekens lang zijn.")
    static let currentPasswordWrong = WebError(
        status: 403, code: "current_password_wrong", message: "Het huidige wachtwoord is onjuist.")
}
