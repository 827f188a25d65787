import SandboxSupport

/// An error answer: "a plain text or unstructured body" with the status code; no JSON envelope is
/// documented [C-multi: §4.4, REMCOM, FHNL]. The texts are the sandbox's own [Guess].
struct FactuursturenError: Error, Sendable {
    let status: Int
    let message: String
    var headers: [(String, String)] = []

    static func badRequest(_ message: String) -> FactuursturenError { FactuursturenError(status: 400, message: message) }
    /// A validation error: 400 as well [C-one: FSAPI stores a 400's body as `errors`].
    static func validation(_ message: String) -> FactuursturenError { badRequest(message) }
    /// 401 on bad credentials [C-one: JFS `exceptions.kt`]; the challenge header is a guess.
    static func unauthorized() -> FactuursturenError {
        FactuursturenError(status: 401, message: "Unauthorized", headers: [("WWW-Authenticate", "Basic realm=\"factuursturen\"")])
    }
    static func notFound(_ message: String = "Not found") -> FactuursturenError { FactuursturenError(status: 404, message: message) }
    static func methodNotAllowed() -> FactuursturenError { FactuursturenError(status: 405, message: "Method not allowed") }
    static func internalServerError() -> FactuursturenError { FactuursturenError(status: 500, message: "Internal server error") }
    static func gatewayTimeout() -> FactuursturenError { FactuursturenError(status: 504, message: "Gateway timeout") }

    /// The exhausted budget: 403 with `X-RateLimit-Remaining: 0` [C-one each: LEON, REIN]; the text is a guess.
    static func rateLimited(headers: [(String, String)]) -> FactuursturenError {
        FactuursturenError(status: 403, message: "API limit reached", headers: headers)
    }
}

/// A successful answer: JSON, or a bare text (the new client or invoice number, §4.2), or nothing.
struct FactuursturenAnswer: Sendable {
    enum Body: Sendable {
        case json(JSONValue)
        case text(String)
        case empty
    }

    var status: Int
    var body: Body

    static func ok(_ value: JSONValue) -> FactuursturenAnswer { FactuursturenAnswer(status: 200, body: .json(value)) }
    /// 201 with the new number as a bare body [C-multi: FHNL parses it with `Convert.ToInt32`, FSAPI, JFS].
    static func created(number: String) -> FactuursturenAnswer { FactuursturenAnswer(status: 201, body: .text(number)) }
}
