import Foundation
import HTTPTypes
import Hummingbird
import KoppelStore
import Logging
import NIOCore

/// koppel-web: the dashboard's API on Hummingbird, on a unix socket only nginx may open
/// (or on a loopback port), answering below `/app/api/`.
public struct DashboardServer: Sendable {
    public enum Address: Sendable {
        case unix(path: String, mode: mode_t)
        case tcp(host: String, port: Int)
    }

    let api: DashboardAPI
    let address: Address
    let socketGroup: SocketGroup?

    public init(api: DashboardAPI, address: Address, socketGroup: SocketGroup? = nil) {
        self.api = api
        self.address = address
        self.socketGroup = socketGroup
    }

    /// Serves until SIGTERM or SIGINT.
    public func run(logger: Logger) async throws {
        let bind: BindAddress
        switch address {
        case .unix(let path, _):
            // A socket left by an earlier run would make the bind fail.
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            bind = .unixDomainSocket(path: path)
        case .tcp(let host, let port):
            bind = .hostname(host, port: port)
        }
        let address = address
        let socketGroup = socketGroup
        let application = Application(
            responder: DashboardResponder(api: api),
            configuration: ApplicationConfiguration(address: bind, serverName: "koppel-web"),
            onServerRunning: { _ in
                // Made under the process's umask; nginx's group needs to write to it to connect.
                if case .unix(let path, let mode) = address {
                    chmod(path, mode)
                    do {
                        try socketGroup?.own(socketAt: path)
                    } catch {
                        logger.critical("nginx cannot connect: \(error)")
                    }
                }
                logger.notice("koppel-web listening", metadata: ["address": "\(address)"])
            },
            logger: logger
        )
        try await application.runService()
    }
}

struct DashboardRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
    }
}

/// Hummingbird's request in, DashboardAPI's answer out; only `/app/api/` exists here (nginx
/// serves the rest).
struct DashboardResponder: HTTPResponder {
    typealias Context = DashboardRequestContext
    static let prefix = ["app", "api"]
    /// JSON forms of a few hundred bytes; anything larger is not the dashboard's.
    static let bodyLimit = 64 * 1024

    let api: DashboardAPI

    func respond(to request: Request, context: DashboardRequestContext) async throws -> Response {
        var request = request
        let segments = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard segments.starts(with: Self.prefix) else { return Self.response(WebAnswer(WebError.notFound)) }
        let body: Data
        do {
            body = Data(try await request.collectBody(upTo: Self.bodyLimit).readableBytesView)
        } catch {
            return Self.response(
                WebAnswer(WebError(status: 413, code: "body_too_large", message: "Het verzoek is te groot.")))
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        let webRequest = WebRequest(
            method: request.method.rawValue, path: Array(segments.dropFirst(Self.prefix.count)), query: query,
            headers: headers,
            body: body)
        return Self.response(await api.handle(webRequest))
    }

    static func response(_ answer: WebAnswer) -> Response {
        var headers = HTTPFields()
        // JSON unless the answer says otherwise (a report's CSV).
        headers[.contentType] = "application/json; charset=utf-8"
        // Personal data: never kept by a browser or a proxy.
        headers[.cacheControl] = "no-store"
        for (name, value) in answer.headers {
            guard let field = HTTPField.Name(name) else { continue }
            if field == .contentType {
                headers[.contentType] = value
            } else {
                headers.append(HTTPField(name: field, value: value))
            }
        }
        guard let pages = answer.pages else {
            return Response(
                status: .init(code: answer.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        let first = answer.body
        return Response(
            status: .init(code: answer.status), headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(bytes: first))
                var cursor: String?
                repeat {
                    let (page, next) = try pages(cursor)
                    if !page.isEmpty { try await writer.write(ByteBuffer(bytes: page)) }
                    cursor = next
                } while cursor != nil
                try await writer.finish(nil)
            })
    }
}
