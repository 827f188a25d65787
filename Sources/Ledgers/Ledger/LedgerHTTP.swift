import Foundation
import KoppelHTTP

/// The request path every REST ledger shares: wait for the rate budget, send with a bearer token
/// (writes on a fresh connection), feed the rate headers back into the budget, and turn the answer
/// into a `LedgerError`. What a ledger says differently (its name, header names, error bodies)
/// comes in its `Dialect`; its paths and payloads stay in its own folder.
///
/// How the status is sorted: a rate-limited answer (429, or what the dialect calls one) is
/// `rateLimited` and empties the budget; 2xx and 404 come back (a 404 is an answer: "not there");
/// 401 and 403 are `unauthorized`; any other 4xx is `refused`; 5xx and anything else is
/// `uncertain` (the ledger may have acted).
public final class LedgerHTTP {
    /// What one ledger says differently on the shared request path.
    public struct Dialect: Sendable {
        /// The ledger's name in messages ("Moneybird did not answer: …").
        public var name: String
        /// The rate window an answer reports: requests left, and when the window resets (unix seconds).
        public var rateWindow: @Sendable (HTTPResponse) -> (remaining: Int?, resetsAt: Int64?)
        /// After a rate-limited answer: when to ask again (unix seconds), given `now`.
        public var retryAfter: @Sendable (HTTPResponse, _ now: Int64) -> Int64
        /// A refusal's message and the field it is about, read from the error body.
        public var refusal: @Sendable (Data) -> (message: String, field: String?)
        /// Whether an answer says the rate limit is used up (nothing was done): 429 for most ledgers;
        /// Factuursturen answers 403 with its remaining count at 0.
        public var isRateLimited: @Sendable (HTTPResponse) -> Bool
        /// Whether a rate-limited answer is waited out and the request sent again, within the
        /// longest wait, instead of ending the run (a ledger whose backlog is paced by its limit).
        public var waitsOutRateLimit: Bool

        public init(
            name: String,
            rateWindow: @escaping @Sendable (HTTPResponse) -> (remaining: Int?, resetsAt: Int64?),
            retryAfter: @escaping @Sendable (HTTPResponse, _ now: Int64) -> Int64,
            refusal: @escaping @Sendable (Data) -> (message: String, field: String?),
            isRateLimited: @escaping @Sendable (HTTPResponse) -> Bool = { $0.status == 429 },
            waitsOutRateLimit: Bool = false
        ) {
            self.name = name
            self.rateWindow = rateWindow
            self.retryAfter = retryAfter
            self.refusal = refusal
            self.isRateLimited = isRateLimited
            self.waitsOutRateLimit = waitsOutRateLimit
        }
    }

    public let dialect: Dialect
    public let budget: RateBudget
    public let clock: () -> Int64
    /// How long a request may wait for the rate budget before giving up with `rateLimited`.
    public let longestWait: Int64
    /// Requests sent, for the benchmark's requests-per-order figure.
    public private(set) var requestCount = 0
    private let client: CurlHTTPClient

    public init(dialect: Dialect, budget: RateBudget, longestWait: Int64, clock: @escaping () -> Int64) throws(LedgerError) {
        self.dialect = dialect
        self.budget = budget
        self.longestWait = longestWait
        self.clock = clock
        do {
            client = try CurlHTTPClient()
        } catch {
            throw LedgerError(.unreachable, "cannot start an HTTP client: \(error)")
        }
    }

    /// Sends one request within the rate budget and sorts the answer (see the type's comment).
    public func send(_ method: String, _ url: String, body: Data?, bearer token: String, timeout: Int) throws(LedgerError) -> HTTPResponse {
        try send(method, url, body: body, authorization: "Bearer " + token, timeout: timeout)
    }

    /// Sends one request with the `Authorization` header given (HTTP Basic for Factuursturen).
    public func send(_ method: String, _ url: String, body: Data?, authorization: String, timeout: Int) throws(LedgerError) -> HTTPResponse {
        var refusals = 0
        while true {
            do {
                return try sendOnce(method, url, body: body, authorization: authorization, timeout: timeout, refusals: refusals)
            } catch let error where dialect.waitsOutRateLimit {
                // A rate-limited answer did nothing, so sending the same request again is safe.
                guard case .rateLimited(let until) = error.kind, until - clock() <= longestWait else { throw error }
                refusals += 1
                RateWait.sleep(RateWait.pause(from: clock(), until: until))
            }
        }
    }

    private func sendOnce(
        _ method: String, _ url: String, body: Data?, authorization: String, timeout: Int, refusals: Int
    ) throws(LedgerError) -> HTTPResponse {
        try waitForBudget()
        var headers: [(name: String, value: String)] = [("Authorization", authorization), ("Accept", "application/json")]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        requestCount += 1
        let response: HTTPResponse
        do {
            // Writes go on a fresh connection, so that libcurl never resends one on its own.
            response = try client.perform(HTTPRequest(
                method: method, url: url, headers: headers, body: body, timeout: timeout, freshConnection: method != "GET"))
        } catch {
            // Without a connection nothing reached the ledger; after one, the request may have.
            throw LedgerError(error.isConnectionFailure ? .unreachable : .uncertain, "\(dialect.name) did not answer: \(error)")
        }
        let now = clock()
        let window = dialect.rateWindow(response)
        budget.observe(remaining: window.remaining, resetsAt: window.resetsAt, now: now)

        if dialect.isRateLimited(response) {
            var until = dialect.retryAfter(response, now)
            if dialect.waitsOutRateLimit {
                // Without a reset time the ledger's window may end a moment after koppel's guess (its
                // clock started at a later request) or much later (others used the quota): ask
                // again after 1, 2, 4 … seconds, up to the dialect's wait.
                until = min(until, now + (Int64(1) << min(refusals, 10)))
                budget.refused(until: until)
            } else {
                budget.exhausted(until: until)
            }
            throw LedgerError(.rateLimited(retryAfter: until), "\(dialect.name)'s rate limit is used up until \(until)")
        }
        switch response.status {
        case 200..<300, 404:
            return response
        case 401, 403:
            throw LedgerError(.unauthorized, "\(dialect.name) refused the credentials: \(dialect.refusal(response.body).message)")
        case 400..<500:
            let refusal = dialect.refusal(response.body)
            throw LedgerError(.refused, refusal.message, field: refusal.field)
        default:
            throw LedgerError(.uncertain, "\(dialect.name) answered \(response.status)")
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
}
