import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxSupport

/// Turns HTTP requests into sandbox calls: `/sandbox/...` and `/api/v1/...`, where authentication, the hourly
/// budget, the counters and the fault switches apply, in that order.
struct FactuursturenResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let sandbox: FactuursturenSandbox

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let body = Data(try await request.collectBody(upTo: 4 * 1024 * 1024).readableBytesView)
        let components = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        var sandboxRequest = FactuursturenRequest(
            method: request.method.rawValue, path: components, query: FactuursturenRequest.decodeQuery(request.uri.query ?? ""),
            body: body, authorization: request.headers[.authorization])
        switch components.first {
        case "sandbox":
            sandboxRequest.path.removeFirst()
            return Self.answer { () throws(FactuursturenError) in try FactuursturenAdminAPI(sandbox: sandbox).handle(sandboxRequest) }
        case "api" where components.count >= 3 && components[1] == "v1":
            sandboxRequest.path.removeFirst(2)
            return try await api(sandboxRequest, context: context)
        default:
            return Self.response(FactuursturenError.notFound())
        }
    }

    private func api(_ request: FactuursturenRequest, context: SandboxRequestContext) async throws -> Response {
        let endpoint = FactuursturenRouter.endpoint(method: request.method, path: request.path)
        sandbox.stats.count(endpoint)
        let user: String
        do {
            user = try sandbox.authenticate(request)
        } catch {
            return Self.response(error)
        }
        let spends = !sandbox.configuration.rateCountsOnlyInvoiceCreates || endpoint == "POST /invoices"
        let budget = sandbox.limiter.take(user, spends: spends)
        guard budget.allowed else { return Self.response(.rateLimited(headers: budget.headers)) }
        // Drawn after the limiter, so a request it refused does not use up a fault rule.
        let (latencyMS, drawn) = sandbox.faults.draw(for: endpoint)
        if latencyMS > 0 { try await Task.sleep(for: .milliseconds(latencyMS)) }
        switch drawn?.fault {
        case .rateLimit:
            var refused = budget
            refused.remaining = 0
            return Self.response(.rateLimited(headers: refused.headers))
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
        let router = FactuursturenRouter(sandbox: sandbox)
        var response = Self.answer { () throws(FactuursturenError) in try router.route(request) }
        for (name, value) in budget.headers {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        if drawn?.fault == .commitThenDrop {
            // The work is stored; the client must see the connection die without an answer.
            try? await context.channel.close()
        }
        return response
    }

    private static func answer(_ body: () throws(FactuursturenError) -> FactuursturenAnswer) -> Response {
        do {
            let answer = try body()
            var headers = HTTPFields()
            let bytes: Data
            switch answer.body {
            case .json(let value):
                headers[.contentType] = "application/json"
                bytes = value.serialized
            case .text(let text):
                // The new number, bare [C-multi: §4.2]; the content type is a guess.
                headers[.contentType] = "text/plain; charset=utf-8"
                bytes = Data(text.utf8)
            case .empty:
                bytes = Data()
            }
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            return response(error)
        }
    }

    private static func response(_ error: FactuursturenError, extra: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        for (name, value) in extra + error.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .init(code: error.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Data(error.message.utf8))))
    }
}
