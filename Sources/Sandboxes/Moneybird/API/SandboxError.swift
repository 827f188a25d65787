import Foundation
import SandboxSupport

/// An error answer in one of Moneybird's documented shapes.
///
/// - symbolic: `{"error": "record not found", "symbolic": {"id": "not_found"}}` (400, 401, 404)
/// - validation (422): `{"error": {"field": ["message"]}, "details": {"field": [{"error": "code"}]}}`
/// - throttled (429): the JSON string `"Retry later"`
struct SandboxError: Error, Sendable {
    private enum Code: Sendable { case badRequest, unauthorized, notFound, validation, throttled, server, timeout, plain }
    private let code: Code
    let status: Int
    let body: JSONValue
    var headers: [(String, String)] = []

    private static func symbolic(_ message: String, _ symbolic: [(String, String)]) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("error", .string(message))]
        if !symbolic.isEmpty {
            members.append(("symbolic", .object(symbolic.map { (key: $0.0, value: .string($0.1)) })))
        }
        return .object(members)
    }

    static func badRequest(_ message: String, symbolic: [(String, String)] = []) -> SandboxError {
        SandboxError(code: .badRequest, status: 400, body: Self.symbolic(message, symbolic))
    }

    static func unauthorized(_ message: String, symbolic: [(String, String)] = []) -> SandboxError {
        SandboxError(
            code: .unauthorized, status: 401, body: Self.symbolic(message, symbolic),
            headers: [("WWW-Authenticate", "Bearer realm=\"Moneybird\", error=\"invalid_token\"")])
    }

    /// `{"error": "record not found", "symbolic": {"id": "not_found"}}`, the spec's example for a missing id.
    static func recordNotFound(field: String = "id") -> SandboxError {
        SandboxError(code: .notFound, status: 404, body: Self.symbolic("record not found", [(field, "not_found")]))
    }

    static func notFound(_ message: String = "Not Found", symbolic: [(String, String)] = []) -> SandboxError {
        SandboxError(code: .notFound, status: 404, body: Self.symbolic(message, symbolic))
    }

    /// A 422 listing each invalid field with its messages and their symbolic codes.
    static func validation(_ problems: [(field: String, message: String, code: String)]) -> SandboxError {
        var fields: [String] = []
        for problem in problems where !fields.contains(problem.field) { fields.append(problem.field) }
        let errors = fields.map { field in
            (key: field, value: JSONValue.array(problems.filter { $0.field == field }.map { .string($0.message) }))
        }
        let details = fields.map { field in
            (
                key: field,
                value: JSONValue.array(
                    problems.filter { $0.field == field }.map { .object([("error", .string($0.code))]) })
            )
        }
        return SandboxError(
            code: .validation, status: 422, body: .object([("error", .object(errors)), ("details", .object(details))]))
    }

    /// Any other body, e.g. the OAuth endpoints' RFC 6749 errors.
    static func plain(status: Int, body: JSONValue) -> SandboxError {
        SandboxError(code: .plain, status: status, body: body)
    }

    static func throttled(headers: [(String, String)]) -> SandboxError {
        SandboxError(code: .throttled, status: 429, body: .string("Retry later"), headers: headers)
    }

    /// A fault-switch failure: nothing was stored.
    static func internalServerError() -> SandboxError {
        SandboxError(code: .server, status: 500, body: Self.symbolic("Internal server error", []))
    }

    static func gatewayTimeout() -> SandboxError {
        SandboxError(code: .timeout, status: 504, body: Self.symbolic("Gateway timeout", []))
    }
}
