import Foundation
import KoppelCore

/// Reads a Mijnwebwinkel shop through the MyOnlineStore Connect API (docs/mijnwebwinkel.md): the store
/// (the connection check), order statuses, payment methods, single orders and, page by page, what is new
/// or changed since a cursor. One client per thread (it owns a libcurl handle).
public final class MijnwebwinkelClient {
    /// At most 100 per page, the spec's maximum [SPEC `limit`].
    public static let pageSize = 100

    private let http: MijnwebwinkelHTTP
    private var statusNames: [Int: MijnwebwinkelOrderStatus]?

    /// `log` gets one line per request, tokens scrubbed; `clock` is epoch seconds; `sleep` waits whole seconds.
    public init(
        access: MijnwebwinkelAccess, log: @escaping (String) -> Void = { _ in },
        clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) },
        sleep: @escaping (Int64) -> Void = { seconds in Thread.sleep(forTimeInterval: TimeInterval(seconds)) }
    ) throws(MijnwebwinkelError) {
        http = try MijnwebwinkelHTTP(access: access, log: log, clock: clock, sleep: sleep)
    }

    /// Requests sent so far, retries after a 429 included.
    public var requestCount: Int { http.requestCount }

    /// `GET /store`: proves both tokens work and names the shop.
    public func store() throws(MijnwebwinkelError) -> MijnwebwinkelStore {
        let raw: RawStore = try OrderDecoding.decode(try http.get("store"))
        return MijnwebwinkelStore(
            id: raw.id, name: raw.name ?? "", currency: raw.currency ?? "EUR", pricesIncludeTax: raw.pricesIncludeTax ?? true,
            businessModels: raw.availableBusinessModels, regionCode: raw.regionCode)
    }

    /// `GET /orderstatuses`: the store's statuses with their own descriptions [SPEC].
    public func orderStatuses() throws(MijnwebwinkelError) -> [MijnwebwinkelOrderStatus] {
        let raw: [RawOrderStatus] = try OrderDecoding.decode(try http.get("orderstatuses"))
        let statuses = raw.map { MijnwebwinkelOrderStatus(id: $0.status, name: $0.description, isCreditStatus: $0.creditOrder ?? false) }
        statusNames = Dictionary(statuses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return statuses
    }

    /// `GET /payment/gateways`: every gateway and its payment methods [SPEC `PaymentGateways`].
    public func paymentGateways() throws(MijnwebwinkelError) -> [MijnwebwinkelGateway] {
        let raw: RawGateways = try OrderDecoding.decode(try http.get("payment/gateways"))
        return (raw.gateways ?? []).map { gateway in
            MijnwebwinkelGateway(
                name: gateway.name, displayName: gateway.displayName ?? gateway.name,
                methods: (gateway.methods ?? []).map { ($0.name, $0.displayName ?? $0.name) })
        }
    }

    /// `GET /orders/{number}`, its status named.
    public func order(number: String) throws(MijnwebwinkelError) -> MijnwebwinkelOrder {
        guard let whole = Int(number) else {
            throw MijnwebwinkelError(.notFound, "order \(number) is not a number the API can look up")
        }
        return try named([OrderDecoding.order(try http.get("orders/\(whole)"))])[0]
    }

    /// Every order matching `filters`, page by page (`limit`/`offset`, a short page ends it, §1.5).
    public func orders(filters: [(String, String)] = []) throws(MijnwebwinkelError) -> [MijnwebwinkelOrder] {
        var found: [MijnwebwinkelOrder] = []
        try pages(filters + [("ordering", "asc")]) { page in
            found += page
            return true
        }
        return try named(found)
    }

    /// New orders (number above the cursor's) and orders whose status changed since the cursor's time, each
    /// once, by number; and the cursor to ask with next time. Ordering by number keeps offset paging safe
    /// while the shop changes: an order that joins the result while koppel pages shifts later ones back,
    /// so one may come twice (kept once) but none is skipped.
    public func orders(changedSince cursor: MijnwebwinkelCursor) throws(MijnwebwinkelError) -> MijnwebwinkelChanges {
        var byNumber: [String: MijnwebwinkelOrder] = [:]
        func keep(_ order: MijnwebwinkelOrder) {
            if let known = byNumber[order.number], (known.statusChangedAt ?? "") > (order.statusChangedAt ?? "") { return }
            byNumber[order.number] = order
        }
        if let highest = cursor.highestNumber {
            // Newest first, until the pages reach the cursor: there is no "number above" filter [SPEC].
            try pages([("ordering", "desc")]) { page in
                for order in page where (order.numericNumber ?? Int.min) > highest { keep(order) }
                return !page.contains { ($0.numericNumber ?? Int.max) <= highest }
            }
        } else {
            try pages([("ordering", "asc")]) { page in
                page.forEach(keep)
                return true
            }
        }
        if let since = cursor.statusChangedSince {
            // The start is taken as inclusive [Guess: the spec says "minimum"], so a change later in the same
            // second as the cursor is not lost; what the cursor already delivered in that second is left out.
            let delivered = Set(cursor.deliveredAtSince)
            try pages([("status_changed_start_date", since), ("ordering", "asc")]) { page in
                for order in page where !(order.statusChangedAt == since && delivered.contains(order.number)) { keep(order) }
                return true
            }
        }
        let orders = try named(byNumber.values.sorted(by: Self.byNumber))
        return MijnwebwinkelChanges(orders: orders, next: cursor.advanced(past: orders))
    }

    /// Calls `body` with each page until it returns false or a page comes back short.
    private func pages(
        _ filters: [(String, String)], _ body: ([MijnwebwinkelOrder]) -> Bool
    ) throws(MijnwebwinkelError) {
        var offset = 0
        while true {
            let data = try http.get(
                "orders", query: filters + [("limit", String(Self.pageSize)), ("offset", String(offset))])
            let page = try OrderDecoding.orders(data)
            guard body(page), page.count == Self.pageSize else { return }
            offset += page.count
        }
    }

    /// The orders with their statuses' descriptions, looked up once per client.
    private func named(_ orders: [MijnwebwinkelOrder]) throws(MijnwebwinkelError) -> [MijnwebwinkelOrder] {
        if statusNames == nil { _ = try orderStatuses() }
        return orders.map { order in
            var order = order
            if let known = statusNames?[order.status.id] { order.status = known }
            return order
        }
    }

    private static func byNumber(_ a: MijnwebwinkelOrder, _ b: MijnwebwinkelOrder) -> Bool {
        switch (a.numericNumber, b.numericNumber) {
        case let (x?, y?): x < y
        case (_?, nil): true
        case (nil, _?): false
        case (nil, nil): a.number < b.number
        }
    }
}

/// Where the last read stopped: the highest order number seen, the latest status change seen and the orders
/// already delivered with that very change time.
public struct MijnwebwinkelCursor: Equatable, Sendable, Codable {
    public var highestNumber: Int?
    /// `YYYY-MM-DD HH:MM:SS`, as `status_changed_start_date` takes it [SPEC].
    public var statusChangedSince: String?
    /// Numbers of the orders delivered whose status changed at exactly `statusChangedSince`.
    public var deliveredAtSince: [String]

    public init(highestNumber: Int? = nil, statusChangedSince: String? = nil, deliveredAtSince: [String] = []) {
        self.highestNumber = highestNumber
        self.statusChangedSince = statusChangedSince
        self.deliveredAtSince = deliveredAtSince
    }

    /// The cursor after `orders` were delivered.
    func advanced(past orders: [MijnwebwinkelOrder]) -> MijnwebwinkelCursor {
        var next = self
        if let highest = orders.compactMap(\.numericNumber).max() { next.highestNumber = max(highest, highestNumber ?? highest) }
        guard let latest = orders.compactMap(\.statusChangedAt).max(), latest >= (statusChangedSince ?? "") else { return next }
        let atLatest = orders.filter { $0.statusChangedAt == latest }.map(\.number)
        next.deliveredAtSince = latest == statusChangedSince ? Array(Set(deliveredAtSince + atLatest)).sorted() : atLatest.sorted()
        next.statusChangedSince = latest
        return next
    }
}

public struct MijnwebwinkelChanges: Sendable {
    public var orders: [MijnwebwinkelOrder]
    public var next: MijnwebwinkelCursor
}
