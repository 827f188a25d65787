import Foundation
import KoppelAdmin
import KoppelStore
import Logging
import Mail
import Reconciliation

/// "Wachtwoord vergeten?": a link by mail with a single-use token, then a new password.
extension DashboardAPI {
    struct ResetRequestForm: Decodable {
        var email: String
    }

    struct ResetConfirmForm: Decodable {
        var token: String
        var password: String
    }

    /// Routes that need no session: the reset by mail and Moneybird's way back. Nil for any other path.
    func publicRoute(_ request: WebRequest) async throws -> WebAnswer? {
        switch (request.method, request.path) {
        case ("POST", ["password-reset"]): return try requestPasswordReset(request)
        case ("POST", ["password-reset", "confirm"]): return try await confirmPasswordReset(request)
        case ("GET", ["oauth", "callback"]): return try await ledgerCallback(request)
        case (_, ["password-reset"]), (_, ["password-reset", "confirm"]), (_, ["oauth", "callback"]):
            throw WebError.methodNotAllowed
        default: return nil
        }
    }

    /// Always 202, after the same work for a known and an unknown address: the mail goes out after
    /// the answer. Limited per client address (429) and, silently, per account, so that the form
    /// cannot flood a mailbox.
    func requestPasswordReset(_ request: WebRequest) throws -> WebAnswer {
        let form = try request.decode(ResetRequestForm.self)
        let email = form.email.trimmingCharacters(in: .whitespaces)
        let address = request.headers["x-real-ip"] ?? "unknown"
        let limits = settings.passwordReset
        let now = clock()
        guard try database.passwordResetRequestCount(address: address, since: now - limits.window) < limits.perAddress
        else { throw WebError.tooManyResetRequests(retryAfter: limits.window) }
        let accepted = try WebAnswer.json(
            ["message": "Als er een account met dit e-mailadres is, is er een e-mail met een herstellink verstuurd."],
            status: 202)
        guard let account = try database.user(email: email) else {
            try database.recordPasswordResetRequest(address: address, now: now)
            return accepted
        }
        guard let publicURL = settings.publicURL else {
            try database.recordPasswordResetRequest(address: address, now: now)
            logger.error("no password reset mail: koppel-web has no --public-url for the link")
            return accepted
        }
        let token = SessionTokens.random()
        guard
            try database.createPasswordReset(
                tokenHash: SessionTokens.storedHash(of: token), userID: account.id, address: address, now: now,
                expiresAt: now + limits.lifetime, limit: limits.perAccount, since: now - limits.window)
        else {
            logger.notice("password reset limited", metadata: ["user": "\(account.id)"])
            return accepted
        }
        let link = publicURL + "/#herstel=" + token
        let database = database
        let masterKeyPath = masterKeyPath
        let logger = logger
        // SMTP is slow and blocking: off the event loops, and after the answer.
        Task.detached {
            do {
                try ResetMail(database: database, masterKeyPath: masterKeyPath).send(to: account.email, link: link)
                logger.info("password reset mailed", metadata: ["user": "\(account.id)"])
            } catch {
                logger.error("password reset mail failed", metadata: ["user": "\(account.id)", "error": "\(error)"])
            }
        }
        return accepted
    }

    /// A new password with the mail's token; every session of the user ends.
    func confirmPasswordReset(_ request: WebRequest) async throws -> WebAnswer {
        let form = try request.decode(ResetConfirmForm.self)
        guard form.password.count >= PasswordHash.minimumLength else { throw WebError.passwordTooShort }
        let password = form.password
        let hash = try await Task.detached { try PasswordHash.make(password) }.value
        guard
            let userID = try database.resetPassword(
                tokenHash: SessionTokens.storedHash(of: form.token), passwordHash: hash.stored, now: clock())
        else { throw WebError.resetTokenRefused }
        logger.info("password reset", metadata: ["user": "\(userID)"])
        return try WebAnswer.json(["ok": true])
    }
}

/// The reset mail, through the SMTP server of `koppel mail set`.
struct ResetMail {
    let database: KoppelDatabase
    let masterKeyPath: String

    func send(to email: String, link: String) throws {
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
        guard let mail = try NightlyMail(try database.mailSettings(sealer: sealer)) else {
            throw NoMailServer()
        }
        let message = MailMessage(
            from: mail.sender, to: [try MailAddress(email)], subject: "koppel: nieuw wachtwoord instellen",
            text: """
                Er is gevraagd om een nieuw wachtwoord voor je koppel-account.

                Open deze link om een nieuw wachtwoord in te stellen (de link werkt één keer en is een uur geldig):

                \(link)

                Heb je dit niet zelf gevraagd? Dan kun je deze e-mail negeren; je wachtwoord blijft zoals het is.

                """)
        try SMTPMailer(settings: mail.smtp).send(message)
    }
}

struct NoMailServer: Error, CustomStringConvertible {
    var description: String { "no SMTP server is set (koppel mail set)" }
}

/// Limits of the reset by mail (docs/dashboard.md).
public struct PasswordResetLimits: Sendable {
    /// Seconds a link is valid.
    public var lifetime: Int64 = 3600
    public var window: Int64 = 3600
    /// Mails per account within the window; more requests are answered the same and send nothing.
    public var perAccount = 3
    /// Requests per client address within the window; more are 429.
    public var perAddress = 10

    public init() {}
}

extension WebError {
    static let resetTokenRefused = WebError(
        status: 400, code: "reset_token_invalid",
        message: "Deze herstellink is verlopen of al gebruikt. Vraag een nieuwe aan via \"Wachtwoord vergeten?\".")

    static func tooManyResetRequests(retryAfter seconds: Int64) -> WebError {
        WebError(
            status: 429, code: "too_many_attempts",
            message: "Te veel aanvragen voor een nieuw wachtwoord. Probeer het later opnieuw.",
            headers: ["Retry-After": "\(seconds)"])
    }
}
