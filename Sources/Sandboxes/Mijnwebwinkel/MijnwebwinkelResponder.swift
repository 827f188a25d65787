import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxSupport

/// Turns HTTP requests into sandbox calls: `/sandbox/...` and `/v{version}/...`, where the rate limit, the
/// counters and the fault switches apply.
struct MijnwebwinkelResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let sandbox: MijnwebwinkelSandbox

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let body = Data(try await request.collectBody(upTo: 4 * 1024 * 1024).readableBytesView)
        let components = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        var shopRequest = MijnwebwinkelRequest(
            method: request.method.rawValue, path: components, query: MijnwebwinkelRequest.decodeQuery(request.uri.query ?? ""),
            body: body)
        if components.first == "sandbox" {
            shopRequest.path.removeFirst()
            return Self.answer { () throws(MijnwebwinkelProblem) in try MijnwebwinkelAdminAPI(sandbox: sandbox).handle(shopRequest) }
        }
        return try await api(shopRequest, context: context)
    }

    private func api(_ request: MijnwebwinkelRequest, context: SandboxRequestContext) async throws -> Response {
        let endpoint = MijnwebwinkelAPI.endpoint(method: request.method, path: request.path)
        sandbox.stats.count(endpoint)
        let budget = sandbox.limiter.take(MijnwebwinkelAPI.budgetKey(request))
        guard budget.allowed else { return Self.response(.throttled(retryAfterS: budget.retryAfterS())) }
        // Drawn after the limiter, so a request it refused does not use up a fault rule.
        let (latencyMS, drawn) = sandbox.faults.draw(for: endpoint)
        if latencyMS > 0 { try await Task.sleep(for: .milliseconds(latencyMS)) }
        switch drawn?.fault {
        case .rateLimit:
            return Self.response(.throttled(retryAfterS: drawn!.retryAfterS))
        case .error:
            return Self.response(.internalServerError())
        case .timeout:
            try await Task.sleep(for: .milliseconds(sandbox.faults.timeoutHoldMS))
            return Self.response(.gatewayTimeout())
        case .drop:
            // The client must see the connection die without an answer.
            try? await context.channel.close()
            return Self.response(.internalServerError())
        case nil:
            break
        }
        let api = MijnwebwinkelAPI(sandbox: sandbox)
        return Self.answer { () throws(MijnwebwinkelProblem) in try api.route(request) }
    }

    private static func answer(_ body: () throws(MijnwebwinkelProblem) -> MijnwebwinkelAnswer) -> Response {
        do {
            let answer = try body()
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(
                status: .init(code: answer.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body.serialized)))
        } catch {
            return response(error)
        }
    }

    /// RFC 7807 bodies go out as `application/problem+json` [Guess: the spec gives no media type for them].
    private static func response(_ problem: MijnwebwinkelProblem) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        for (name, value) in problem.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: problem.body.serialized)))
    }
}
