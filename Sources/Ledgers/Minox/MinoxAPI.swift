import Foundation
import KoppelHTTP
import Ledger

/// Minox's REST API over libcurl: tenancy paths, bearer token, the shared rate budget, and the one
/// place where an answer becomes a `LedgerError`.
final class MinoxAPI {
    let access: MinoxAccess
    let budget: RateBudget
    let client: CurlHTTPClient
    let clock: () -> Int64
    /// How long a request may wait for the rate budget before giving up with `rateLimited`.
    let longestWait: Int64
    private(set) var requestCount = 0

    init(access: MinoxAccess, budget: RateBudget, longestWait: Int64, clock: @escaping () -> Int64) throws(LedgerError) {
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

    /// `/api/1/tenant/{t}/administration/{a}/{resource}` [C-multi: OTW, WEBP, WIKI].
    func url(_ resource: String, query: [(String, String)] = []) -> String {
        var url = access.baseURL + "/api/1/tenant/" + access.tenantID + "/administration/" + access.administrationID + "/" + resource
        if !query.isEmpty { url += "?" + query.map { "\($0.0)=\(Self.segment($0.1))" }.joined(separator: "&") }
        return url
    }

    func get(_ resource: String, query: [(String, String)] = []) throws(LedgerError) -> HTTPResponse {
        try send("GET", url(resource, query: query), body: nil)
    }

    /// Sends one request within the rate budget and sorts the answer: 2xx and 404 come back, the rest
    /// becomes the matching `LedgerError`. No error format is documented (§2.5): any non-2xx is a
    /// failure, its `message` (or bare string) kept as the reason.
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
            throw LedgerError(error.isConnectionFailure ? .unreachable : .uncertain, "Minox did not answer: \(error)")
        }
        let now = clock()
        // x-rate-limit-reset is an epoch timestamp in milliseconds [C-one: OTW `Client::throttle`].
        budget.observe(
            remaining: response.header("x-rate-limit-remaining").flatMap { Int($0) },
            resetsAt: response.header("x-rate-limit-reset").flatMap { Int64($0) }.map { ($0 + 999) / 1000 }, now: now)
        switch response.status {
        case 200..<300, 404:
            return response
        case 401, 403:
            throw LedgerError(.unauthorized, "Minox refused the credentials: \(Self.message(response.body))")
        case 429:
            let until = retryAfter(response, now: now)
            budget.exhausted(until: until)
            throw LedgerError(.rateLimited(retryAfter: until), "Minox's rate limit is used up until \(until)")
        case 400..<500:
            throw LedgerError(.refused, Self.message(response.body))
        default:
            throw LedgerError(.uncertain, "Minox answered \(response.status)")
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

    /// `Retry-After` in seconds ("a 120-second retry-after", APIDECK [C-one]); without it, the window's reset.
    private func retryAfter(_ response: HTTPResponse, now: Int64) -> Int64 {
        if let seconds = response.header("retry-after").flatMap({ Int64($0) }) { return now + max(1, seconds) }
        if let resetMS = response.header("x-rate-limit-reset").flatMap({ Int64($0) }) { return max(now + 1, (resetMS + 999) / 1000) }
        return now + 120
    }

    /// `{"message": "…"}` or a bare JSON string, as OTW's client turns non-object bodies into a message.
    static func message(_ body: Data) -> String {
        let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        if let dictionary = object as? [String: Any], let text = dictionary["message"] as? String { return text }
        if let text = object as? String { return text }
        return "Minox refused the request"
    }

    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#&=+@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
