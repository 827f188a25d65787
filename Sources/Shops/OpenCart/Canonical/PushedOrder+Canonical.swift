import Foundation

/// The canonical form of an order: what `JSONEncoder` makes of the Codable type with sorted keys
/// (`referenceCanonicalJSON()`), written directly. Every object's members are written in the UTF-8
/// order of their keys; a test compares both on every fixture and on thousands of bent orders.
extension PushedOrder {
    public func canonicalJSON() -> Data {
        var writer = CanonicalWriter(capacity: 4096)
        write(to: &writer)
        return Data(writer.bytes)
    }

    /// The canonical form as koppel made it through `JSONEncoder`, the reference of `canonicalJSON()`.
    public func referenceCanonicalJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        if let comment { writer.key("comment"); writer.string(comment) }
        writer.key("currency"); currency.write(to: &writer)
        writer.key("customer"); customer.write(to: &writer)
        writer.key("date_added"); writer.string(dateAdded)
        writer.key("date_modified"); writer.string(dateModified)
        if let history { writer.key("history"); writer.array(history) { $1.write(to: &$0) } }
        if let invoiceNumber { writer.key("invoice_no"); writer.number(invoiceNumber) }
        if let invoicePrefix { writer.key("invoice_prefix"); writer.string(invoicePrefix) }
        if let languageCode { writer.key("language_code"); writer.string(languageCode) }
        writer.key("order_id"); writer.number(orderID)
        writer.key("order_status_id"); writer.number(orderStatusID)
        if let paymentAddress { writer.key("payment_address"); paymentAddress.write(to: &writer) }
        writer.key("payment_method"); paymentMethod.write(to: &writer)
        writer.key("products"); writer.array(products) { $1.write(to: &$0) }
        if let shippingAddress { writer.key("shipping_address"); shippingAddress.write(to: &writer) }
        if let shippingMethod { writer.key("shipping_method"); shippingMethod.write(to: &writer) }
        writer.key("store_id"); writer.number(storeID)
        if let storeName { writer.key("store_name"); writer.string(storeName) }
        if let storeURL { writer.key("store_url"); writer.string(storeURL) }
        if let timezone { writer.key("timezone"); writer.string(timezone) }
        writer.key("total"); writer.string(total)
        writer.key("totals"); writer.array(totals) { $1.write(to: &$0) }
        if let vouchers { writer.key("vouchers"); writer.array(vouchers) { $1.write(to: &$0) } }
        writer.closeObject()
    }
}

extension CanonicalWriter {
    mutating func array<Element>(_ elements: [Element], _ write: (inout CanonicalWriter, Element) -> Void) {
        openArray()
        for element in elements {
            separate()
            write(&self, element)
        }
        closeArray()
    }

    /// Custom fields by id, the ids in UTF-8 order as `JSONEncoder` sorts a dictionary's keys.
    mutating func customFields(_ fields: [String: CustomFieldValue]) {
        openObject()
        for (id, value) in fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            key(text: id)
            switch value {
            case .text(let text): string(text)
            case .list(let items): array(items) { $0.string($1) }
            }
        }
        closeObject()
    }
}
