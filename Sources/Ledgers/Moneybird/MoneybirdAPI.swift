import Foundation
import KoppelHTTP
import Ledger

/// Moneybird's REST API v2 over libcurl: paths, bearer token, the shared rate budget, and the
/// one place where an answer becomes a `LedgerError`.
final class MoneybirdAPI {
    let access: MoneybirdAccess
    let budget: RateBudget
    let client: CurlHTTPClient
    let clock: () -> Int64
    /// How long a request may wait for the rate budget before giving up with `rateLimited`.
    let longestWait: Int64
    /// Requests sent, for the benchmark's requests-per-order figure.
    private(set) var requestCount = 0

    init(access: MoneybirdAccess, budget: RateBudget, longestWait: Int64, clock: @escaping () -> Int64) throws(LedgerError) {
        self.access = access
        self.budget = budget
        self.longestWait = longestWait
        self.clock = clock
        do {
            client = try CurlHTTPClient()
        } catch {
            throw LedgerError(.unreachable, "cannot start an HTTP client: \(error)")
        }
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

    /// Sends one request within the rate budget and sorts the answer: 2xx and 404 come back,
    /// everything else becomes the matching `LedgerError`.
    func send(_ method: String, _ url: String, body: Data?) throws(LedgerError) -> HTTPResponse {
        try waitForBudget()
        var headers: [(name: String, value: String)] = [("Authorization", "Bearer " + access.accessToken), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        requestCount += 1
        let response: HTTPResponse
        do {
            // Writes go on a fresh connection, so that libcurl never resends one on its own.
            response = try client.perform(HTTPRequest(
                method: method, url: url, headers: headers, body: body, timeout: access.timeout, freshConnection: method != "GET"))
        } catch {
            // Without a connection nothing reached Moneybird; after one, the request may have.
            throw LedgerError(error.isConnectionFailure ? .unreachable : .uncertain, "Moneybird did not answer: \(error)")
        }
        let now = clock()
        budget.observe(
            remaining: response.header("ratelimit-remaining").flatMap { Int($0) },
            resetsAt: response.header("ratelimit-reset").flatMap { Int64($0) }, now: now)

        switch response.status {
        case 200..<300, 404:
            return response
        case 401, 403:
            throw LedgerError(.unauthorized, "Moneybird refused the credentials: \(MoneybirdErrorBody(response.body).message)")
        case 429:
            let until = retryAfter(response, now: now)
            budget.exhausted(until: until)
            throw LedgerError(.rateLimited(retryAfter: until), "Moneybird's rate limit is used up until \(until)")
        case 400..<500:
            let error = MoneybirdErrorBody(response.body)
            throw LedgerError(.refused, error.message, field: error.field)
        default:
            throw LedgerError(.uncertain, "Moneybird answered \(response.status)")
        }
    }

    private func waitForBudget() throws(LedgerError) {
        while true {
            let now = clock()
            let until = budget.take(now: now)
            if until == 0 { return }
            guard until - now <= longestWait else {
                throw LedgerError(.rateLimited(retryAfter: until), "the rate budget is used up until \(until)")
            }
            RateWait.sleep(RateWait.pause(from: now, until: until))
        }
    }

    /// `Retry-After` is epoch seconds in Moneybird's spec; a small number is read as a delay.
    private func retryAfter(_ response: HTTPResponse, now: Int64) -> Int64 {
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
