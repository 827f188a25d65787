import AXML
import Foundation

/// A small file of two orders that tests bend.
enum Sample {
    static let document = AXMLDocument(
        header: AXMLHeader(createdAt: "2026-12-03T02:00:00"),
        orders: [
            AXMLOrder(
                orderNumber: "K7Q-1001", description: "Bestelling K7Q-1001", orderDate: "2026-12-02",
                invoiceDate: "2026-12-02",
                paymentCode: "IDEAL",
                debtor: AXMLDebtor(
                    email: "jan@devries.test", name: "De Vries Handel B.V.", contactName: "Jan de Vries",
                    phone: "010 123 4567",
                    vatNumber: "NL123456789B01",
                    address: AXMLAddress(street: "Kerkstraat 1", postalCode: "1234 AB", city: "Utrecht", country: "NL")),
                lines: [
                    AXMLOrderLine(description: "Fiets", quantity: 2, unitPrice: 12_450, vatClass: .high, vat: 5_229),
                    AXMLOrderLine(description: "Boek", unitPrice: 916, vatClass: .low, vat: 82),
                    AXMLOrderLine(description: "Coupon (2222)", unitPrice: -247, vatClass: .high, vat: -52),
                ]),
            AXMLOrder(
                orderNumber: "K7Q-1002", description: "Bestelling K7Q-1002", orderDate: "2026-12-02",
                invoiceDate: "2026-12-03",
                debtor: AXMLDebtor(email: "anna@example.test", name: "Anna Smit", address: AXMLAddress(country: "BE")),
                lines: [AXMLOrderLine(description: "Verzending", unitPrice: 413, vatClass: .zero, vat: 0)]),
        ])

    static func text() throws -> String {
        String(decoding: try AXMLWriter.write(document), as: UTF8.self)
    }

    /// The sample's bytes with one piece of text replaced; fails when the piece is not there once.
    static func bent(_ old: String, _ new: String) throws -> Data {
        let original = try text()
        guard original.components(separatedBy: old).count == 2 else { throw BendError(old: old) }
        return Data(original.replacingOccurrences(of: old, with: new).utf8)
    }

    struct BendError: Error { var old: String }
}
