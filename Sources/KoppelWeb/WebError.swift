import Foundation

/// An answer other than success, rendered as `{"error": {"code", "message"}}` with a Dutch message
/// the dashboard shows as it is.
public struct WebError: Error, Equatable, Sendable {
    public let status: Int
    public let code: String
    public let message: String
    /// Extra response headers (`Retry-After`).
    public var headers: [String: String] = [:]
    /// The field of the request a 422 is about.
    public var field: String?

    public static let notFound = WebError(status: 404, code: "not_found", message: "Niet gevonden.")
    public static let notSignedIn = WebError(
        status: 401, code: "not_signed_in", message: "Je bent niet (meer) ingelogd. Log opnieuw in.")
    public static let loginFailed = WebError(
        status: 401, code: "login_failed", message: "Het e-mailadres of het wachtwoord is onjuist.")
    public static let csrfRefused = WebError(
        status: 403, code: "csrf_token_invalid",
        message: "Deze actie is geweigerd: laad de pagina opnieuw en probeer het nog eens.")
    public static let methodNotAllowed = WebError(
        status: 405, code: "method_not_allowed", message: "Deze actie bestaat hier niet.")
    public static let internalError = WebError(
        status: 500, code: "internal", message: "Er ging iets mis in koppel. Probeer het later opnieuw.")

    public static func badRequest(_ message: String) -> WebError {
        WebError(status: 400, code: "bad_request", message: message)
    }

    public static func tooManyAttempts(retryAfter seconds: Int64) -> WebError {
        let minutes = max(1, (seconds + 59) / 60)
        return WebError(
            status: 429, code: "too_many_attempts",
            message: "Te veel mislukte inlogpogingen. Probeer het over \(minutes) minuten opnieuw.",
            headers: ["Retry-After": "\(max(1, seconds))"])
    }

    /// A setting that cannot be stored; `field` names it as the request's JSON does.
    public static func invalidField(_ field: String, _ message: String) -> WebError {
        var error = WebError(status: 422, code: "invalid_field", message: message)
        error.field = field
        return error
    }

    public static func cannotReprocess(_ message: String) -> WebError {
        WebError(status: 409, code: "nothing_to_reprocess", message: message)
    }

    var body: Data {
        var error = ["code": code, "message": message]
        if let field { error["field"] = field }
        let object = ["error": error]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}
