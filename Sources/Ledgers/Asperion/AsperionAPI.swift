import Foundation
import KoppelHTTP
import Ledger

/// Asperion over HTTP: the file upload and the `/v1` REST read-back, both with the license code as
/// the bearer (docs/asperion-sandbox.md §1 and §3: the delivery channel is the sandbox's choice,
/// as Asperion's is not public). Its own client rather than `LedgerHTTP`: the upload is XML, not
/// JSON, and `/v1` needs `X-Tenant-Id` on every call [GOASP].
final class AsperionAPI {
    let baseURL: String
    let tenant: String
    private let licenseCode: String
    private let timeout: Int
    private let budget: RateBudget
    private let longestWait: Int64
    let clock: () -> Int64
    private let client: CurlHTTPClient
    private(set) var requestCount = 0

    init(
        baseURL: String, tenant: String, licenseCode: String, timeout: Int, budget: RateBudget, longestWait: Int64,
        clock: @escaping () -> Int64
    ) throws(LedgerError) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.tenant = tenant
        self.licenseCode = licenseCode
        self.timeout = timeout
        self.budget = budget
        self.longestWait = longestWait
        self.clock = clock
        do {
            client = try CurlHTTPClient()
        } catch {
            throw LedgerError(.unreachable, "cannot start an HTTP client: \(error)")
        }
    }

    /// `PUT /sandbox-import/{tenant}/files/{name}`: 201 taken, 200 the same bytes already there
    /// (both done); 409 another file under the name and 422 a file Asperion refuses: `refused`.
    func upload(_ data: Data, name: String) throws(LedgerError) {
        let url = "\(baseURL)/sandbox-import/\(Self.segment(tenant))/files/\(Self.segment(name))"
        let response = try send("PUT", url, body: data, contentType: "application/xml", tenantHeader: false)
        switch response.status {
        case 200..<300: return
        case 404: throw LedgerError(.refused, "Asperion has no administration \(tenant) to deliver to")
        default: throw LedgerError(.uncertain, "Asperion answered the upload of \(name) with \(response.status)")
        }
    }

    /// `GET /v1/{path}` with `X-Tenant-Id`.
    func get(_ path: String, query: [(String, String)] = []) throws(LedgerError) -> HTTPResponse {
        var url = "\(baseURL)/v1/\(path)"
        if !query.isEmpty { url += "?" + query.map { "\($0.0)=\(Self.segment($0.1))" }.joined(separator: "&") }
        return try send("GET", url, body: nil, contentType: nil, tenantHeader: true)
    }

    private func send(
        _ method: String, _ url: String, body: Data?, contentType: String?, tenantHeader: Bool
    ) throws(LedgerError) -> HTTPResponse {
        try waitForBudget()
        var headers: [(name: String, value: String)] = [("Authorization", "Bearer " + licenseCode), ("Accept", "application/json")]
        if tenantHeader { headers.append(("X-Tenant-Id", tenant)) }
        if let contentType { headers.append(("Content-Type", contentType)) }
        requestCount += 1
        let response: HTTPResponse
        do {
            // Writes go on a fresh connection, so that libcurl never resends one on its own.
            response = try client.perform(HTTPRequest(
                method: method, url: url, headers: headers, body: body, timeout: timeout, freshConnection: method != "GET"))
        } catch {
            throw LedgerError(error.isConnectionFailure ? .unreachable : .uncertain, "Asperion did not answer: \(error)")
        }
        let now = clock()
        switch response.status {
        case 200..<300, 404:
            return response
        case 429:
            // `Retry-After` in seconds on the 429 [Guess: the sandbox's; Asperion documents no limit].
            let until = now + max(1, Int64(response.header("retry-after") ?? "") ?? 60)
            // The ledger's figure beats the budget's guessed window, also when it ends sooner: the
            // retry at `until` must not be held back again by a window of koppel's own.
            budget.observe(remaining: 0, resetsAt: until, now: now)
            throw LedgerError(.rateLimited(retryAfter: until), "Asperion's rate limit is used up until \(until)")
        case 401, 403:
            throw LedgerError(.unauthorized, "Asperion refused the license code: \(Self.problem(response.body))")
        case 400..<500:
            throw LedgerError(.refused, "Asperion refused the request (\(response.status)): \(Self.problem(response.body))")
        default:
            throw LedgerError(.uncertain, "Asperion answered \(response.status)")
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

    /// An RFC 7807 problem's `detail` and its `errors`, else `title` (docs/asperion-sandbox.md §3), shortened.
    static func problem(_ body: Data) -> String {
        struct Problem: Decodable {
            var title: String?
            var detail: String?
            var errors: [String: [String]]?
        }
        guard let problem = try? JSONDecoder().decode(Problem.self, from: body) else {
            return String(decoding: body.prefix(200), as: UTF8.self)
        }
        var text = problem.detail ?? problem.title ?? "no reason given"
        let errors = (problem.errors ?? [:]).sorted { $0.key < $1.key }.prefix(3).map { "\($0.key): \($0.value.joined(separator: "; "))" }
        if !errors.isEmpty { text += " (" + errors.joined(separator: ", ") + ")" }
        return String(text.prefix(400))
    }

    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#&=+@")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
