import Foundation
import SandboxSupport

/// An error answer as an RFC 7807 problem, `{type, title, status, detail, traceId, errors:{field:[msg]}}`,
/// sent as `application/problem+json` [C-one: GOASP `client.go ErrorResponse`; the media type is RFC 7807's].
/// The legacy `{"ErrorType": "AccountViewError", …}` shape GOASP also mentions is not served [sandbox choice].
/// Titles and details are the sandbox's own words [GUESS]; a credential is never part of one.
struct AsperionProblem: Error, Sendable {
    let status: Int
    let title: String
    let detail: String
    var errors: [(field: String, messages: [String])] = []
    var headers: [(String, String)] = []

    func body(traceID: String) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("type", .string("about:blank")), ("title", .string(title)), ("status", .int(status)),
            ("detail", .string(detail)), ("traceId", .string(traceID)),
        ]
        if !errors.isEmpty {
            members.append(
                ("errors", .object(errors.map { (key: $0.field, value: .array($0.messages.map(JSONValue.string))) })))
        }
        return .object(members)
    }

    static func badRequest(_ detail: String, field: String? = nil) -> AsperionProblem {
        AsperionProblem(status: 400, title: "Bad Request", detail: detail, errors: field.map { [($0, [detail])] } ?? [])
    }
    /// 401 with a Bearer challenge; the detail never repeats what was sent.
    static func unauthorized(realm: String) -> AsperionProblem {
        AsperionProblem(
            status: 401, title: "Unauthorized", detail: "A valid bearer token is required",
            headers: [("WWW-Authenticate", "Bearer realm=\"\(realm)\"")])
    }
    /// A token that is valid, but not for the administration asked [GUESS: 403].
    static func forbidden(_ detail: String) -> AsperionProblem {
        AsperionProblem(status: 403, title: "Forbidden", detail: detail)
    }
    static func notFound(_ detail: String = "The resource was not found") -> AsperionProblem {
        AsperionProblem(status: 404, title: "Not Found", detail: detail)
    }
    static func methodNotAllowed() -> AsperionProblem {
        AsperionProblem(status: 405, title: "Method Not Allowed", detail: "This sandbox serves reads only on this path")
    }
    static func conflict(_ detail: String) -> AsperionProblem {
        AsperionProblem(status: 409, title: "Conflict", detail: detail)
    }
    static func tooLarge(_ detail: String) -> AsperionProblem {
        AsperionProblem(status: 413, title: "Payload Too Large", detail: detail)
    }
    /// The file is no valid aXML: every violation under its path [sandbox choice: 422, the upload is not kept].
    static func invalidFile(_ violations: [(path: String, message: String)]) -> AsperionProblem {
        var grouped: [(field: String, messages: [String])] = []
        for violation in violations {
            if let index = grouped.firstIndex(where: { $0.field == violation.path }) {
                grouped[index].messages.append(violation.message)
            } else {
                grouped.append((violation.path, [violation.message]))
            }
        }
        return AsperionProblem(
            status: 422, title: "Unprocessable Entity",
            detail: "The file is no valid aXML: \(violations.count) violation(s)",
            errors: grouped)
    }
    static func internalServerError() -> AsperionProblem {
        AsperionProblem(status: 500, title: "Internal Server Error", detail: "The server failed")
    }
    static func gatewayTimeout() -> AsperionProblem {
        AsperionProblem(status: 504, title: "Gateway Timeout", detail: "The server took too long")
    }
    /// [GUESS] 429 with `Retry-After` in seconds: Asperion documents no limit (§3.2, §5).
    static func throttled(retryAfterS: Int) -> AsperionProblem {
        AsperionProblem(
            status: 429, title: "Too Many Requests", detail: "The rate limit is used up",
            headers: [("Retry-After", String(retryAfterS))])
    }
}

/// A successful answer: JSON, or the bytes of a delivered file.
struct AsperionAnswer: Sendable {
    enum Body: Sendable {
        case json(JSONValue)
        case xml(Data)
    }

    var status: Int
    var body: Body

    static func ok(_ value: JSONValue) -> AsperionAnswer { AsperionAnswer(status: 200, body: .json(value)) }
    static func created(_ value: JSONValue) -> AsperionAnswer { AsperionAnswer(status: 201, body: .json(value)) }
}
