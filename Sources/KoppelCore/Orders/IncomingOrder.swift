import Crypto
import Foundation

/// One order of a push, reduced to what the store needs: its identity, a few columns to list and
/// filter by, and its full content in canonical form with that content's digest.
///
/// Canonical means re-encoded from the decoded value with sorted keys: two pushes of the same order
/// that differ only in whitespace, key order or unknown fields have the same digest, so the second
/// one is recognised as unchanged.
public struct IncomingOrder: Sendable {
    public var shopOrderID: Int64
    public var storeID: Int64
    public var orderStatusID: Int64
    public var total: Amount
    public var currencyCode: String
    public var dateAdded: String
    public var canonicalJSON: Data
    public var contentDigest: Data

    public init(
        shopOrderID: Int64, storeID: Int64, orderStatusID: Int64, total: Amount, currencyCode: String,
        dateAdded: String, canonicalJSON: Data
    ) {
        self.shopOrderID = shopOrderID
        self.storeID = storeID
        self.orderStatusID = orderStatusID
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

/// The outcome for one order of a push, reported back to the shop in request order.
public struct StoredOrder: Sendable, Equatable {
    public var shopOrderID: Int64
    public var result: StoreResult
    public var version: Int64

    public init(shopOrderID: Int64, result: StoreResult, version: Int64) {
        self.shopOrderID = shopOrderID
        self.result = result
        self.version = version
    }
}
