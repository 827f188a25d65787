import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Logging

/// Configuratie's OpenCart section ("Connect knop voor Opencart" in the manual): what to enter in
/// the extension (the license and koppel's address), and setting or replacing the shop's API
/// key, which is never shown back. A sensitive change: the account's password is asked again.
extension DashboardAPI {
    struct ShopConnectionJSON: Encodable {
        var license: String
        /// koppel's address for the extension's "Adres van koppel": `--public-url`; null without it.
        var endpoint: String?
        var apiKeySet: Bool
        var minimumLength: Int
        var maximumLength: Int
    }

    struct APIKeyForm: Decodable {
        var apiKey: String
        var password: String
    }

    func shopConnectionRoute(_ request: WebRequest, connection listing: ConnectionListing, session: WebSession)
        async throws -> WebAnswer
    {
        switch request.method {
        case "GET":
            let connection = try database.connection(license: listing.license)
            return try WebAnswer.json(
                ShopConnectionJSON(
                    license: listing.license, endpoint: settings.publicURL, apiKeySet: connection?.sealedAPIKey != nil,
                    minimumLength: APIKeyRules.lengthRange.lowerBound, maximumLength: APIKeyRules.lengthRange.upperBound))
        case "PUT":
            let form = try Self.decodeSnakeCase(APIKeyForm.self, request)
            if let problem = ShopAPIKey.problem(with: form.apiKey) {
                throw WebError.invalidField(problem.field, problem.dutch)
            }
            try await confirmPassword(form.password, request: request, session: session)
            let sealer = SecretSealer(masterKey: try MasterKey.load(from: masterKeyPath))
            guard try ShopAPIKey(database: database, sealer: sealer).store(form.apiKey, license: listing.license, now: clock())
            else { throw WebError.notFound }
            logger.info("dashboard API key set", metadata: ["user": "\(session.userID)", "connection": "\(listing.id)"])
            return try WebAnswer.json([
                "message":
                    "De API-sleutel is opgeslagen. Vul dezelfde sleutel in bij de koppel-module in OpenCart; "
                    + "bestellingen met de oude sleutel worden binnen enkele seconden geweigerd."
            ])
        default:
            throw WebError.methodNotAllowed
        }
    }

    /// The account's password again before a sensitive change, checked as a login is: a wrong one
    /// counts as a failed login (and the login limits apply) and is 403 `current_password_wrong`.
    func confirmPassword(_ password: String, request: WebRequest, session: WebSession) async throws {
        let address = request.headers["x-real-ip"] ?? "unknown"
        let now = clock()
        let failures = try database.loginFailureTimes(
            email: session.email, address: address, since: now - settings.limits.window)
        if let wait = settings.limits.retryAfter(byEmail: failures.byEmail, byAddress: failures.byAddress, now: now) {
            throw WebError.tooManyAttempts(retryAfter: wait)
        }
        guard let account = try database.user(id: session.userID), let stored = PasswordHash(stored: account.passwordHash)
        else { throw WebError.notSignedIn }
        // scrypt, tens of milliseconds: off the server's event loops.
        let matches = try await Task.detached { try stored.matches(password) }.value
        guard matches else {
            try database.recordLoginFailure(email: session.email, address: address, now: now)
            throw WebError.currentPasswordWrong
        }
    }
}
