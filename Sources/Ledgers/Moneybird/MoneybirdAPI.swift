import Foundation
import KoppelHTTP
import Ledger

/// Moneybird's REST API v2 over libcurl: paths, bearer token, the shared rate budget, and the
/// one place where an answer becomes a `LedgerError`.
final class MoneybirdAPI {
    let access: MoneybirdAccess
    let http: LedgerHTTP
    /// Requests sent, for the benchmark's requests-per-order figure.
    var requestCount: Int { http.requestCount }

    init(access: MoneybirdAccess, budget: RateBudget, longestWait: Int64, clock: @escaping () -> Int64) throws(LedgerError) {
        self.access = access
        http = try LedgerHTTP(dialect: Self.dialect, budget: budget, longestWait: longestWait, clock: clock)
    }

    /// `/api/v2/{administration}/{resource}.json` with an optional query.
    func url(_ resource: String, query: [(String, String)] = []) -> String {
        var url = access.baseURL + "/api/v2/" + access.administrationID + "/" + resource + ".json"
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
        }
        return url
    }

    func get(_ resource: String, query: [(String, String)] = []) throws(LedgerError) -> HTTPResponse {
        try send("GET", url(resource, query: query), body: nil)
    }

    func send(_ method: String, _ resource: String, json: some Encodable) throws(LedgerError) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let body = try? encoder.encode(json) else { throw LedgerError(.refused, "cannot encode the request") }
        return try send(method, url(resource), body: body)
    }

    /// Sends one request within the rate budget; 2xx and 404 come back, everything else becomes
    /// the matching `LedgerError` (`LedgerHTTP`).
    func send(_ method: String, _ url: String, body: Data?) throws(LedgerError) -> HTTPResponse {
        try http.send(method, url, body: body, bearer: access.accessToken, timeout: access.timeout)
    }

    static let dialect = LedgerHTTP.Dialect(
        name: "Moneybird",
        rateWindow: { response in
            (response.header("ratelimit-remaining").flatMap { Int($0) }, response.header("ratelimit-reset").flatMap { Int64($0) })
        },
        retryAfter: retryAfter,
        refusal: { body in
            let error = MoneybirdErrorBody(body)
            return (error.message, error.field)
        })

    /// `Retry-After` is epoch seconds in Moneybird's spec; a small number is read as a delay.
    private static func retryAfter(_ response: HTTPResponse, now: Int64) -> Int64 {
        let value = response.header("retry-after").flatMap { Int64($0) }
            ?? response.header("ratelimit-reset").flatMap { Int64($0) } ?? now + 60
        return value >= 1_000_000_000 ? value : now + value
    }
}

private func percentEncoded(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+?#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

/// Moneybird's error bodies: `{"error": "message", "symbolic": {...}}` or, for validation,
/// `{"error": {"field": ["message"]}, "details": {...}}`, or the bare string `"Retry later"`.
struct MoneybirdErrorBody {
    var message: String
    var field: String?

    init(_ body: Data) {
        let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        switch object {
        case let dictionary as [String: Any]:
            if let text = dictionary["error"] as? String {
                message = text
                field = (dictionary["symbolic"] as? [String: Any])?.keys.sorted().first
            } else if let fields = dictionary["error"] as? [String: Any], let first = fields.keys.sorted().first {
                let messages = (fields[first] as? [String]) ?? []
                message = first + " " + (messages.first ?? "is invalid")
                field = first
            } else {
                message = "Moneybird refused the request"
            }
        case let text as String:
            message = text
        default:
            message = "Moneybird refused the request"
        }
    }
}
