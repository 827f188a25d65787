import SandboxSupport

/// An error answer as an RFC 7807 problem, `{type, title, detail, status}`: the spec's `ApiProblem`
/// [SPEC], which it uses for 422 on writes. The order reads document no error at all; that a bad token
/// gives 401 and an unknown order 404 with this body is inferred (§1.7, §1.9 recommend it).
struct MijnwebwinkelProblem: Error, Sendable {
    let status: Int
    let title: String
    let detail: String
    var headers: [(String, String)] = []

    var body: JSONValue {
        .object([
            ("type", .string("about:blank")), ("title", .string(title)), ("detail", .string(detail)),
            ("status", .int(status)),
        ])
    }

    static func badRequest(_ detail: String) -> MijnwebwinkelProblem {
        MijnwebwinkelProblem(status: 400, title: "Bad Request", detail: detail)
    }
    /// [Inferred] 401 or 403 for a bad token is unknown (§1.7); 401 as §1.9 recommends.
    static func unauthorized(_ detail: String) -> MijnwebwinkelProblem {
        MijnwebwinkelProblem(status: 401, title: "Unauthorized", detail: detail)
    }
    /// `{"title": "Not Found"}` as the PY SDK's fixtures use it [C-one: PY `tests/test_retry.py`].
    static func notFound(_ detail: String = "The resource was not found") -> MijnwebwinkelProblem {
        MijnwebwinkelProblem(status: 404, title: "Not Found", detail: detail)
    }
    static func validation(_ detail: String) -> MijnwebwinkelProblem {
        MijnwebwinkelProblem(status: 422, title: "Unprocessable Entity", detail: detail)
    }
    static func internalServerError() -> MijnwebwinkelProblem {
        MijnwebwinkelProblem(status: 500, title: "Internal Server Error", detail: "The server failed")
    }
    static func gatewayTimeout() -> MijnwebwinkelProblem {
        MijnwebwinkelProblem(status: 504, title: "Gateway Timeout", detail: "The server took too long")
    }
    /// [Guess] 429 with `Retry-After` in seconds: no status or header is published (§1.6).
    static func throttled(retryAfterS: Int) -> MijnwebwinkelProblem {
        MijnwebwinkelProblem(
            status: 429, title: "Too Many Requests", detail: "The rate limit is used up",
            headers: [("Retry-After", String(retryAfterS))])
    }
}

/// A successful answer.
struct MijnwebwinkelAnswer: Sendable {
    var status: Int
    var body: JSONValue

    static func ok(_ body: JSONValue) -> MijnwebwinkelAnswer { MijnwebwinkelAnswer(status: 200, body: body) }
}
