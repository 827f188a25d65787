import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxSupport

/// Turns HTTP requests into sandbox calls: `/oauth/...`, `/sandbox/...` and `/api/v2/...`, where the
/// rate limit and the fault switches apply.
struct SandboxResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let sandbox: Sandbox

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let body = Data(try await request.collectBody(upTo: 4 * 1024 * 1024).readableBytesView)
        var components = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        if let last = components.last {
            if last.hasSuffix(".json") {
                components[components.count - 1] = String(last.dropLast(5))
            } else if last.hasSuffix(".xml") {
                return Self.response(
                    SandboxError.plain(status: 406, body: .object([("error", .string("Format not supported"))])))
            }
        }
        var apiRequest = APIRequest(
            method: request.method.rawValue, path: components,
            query: APIRequest.decodeQuery(request.uri.query ?? ""), body: body,
            origin: "http://" + (request.head.authority ?? "127.0.0.1"),
            rawPath: request.uri.path)

        switch components.first {
        case "oauth":
            apiRequest.path.removeFirst()
            return Self.answer { () throws(SandboxError) in try OAuthAPI(sandbox: sandbox).handle(apiRequest) }
        case "sandbox":
            apiRequest.path.removeFirst()
            return Self.answer { () throws(SandboxError) in try AdminAPI(sandbox: sandbox).handle(apiRequest) }
        case "api" where components.count >= 3 && components[1] == "v2":
            apiRequest.path.removeFirst(2)
            return try await api(apiRequest, authorization: request.headers[.authorization], context: context)
        default:
            return Self.response(SandboxError.notFound())
        }
    }

    private func api(_ request: APIRequest, authorization: String?, context: SandboxRequestContext) async throws -> Response {
        let endpoint = APIRouter.endpoint(method: request.method, path: request.path)
        sandbox.stats.count(endpoint)
        let budget = sandbox.limiter.take(APIRouter.budgetKey(path: request.path, authorization: authorization))
        let limitHeaders = budget.headers
        guard budget.allowed else { return Self.response(SandboxError.throttled(headers: limitHeaders)) }

        // Drawn after the limiter, so a request it refused does not use up a fault rule.
        let (latencyMS, fault) = sandbox.faults.draw(for: endpoint)
        if latencyMS > 0 { try await Task.sleep(for: .milliseconds(latencyMS)) }
        switch fault {
        case .rateLimit(let seconds):
            return Self.response(SandboxError.throttled(headers: budget.refused(retryAfterS: seconds).headers))
        case .serverError:
            return Self.response(SandboxError.internalServerError(), extra: limitHeaders)
        case .timeout(let holdMS):
            try await Task.sleep(for: .milliseconds(holdMS))
            return Self.response(SandboxError.gatewayTimeout(), extra: limitHeaders)
        case .drop:
            // Nothing was done; the client must see the connection die without any answer.
            try? await context.channel.close()
            return Self.response(SandboxError.internalServerError())
        case .commitThenDrop, nil:
            break
        }
        let router = APIRouter(sandbox: sandbox)
        var response = Self.answer { () throws(SandboxError) in try router.route(request, authorization: authorization) }
        for (name, value) in limitHeaders {
            if let field = HTTPField.Name(name) { response.headers[field] = value }
        }
        if case .commitThenDrop = fault {
            // The work is committed; the client must see the connection die without any answer.
            try? await context.channel.close()
        }
        return response
    }

    private static func answer(_ body: () throws(SandboxError) -> APIAnswer) -> Response {
        do {
            let answer = try body()
            var headers = HTTPFields()
            if answer.body != nil || answer.serializedBody != nil { headers[.contentType] = "application/json; charset=utf-8" }
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { headers[field] = value }
            }
            let buffer = ByteBuffer(bytes: answer.serializedBody ?? answer.body?.serialized ?? Data())
            return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: buffer))
        } catch {
            return response(error)
        }
    }

    private static func response(_ error: SandboxError, extra: [(String, String)] = []) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        for (name, value) in extra + error.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(
            status: .init(code: error.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: error.body.serialized)))
    }
}
