import Foundation
import KoppelCore

extension PushedOrder {
    /// The order's reference as the store keeps it: OpenCart's order id, unique in the shop
    /// across its stores.
    public var orderReference: String { String(orderID) }

    /// The order as the store keeps it: identity, list columns and canonical content.
    public func incoming() throws -> IncomingOrder {
        IncomingOrder(
            orderReference: orderReference,
            storeID: storeID,
            status: String(orderStatusID),
            total: try Amount(parsing: total),
            currencyCode: currency.code,
            dateAdded: dateAdded,
            // Byte for byte what `JSONEncoder` made (`referenceCanonicalJSON()`): the stored content
            // digest, and with it exactly-once across versions, is taken over these bytes.
            canonicalJSON: canonicalJSON()
        )
    }
}

extension ShopSettings {
    /// The settings in canonical form (sorted keys), so that repeats are recognised.
    public func canonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
