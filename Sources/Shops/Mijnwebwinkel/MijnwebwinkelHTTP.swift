import Foundation
import KoppelHTTP

/// The Connect API over libcurl: the tokens in the query (§1.2), waits on 429, and the one place where an
/// answer becomes a `MijnwebwinkelError`. Every line it logs and every message it throws is scrubbed of the
/// tokens.
final class MijnwebwinkelHTTP {
    let access: MijnwebwinkelAccess
    let redaction: TokenRedaction
    private let client: CurlHTTPClient
    private let log: (String) -> Void
    private let clock: () -> Int64
    private let sleep: (Int64) -> Void
    private(set) var requestCount = 0

    init(
        access: MijnwebwinkelAccess, log: @escaping (String) -> Void, clock: @escaping () -> Int64,
        sleep: @escaping (Int64) -> Void
    ) throws(MijnwebwinkelError) {
        self.access = access
        self.log = log
        self.clock = clock
        self.sleep = sleep
        redaction = TokenRedaction([access.storeToken, access.partnerToken])
        do {
            client = try CurlHTTPClient()
        } catch {
            throw MijnwebwinkelError(.unreachable, "cannot start an HTTP client: \(error)")
        }
    }

    /// `GET /v{version}/{resource}?…&format=json`. Partner-only calls (`/orderstatuses`, `/payment/gateways`)
    /// still get the store token: it does no harm and keeps one request shape [SPEC security].
    func get(_ resource: String, query: [(String, String)] = []) throws(MijnwebwinkelError) -> Data {
        let parameters = [("token", access.storeToken), ("partner_token", access.partnerToken), ("format", "json")] + query
        let url = access.baseURL + "/v" + access.version + "/" + resource + "?"
            + parameters.map { $0.0 + "=" + TokenRedaction.percentEncoded($0.1) }.joined(separator: "&")
        // Waits for one request add up: a shop that keeps answering 429 ends in `rateLimited`, not a loop.
        var waited: Int64 = 0
        while true {
            let response = try send(url)
            let now = clock()
            switch response.status {
            case 200..<300:
                return response.body
            case 429:
                // No figures, headers or status code are published (§1.6); 429 + Retry-After in seconds is the
                // common form the PY SDK also expects [Guess]. Without the header: a minute [Guess].
                let seconds = response.header("retry-after").flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) } ?? 60
                let until = now + max(1, seconds)
                guard waited + (until - now) <= access.longestWait else {
                    throw MijnwebwinkelError(.rateLimited(retryAfter: until), "Mijnwebwinkel's rate limit is used up until \(until)")
                }
                log("mijnwebwinkel: rate limit reached, waiting \(until - now) s")
                sleep(until - now)
                waited += until - now
            case 401, 403:
                throw failure(.unauthorized, "Mijnwebwinkel refused the tokens", response)
            case 404:
                throw failure(.notFound, "Mijnwebwinkel does not know /\(resource)", response)
            case 400..<500:
                throw failure(.refused, "Mijnwebwinkel refused the request for /\(resource)", response)
            default:
                throw failure(.unavailable, "Mijnwebwinkel answered \(response.status) for /\(resource)", response)
            }
        }
    }

    private func send(_ url: String) throws(MijnwebwinkelError) -> HTTPResponse {
        requestCount += 1
        do {
            let response = try client.perform(HTTPRequest(
                url: url, headers: [("Accept", "application/json")], timeout: access.timeout))
            log(redaction.scrub("mijnwebwinkel: GET \(Self.pathAndQuery(url)) -> \(response.status)"))
            return response
        } catch {
            let message = redaction.scrub("Mijnwebwinkel did not answer GET \(Self.pathAndQuery(url)): \(error)")
            log(message)
            throw MijnwebwinkelError(error.isConnectionFailure ? .unreachable : .unavailable, message)
        }
    }

    /// The problem's `title`/`detail` (RFC 7807, the spec's `ApiProblem`) or the legacy `message` [SPEC
    /// `Error`; the PY SDK reads both], scrubbed.
    private func failure(_ kind: MijnwebwinkelError.Kind, _ summary: String, _ response: HTTPResponse) -> MijnwebwinkelError {
        var reason = ""
        if let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] {
            let parts = [object["title"], object["detail"], object["message"]].compactMap { $0 as? String }.filter { !$0.isEmpty }
            reason = parts.joined(separator: ": ")
        }
        let message = redaction.scrub(reason.isEmpty ? "\(summary) (\(response.status))" : "\(summary) (\(response.status)): \(reason)")
        log(message)
        return MijnwebwinkelError(kind, message)
    }

    private static func pathAndQuery(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return url }
        return String(url[slash...])
    }
}
