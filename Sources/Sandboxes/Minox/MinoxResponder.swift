import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxSupport

/// Turns HTTP requests into sandbox calls: `/oauth/...`, `/sandbox/...` and `/api/1/...`, where the rate
/// limit, the counters and the fault switches apply.
struct MinoxResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let sandbox: MinoxSandbox

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let body = Data(try await request.collectBody(upTo: 4 * 1024 * 1024).readableBytesView)
        let components = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        var minoxRequest = MinoxRequest(
            method: request.method.rawValue, path: components, query: MinoxRequest.decodeQuery(request.uri.query ?? ""),
            body: body, authorization: request.headers[.authorization])
        switch components.first {
        case "oauth":
            minoxRequest.path.removeFirst()
            return Self.answer { () throws(MinoxError) in try MinoxOAuthAPI(sandbox: sandbox).handle(minoxRequest) }
        case "sandbox":
            minoxRequest.path.removeFirst()
            return Self.answer { () throws(MinoxError) in try MinoxAdminAPI(sandbox: sandbox).handle(minoxRequest) }
        case "api" where components.count >= 3 && components[1] == "1":
            minoxRequest.path.removeFirst(2)
            return try await api(minoxRequest, context: context)
        default:
            return Self.response(MinoxError.notFound())
        }
    }

    private func api(_ request: MinoxRequest, context: SandboxRequestContext) async throws -> Response {
        let endpoint = MinoxRouter.endpoint(method: request.method, path: request.path)
        sandbox.stats.count(endpoint)
        let budget = sandbox.limiter.take(MinoxRouter.budgetKey(path: request.path))
        guard budget.allowed else {
            return Self.response(.throttled(retryAfterS: budget.retryAfterS(), headers: budget.headers))
        }
        // Drawn after the limiter, so a request it refused does not use up a fault rule.
        let (latencyMS, drawn) = sandbox.faults.draw(for: endpoint)
        if latencyMS > 0 { try await Task.sleep(for: .milliseconds(latencyMS)) }
        switch drawn?.fault {
        case .rateLimit:
            var refused = budget
            refused.remaining = 0
            refused.resetMS = Int64((Date().timeIntervalSince1970 + Double(drawn!.retryAfterS)) * 1000)
            return Self.response(.throttled(retryAfterS: drawn!.retryAfterS, headers: refused.headers))
        case .error:
            return Self.response(.internalServerError(), extra: budget.headers)
        case .timeout:
            try await Task.sleep(for: .milliseconds(sandbox.faults.timeoutHoldMS))
            return Self.response(.gatewayTimeout(), extra: budget.headers)
        case .drop:
            // Nothing was done; the client must see the connection die without an answer.
            try? await context.channel.close()
            return Self.response(.internalServerError())
        case .commitThenDrop, nil:
            break
        }
        let router = MinoxRouter(sandbox: sandbox)
        var response = Self.answer { () throws(MinoxError) in try router.route(request) }
        for (name, value) in budget.headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        if drawn?.fault == .commitThenDrop {
            // The work is stored; the client must see the connection die without an answer.
            try? await context.channel.close()
        }
        return response
    }

    private static func answer(_ body: () throws(MinoxError) -> MinoxAnswer) -> Response {
        do {
            let answer = try body()
            var headers = HTTPFields()
            if answer.body != nil { headers[.contentType] = "application/json" }
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { headers[field] = value }
            }
            let buffer = ByteBuffer(bytes: answer.body?.serialized ?? Data())
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: buffer))
        } catch {
            return response(error)
        }
    }

    private static func response(_ error: MinoxError, extra: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        for (name, value) in extra + error.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: error.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: error.body.serialized)))
    }
}
