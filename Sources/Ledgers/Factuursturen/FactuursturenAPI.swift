import Foundation
import KoppelHTTP
import Ledger

/// Factuursturen's API v1 over libcurl: HTTP Basic, JSON both ways, the shared rate budget, and the
/// one place where an answer becomes a `LedgerError`.
final class FactuursturenAPI {
    let access: FactuursturenAccess
    let http: LedgerHTTP
    private let authorization: String
    var clock: () -> Int64 { http.clock }
    var requestCount: Int { http.requestCount }

    init(access: FactuursturenAccess, budget: RateBudget, longestWait: Int64, clock: @escaping () -> Int64) throws(LedgerError) {
        self.access = access
        http = try LedgerHTTP(dialect: Self.dialect, budget: budget, longestWait: longestWait, clock: clock)
        authorization = "Basic " + Data((access.username + ":" + access.apiKey).utf8).base64EncodedString()
    }

    /// `https://www.factuursturen.nl/api/v1/{resource}` [C-multi: official docs].
    func url(_ resource: String, query: [(String, String)] = []) -> String {
        var url = access.baseURL + "/api/v1/" + resource
        if !query.isEmpty { url += "?" + query.map { "\($0.0)=\(Self.segment($0.1))" }.joined(separator: "&") }
        return url
    }

    func get(_ resource: String, query: [(String, String)] = []) throws(LedgerError) -> HTTPResponse {
        try send("GET", resource, query: query, body: nil)
    }

    func send(_ method: String, _ resource: String, query: [(String, String)] = [], body: Data?) throws(LedgerError) -> HTTPResponse {
        try http.send(method, url(resource, query: query), body: body, authorization: authorization, timeout: access.timeout)
    }

    static let dialect = LedgerHTTP.Dialect(
        name: "Factuursturen",
        // `X-RateLimit-Remaining` on every answer, "remaining allowed API calls (for this hour)"
        // [C-one: REIN]; no reset header is known (§4.3), so the window's end stays koppel's own.
        rateWindow: { response in (response.header("x-ratelimit-remaining").flatMap { Int($0) }, nil) },
        // No reset time is told: ask again within a minute [Guess] (`LedgerHTTP` asks sooner at first).
        retryAfter: { _, now in now + 60 },
        // Errors are plain text with the status [C-multi: §4.4]; the body may echo what was sent, never a key.
        refusal: { body in (message(body), nil) },
        // Exhausted: 403 with `X-RateLimit-Remaining: 0` [C-one each: LEON, REIN]; any other 403 is a refusal.
        isRateLimited: { response in response.status == 403 && response.header("x-ratelimit-remaining") == "0" },
        // A backlog is paced at the limit, never refused (issue: "403 … is a wait, not an error").
        waitsOutRateLimit: true)

    /// The body as one line of text, shortened; "Factuursturen refused the request" when empty.
    static func message(_ body: Data) -> String {
        var text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        text = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.isEmpty ? "Factuursturen refused the request" : text
    }

    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#&=+@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
