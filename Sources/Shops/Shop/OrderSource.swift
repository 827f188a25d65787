import Foundation
import KoppelCore

/// Where a fetch left off, opaque to everyone but the shop's adapter (Mijnwebwinkel: the highest
/// order number read, or a status-change time). The store keeps it beside the fetched orders and
/// moves it only in the transaction that stores them.
public struct FetchCursor: Sendable, Hashable, Codable {
    public var value: String

    public init(_ value: String) {
        self.value = value
    }
}

/// One page of a fetch: orders as the store keeps them, and the cursor after them.
public struct FetchedBatch: Sendable {
    public var orders: [IncomingOrder]
    public var next: FetchCursor
    /// Whether the shop has more after `next` (a full page); the fetcher asks again at once.
    public var more: Bool

    public init(orders: [IncomingOrder], next: FetchCursor, more: Bool) {
        self.orders = orders
        self.next = next
        self.more = more
    }
}

/// A status as the shop names it, with what koppel reads from it.
public struct ShopStatus: Sendable, Equatable, Codable {
    /// The shop's own id of the status, as text ("1", "complete").
    public var id: String
    /// The shop's name of it, in the shop's language.
    public var name: String
    /// Whether the shop marks it as a credit or cancellation (Mijnwebwinkel's `credit_order`).
    public var credits: Bool

    public init(id: String, name: String, credits: Bool = false) {
        self.id = id
        self.name = name
        self.credits = credits
    }
}

/// A shop koppel reads orders from: the contract of a fetching shop's adapter.
public protocol OrderSource: Sendable {
    /// The orders changed or added since `cursor` (nil: from the start), one page at a time, in
    /// an order the cursor can follow. Fetching the same cursor twice gives the same orders when
    /// nothing changed in the shop: the store recognises them by their content digest.
    func fetch(since cursor: FetchCursor?) throws -> FetchedBatch

    /// These orders read again one by one, whatever the cursor says (the nightly recheck of the
    /// orders still open): a change the cursor passed over is found within a day.
    func orders(references: [String]) throws -> [IncomingOrder]

    /// The shop's order statuses, for the configuration's choice of which are booked.
    func statuses() throws -> [ShopStatus]

    /// The shop's settings the examiner needs, in canonical JSON (sorted keys), stored as a
    /// settings version when they changed, as a pushing shop's settings are.
    func settings() throws -> Data
}
