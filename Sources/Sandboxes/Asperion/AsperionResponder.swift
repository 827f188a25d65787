import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SandboxSupport

/// Turns HTTP requests into sandbox calls: `/sandbox/...` (test switches), `/sandbox-import/...` (the file
/// delivery, where the counters and faults apply) and `/v1/...` (the REST reads, where authentication,
/// the request budget, the counters and the faults apply, in that order).
struct AsperionResponder: HTTPResponder {
    typealias Context = SandboxRequestContext

    let sandbox: AsperionSandbox

    func respond(to request: Request, context: SandboxRequestContext) async throws -> Response {
        var request = request
        let limit = sandbox.configuration.maximumFileBytes + 1
        let body: Data
        do {
            body = Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch {
            return Self.response(.tooLarge("A file may have at most \(sandbox.configuration.maximumFileBytes) bytes"))
        }
        let components = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        var sandboxRequest = AsperionRequest(
            method: request.method.rawValue, path: components,
            query: AsperionRequest.decodeQuery(request.uri.query ?? ""),
            body: body, authorization: request.headers[.authorization],
            tenantHeader: HTTPField.Name("X-Tenant-Id").flatMap { request.headers[$0] })
        switch components.first {
        case "sandbox":
            sandboxRequest.path.removeFirst()
            return Self.answer { () throws(AsperionProblem) in
                try AsperionAdminAPI(sandbox: sandbox).handle(sandboxRequest)
            }
        case "sandbox-import":
            sandboxRequest.path.removeFirst()
            let endpoint = AsperionUploadAPI.endpoint(method: sandboxRequest.method, path: sandboxRequest.path)
            return try await faulted(endpoint, context: context) {
                Self.answer { () throws(AsperionProblem) in
                    try AsperionUploadAPI(sandbox: sandbox).route(sandboxRequest)
                }
            }
        case "v1" where components.count >= 2:
            sandboxRequest.path.removeFirst()
            return try await api(sandboxRequest, context: context)
        default:
            return Self.response(.notFound())
        }
    }

    private func api(_ request: AsperionRequest, context: SandboxRequestContext) async throws -> Response {
        let endpoint = AsperionRESTAPI.endpoint(method: request.method, path: request.path)
        let tenant: Int
        do {
            tenant = try sandbox.authenticate(request)
        } catch {
            sandbox.stats.count(endpoint)
            return Self.response(error)
        }
        let budget = sandbox.limiter.take(String(tenant))
        guard budget.allowed else {
            sandbox.stats.count(endpoint)
            return Self.response(.throttled(retryAfterS: budget.retryAfterS()))
        }
        return try await faulted(endpoint, context: context) {
            Self.answer { () throws(AsperionProblem) in
                try AsperionRESTAPI(sandbox: sandbox).route(request, tenant: tenant)
            }
        }
    }

    /// Counts the request, then applies the fault drawn for `endpoint` around `work`.
    private func faulted(_ endpoint: String, context: SandboxRequestContext, work: () -> Response) async throws
        -> Response
    {
        sandbox.stats.count(endpoint)
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
            // Nothing was done; the client must see the connection die without an answer.
            try? await context.channel.close()
            return Self.response(.internalServerError())
        case .commitThenDrop, nil:
            break
        }
        let response = work()
        if drawn?.fault == .commitThenDrop {
            // The work is stored; the client must see the connection die without an answer.
            try? await context.channel.close()
        }
        return response
    }

    private static func answer(_ body: () throws(AsperionProblem) -> AsperionAnswer) -> Response {
        do {
            let answer = try body()
            var headers = HTTPFields()
            let bytes: Data
            switch answer.body {
            case .json(let value):
                headers[.contentType] = "application/json; charset=utf-8"
                bytes = value.serialized
            case .xml(let data):
                headers[.contentType] = "application/xml"
                bytes = data
            }
            return Response(
                status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            return response(error)
        }
    }

    /// RFC 7807 bodies as `application/problem+json` (RFC 7807 §3).
    private static func response(_ problem: AsperionProblem) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        for (name, value) in problem.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let body = problem.body(traceID: UUID().uuidString.lowercased())
        return Response(
            status: .init(code: problem.status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: body.serialized)))
    }
}
