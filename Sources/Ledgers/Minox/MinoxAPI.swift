import Foundation
import KoppelHTTP
import Ledger

/// Minox's REST API over libcurl: tenancy paths, bearer token, the shared rate budget, and the one
/// place where an answer becomes a `LedgerError`.
final class MinoxAPI {
    let access: MinoxAccess
    let http: LedgerHTTP
    var clock: () -> Int64 { http.clock }
    var requestCount: Int { http.requestCount }

    init(access: MinoxAccess, budget: RateBudget, longestWait: Int64, clock: @escaping () -> Int64) throws(LedgerError) {
        self.access = access
        http = try LedgerHTTP(dialect: Self.dialect, budget: budget, longestWait: longestWait, clock: clock)
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

    /// Sends one request within the rate budget; 2xx and 404 come back, the rest becomes the
    /// matching `LedgerError` (`LedgerHTTP`). No error format is documented (§2.5): any non-2xx is
    /// a failure, its `message` (or bare string) kept as the reason.
    func send(_ method: String, _ url: String, body: Data?) throws(LedgerError) -> HTTPResponse {
        try http.send(method, url, body: body, bearer: access.accessToken, timeout: access.timeout)
    }

    static let dialect = LedgerHTTP.Dialect(
        name: "Minox",
        // x-rate-limit-reset is an epoch timestamp in milliseconds [C-one: OTW `Client::throttle`].
        rateWindow: { response in
            (response.header("x-rate-limit-remaining").flatMap { Int($0) },
             response.header("x-rate-limit-reset").flatMap { Int64($0) }.map { ($0 + 999) / 1000 })
        },
        retryAfter: retryAfter,
        refusal: { body in (message(body), nil) })

    /// `Retry-After` in seconds ("a 120-second retry-after", APIDECK [C-one]); without it, the window's reset.
    private static func retryAfter(_ response: HTTPResponse, now: Int64) -> Int64 {
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
