import SandboxSupport

/// An error answer. No error format of Minox is documented (§2.5); OTW turns a non-object body into
/// `{"message": …}`, so the sandbox answers `{"message": "…"}` with 400, 401, 403, 404, 422 or 429 [Guess].
struct MinoxError: Error, Sendable {
    let status: Int
    let message: String
    var headers: [(String, String)] = []

    var body: JSONValue { .object([("message", .string(message))]) }

    static func badRequest(_ message: String) -> MinoxError { MinoxError(status: 400, message: message) }
    static func unauthorized(_ message: String) -> MinoxError {
        MinoxError(status: 401, message: message, headers: [("WWW-Authenticate", "Bearer")])
    }
    static func forbidden(_ message: String) -> MinoxError { MinoxError(status: 403, message: message) }
    static func notFound(_ message: String = "Not found") -> MinoxError { MinoxError(status: 404, message: message) }
    static func validation(_ message: String) -> MinoxError { MinoxError(status: 422, message: message) }
    static func internalServerError() -> MinoxError { MinoxError(status: 500, message: "Internal server error") }
    static func gatewayTimeout() -> MinoxError { MinoxError(status: 504, message: "Gateway timeout") }

    /// 429 with `Retry-After` in seconds: APIDECK observed "a 120-second retry-after" [C-one]; the
    /// status code itself is inferred.
    static func throttled(retryAfterS: Int, headers: [(String, String)]) -> MinoxError {
        MinoxError(status: 429, message: "Too many requests", headers: headers + [("Retry-After", String(retryAfterS))])
    }
}

/// A successful answer.
struct MinoxAnswer: Sendable {
    var status: Int
    var body: JSONValue?
    var headers: [(String, String)] = []

    static func ok(_ body: JSONValue) -> MinoxAnswer { MinoxAnswer(status: 200, body: body) }
    static func created(_ body: JSONValue) -> MinoxAnswer { MinoxAnswer(status: 201, body: body) }
    /// Lists come wrapped as `{"collection": […]}` [C-multi: DEMO, WEBP].
    static func collection(_ items: [JSONValue]) -> MinoxAnswer { .ok(.object([("collection", .array(items))])) }
}
