import Crypto
import Foundation

/// One order from a shop (pushed or fetched), reduced to what the store needs: its identity, a few
/// columns to list and filter by, and its full content in canonical form with that content's digest.
///
/// The reference and the status are the shop's own, as text: OpenCart's are integers, other shops
/// write order numbers such as "T-1001" and the store never does arithmetic on them.
///
/// Canonical means re-encoded from the decoded value with sorted keys: two pushes of the same order
/// that differ only in whitespace, key order or unknown fields have the same digest, so the second
/// one is recognised as unchanged.
public struct IncomingOrder: Sendable {
    /// The order's reference in the shop, unique per connection ("1024", "MWW-1001").
    public var orderReference: String
    /// The shop's store of the order where a shop has several (OpenCart); 0 otherwise.
    public var storeID: Int64
    /// The shop's status of this version, as text ("5").
    public var status: String
    public var total: Amount
    public var currencyCode: String
    public var dateAdded: String
    public var canonicalJSON: Data
    public var contentDigest: Data

    public init(
        orderReference: String, storeID: Int64 = 0, status: String, total: Amount, currencyCode: String,
        dateAdded: String, canonicalJSON: Data
    ) {
        self.orderReference = orderReference
        self.storeID = storeID
        self.status = status
        self.total = total
        self.currencyCode = currencyCode
        self.dateAdded = dateAdded
        self.canonicalJSON = canonicalJSON
        self.contentDigest = Self.digest(of: canonicalJSON)
    }

    /// SHA-256 of canonical content: how koppel tells a changed order (or settings) from a repeat.
    public static func digest(of canonicalJSON: Data) -> Data {
        Data(SHA256.hash(data: canonicalJSON))
    }
}

/// What a push did to one order.
public enum StoreResult: String, Sendable, Codable {
    case created
    case updated
    case unchanged
}

/// The outcome for one order of a push or a fetch, in the order of the batch.
public struct StoredOrder: Sendable, Equatable {
    public var orderReference: String
    public var result: StoreResult
    public var version: Int64

    public init(orderReference: String, result: StoreResult, version: Int64) {
        self.orderReference = orderReference
        self.result = result
        self.version = version
    }
}
