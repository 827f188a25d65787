import Foundation
import KoppelCore
import Shop

/// A connection's Mijnwebwinkel shop as an `OrderSource`: new and changed orders since the stored
/// cursor (`MijnwebwinkelClient.orders(changedSince:)`), the statuses and settings read from the API.
/// One source per fetch run, used from one thread (its client owns a libcurl handle).
public final class MijnwebwinkelOrderSource: OrderSource, @unchecked Sendable {
    private let client: MijnwebwinkelClient
    private let lock = NSLock()

    public init(access: MijnwebwinkelAccess, log: @escaping (String) -> Void = { _ in }) throws {
        client = try MijnwebwinkelClient(access: access, log: log)
    }

    /// Requests sent so far (429 retries included), for the figures.
    public var requestCount: Int { lock.withLock { client.requestCount } }

    /// The shop's name: the connection check.
    public func storeName() throws -> String {
        try lock.withLock { try client.store().name }
    }

    /// Everything new or changed since `cursor` in one batch: the client pages through the shop itself,
    /// and its cursor is only valid after the whole read (a page ordered by number is no resting point).
    public func fetch(since cursor: FetchCursor?) throws -> FetchedBatch {
        let from = try cursor.map { try JSONDecoder().decode(MijnwebwinkelCursor.self, from: Data($0.value.utf8)) }
            ?? MijnwebwinkelCursor()
        let changes = try lock.withLock { try client.orders(changedSince: from) }
        let orders = try changes.orders.map(Self.incoming)
        return FetchedBatch(orders: orders, next: FetchCursor(String(decoding: try Self.encoder.encode(changes.next), as: UTF8.self)), more: false)
    }

    /// One `GET /orders/{number}` each; a test order's "T-…" number cannot be asked for, and an order the
    /// shop no longer has (404) is left as koppel stored it.
    public func orders(references: [String]) throws -> [IncomingOrder] {
        try lock.withLock {
            var found: [IncomingOrder] = []
            for reference in references where Int(reference) != nil {
                do {
                    found.append(try Self.incoming(try client.order(number: reference)))
                } catch let error as MijnwebwinkelError where error.kind == .notFound {
                    continue
                }
            }
            return found
        }
    }

    public func statuses() throws -> [ShopStatus] {
        try lock.withLock {
            try client.orderStatuses().map { ShopStatus(id: String($0.id), name: $0.name ?? String($0.id), credits: $0.isCreditStatus) }
        }
    }

    public func settings() throws -> Data {
        let statuses = try self.statuses()
        return try lock.withLock {
            let store = try client.store()
            let methods = try client.paymentGateways().flatMap { gateway in
                gateway.methods.map { method in
                    MijnwebwinkelShopSettings.PaymentMethod(
                        code: "\(gateway.name).\(method.name)", name: method.displayName.isEmpty ? method.name : method.displayName)
                }
            }
            return MijnwebwinkelShopSettings(
                storeName: store.name, currency: store.currency, pricesIncludeTax: store.pricesIncludeTax, statuses: statuses,
                paymentMethods: methods
            ).canonicalJSON
        }
    }

    /// The order as the store keeps it: the decoded order's canonical JSON, so that the same order read
    /// again (in either of the API's shapes) has the same digest and is stored once.
    static func incoming(_ order: MijnwebwinkelOrder) throws -> IncomingOrder {
        IncomingOrder(
            orderReference: order.number, status: String(order.status.id), total: Amount(cents: order.grossTotal.value),
            currencyCode: order.currency, dateAdded: "\(order.date) \(order.time)", canonicalJSON: try encoder.encode(order))
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
