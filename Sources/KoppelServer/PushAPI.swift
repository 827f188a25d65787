import Foundation
import KoppelCore
import KoppelStore
import Logging
import OpenCart

/// The push API of docs/protocol.md: routing, authentication, validation and storing. Knows
/// nothing of FastCGI; `FastCGIServer` feeds it requests, tests may call it directly.
public final class PushAPI: Sendable {
    public static let defaultBodyLimit = 8 * 1024 * 1024

    let database: KoppelDatabase
    let authenticator: RequestAuthenticator
    let bodyLimit: Int
    let logger: Logger
    let clock: @Sendable () -> Int64

    public init(
        database: KoppelDatabase, masterKeyPath: String, bodyLimit: Int = PushAPI.defaultBodyLimit, logger: Logger,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) {
        self.database = database
        self.authenticator = RequestAuthenticator(database: database, masterKeyPath: masterKeyPath)
        self.bodyLimit = bodyLimit
        self.logger = logger
        self.clock = clock
    }

    enum Route: Sendable {
        case ping, orders, settings

        init?(path: Substring) {
            switch path {
            case "/api/v1/ping": self = .ping
            case "/api/v1/orders": self = .orders
            case "/api/v1/settings": self = .settings
            default: return nil
            }
        }

        var method: String { self == .ping ? "GET" : "POST" }
    }

    /// Refuses what can be refused before the body is read: unknown paths, wrong methods,
    /// missing or excessive lengths, other media types.
    public func refusal(for head: APIRequestHead) -> APIError? {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard let route = Route(path: path) else { return .notFound }
        guard head.method == route.method else { return .methodNotAllowed(allow: route.method) }
        if let length = head.contentLength, length > bodyLimit { return .bodyTooLarge(limit: bodyLimit) }
        guard route.method == "POST" else { return nil }
        guard head.contentLength != nil else { return .lengthRequired }
        guard let contentType = head.contentType, Self.isJSON(contentType) else { return .unsupportedMediaType }
        return nil
    }

    /// Whether a Content-Type names `application/json`, in any case, with or without parameters
    /// (`; charset=utf-8`) and blanks around it. Byte by byte: Foundation's trimming and lowering
    /// took 4.5 % of the request threads' time (docs/benchmarks.md, "One index for the orders that
    /// need attention").
    static func isJSON(_ contentType: String) -> Bool {
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        var mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }[...]
        while let first = mediaType.first, blank(first) { mediaType.removeFirst() }
        while let last = mediaType.last, blank(last) { mediaType.removeLast() }
        let expected = "application/json".utf8
        guard mediaType.count == expected.count else { return false }
        // ASCII letters lowered by setting bit 5; the other bytes of the name must match exactly.
        return zip(mediaType, expected).allSatisfy { byte, wanted in
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) == wanted
        }
    }

    /// Answers a request whose head passed `refusal(for:)`.
    public func respond(to request: APIRequest) -> APIResponse {
        guard let route = Route(path: request.path) else { return APIError.notFound.response }
        let now = clock()
        do {
            let caller = try authenticator.authenticate(request, now: now)
            switch route {
            case .ping: return try ping(caller, now: now)
            case .orders: return try storeOrders(request.body, caller, now: now)
            case .settings: return try storeSettings(request.body, caller, now: now)
            }
        } catch let failure as RequestAuthenticator.Failure {
            logger.notice("refused request", metadata: ["reason": "\(failure.rawValue)", "license": "\(request.license ?? "-")"])
            return APIError.unauthorized.response
        } catch let unavailable as RequestAuthenticator.MasterKeyUnavailable {
            // The operator's to mend; the shop keeps the push and sends it again later.
            logger.error(
                "cannot authenticate requests: \(unavailable)", metadata: ["license": "\(request.license ?? "-")"])
            return APIError.masterKeyUnavailable.response
        } catch is ReplayedSignature {
            logger.notice("refused replayed request", metadata: ["license": "\(request.license ?? "-")"])
            return APIError.unauthorized.response
        } catch let rejection as PushRejection {
            switch rejection {
            case .malformedJSON(let message, let field): return APIError.malformedJSON(message, field: field).response
            case .invalidField(let error): return APIError.invalidField(error).response
            }
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.path)", "error": "\(error)"])
            return APIError.internalError.response
        }
    }

    private func ping(_ caller: RequestAuthenticator.Authenticated, now: Int64) throws -> APIResponse {
        try database.acceptSignature(caller.signature, now: now)
        let connection = caller.connection
        var unconfigured: [String] = []
        if try !database.hasSettings(connectionID: connection.id) { unconfigured.append("settings") }
        if try database.ledgerAccess(connectionID: connection.id) == nil { unconfigured.append("ledger") }
        if try database.bookingConfiguration(connectionID: connection.id).bookedStatusIDs.isEmpty {
            unconfigured.append("booked_statuses")
        }
        return APIResponse(status: .ok, json: PingReply(
            connection: .init(name: connection.name, license: connection.licenseKey, shop: connection.shop.rawValue, ledger: connection.ledger.rawValue),
            unconfigured: unconfigured, serverTime: now, protocol: 1))
    }

    private func storeOrders(_ body: Data, _ caller: RequestAuthenticator.Authenticated, now: Int64) throws -> APIResponse {
        let batch = try PushDecoding.orderBatch(from: body)
        let incoming = try batch.orders.map { try $0.incoming() }
        let stored = try database.storeOrders(incoming, connectionID: caller.connection.id, signature: caller.signature, now: now)
        let created = stored.count(where: { $0.result == .created })
        let updated = stored.count(where: { $0.result == .updated })
        logger.info("orders pushed", metadata: [
            "license": "\(caller.connection.licenseKey)", "orders": "\(stored.count)", "created": "\(created)", "updated": "\(updated)",
        ])
        // The store answers in the batch's order; the extension reads OpenCart's integer ids back.
        return APIResponse(status: .ok, body: OrdersReply(orders: zip(batch.orders, stored).map { order, result in
            .init(orderID: order.orderID, result: result.result, version: result.version)
        }).json)
    }

    private func storeSettings(_ body: Data, _ caller: RequestAuthenticator.Authenticated, now: Int64) throws -> APIResponse {
        let settings = try PushDecoding.settings(from: body)
        let stored = try database.storeSettings(
            canonicalJSON: try settings.canonicalJSON(), connectionID: caller.connection.id, signature: caller.signature, now: now)
        logger.info("settings pushed", metadata: ["license": "\(caller.connection.licenseKey)", "result": "\(stored.result.rawValue)"])
        return APIResponse(status: .ok, json: SettingsReply(settings: .init(result: stored.result.rawValue, version: stored.version)))
    }
}

struct PingReply: Encodable {
    struct ConnectionInfo: Encodable {
        var name, license, shop, ledger: String
    }
    var connection: ConnectionInfo
    var unconfigured: [String]
    var serverTime: Int64
    var `protocol`: Int

    enum CodingKeys: String, CodingKey {
        case connection, unconfigured, `protocol`
        case serverTime = "server_time"
    }
}

struct SettingsReply: Encodable {
    struct Entry: Encodable {
        var result: String
        var version: Int64
    }
    var settings: Entry
}
