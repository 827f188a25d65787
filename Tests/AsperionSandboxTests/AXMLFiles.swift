import AXML
import Foundation

/// aXML files for the tests, written by the project's own writer (the bytes koppel delivers).
enum AXMLFiles {
    /// 2 × 12.50 high (VAT 5.25), 1 × 4.95 low (VAT 0.45), 1 × 3.00 zero: 32.95 + 5.70 = 38.65.
    static let standardLines = [
        AXMLOrderLine(description: "Fietsbel", quantity: 2, unitPrice: 1250, vatClass: .high, vat: 525),
        AXMLOrderLine(description: "Kookboek", quantity: 1, unitPrice: 495, vatClass: .low, vat: 45),
        AXMLOrderLine(description: "Cadeaubon", quantity: 1, unitPrice: 300, vatClass: .zero, vat: 0),
    ]

    static func order(
        _ number: String, email: String = "jan@fietsen.nl", paymentCode: String? = "IDEAL", date: String = "2026-03-01",
        lines: [AXMLOrderLine] = standardLines
    ) -> AXMLOrder {
        AXMLOrder(
            orderNumber: number, description: "Bestelling \(number)", orderDate: date, invoiceDate: date,
            paymentCode: paymentCode,
            debtor: AXMLDebtor(
                email: email, name: "Jan Jansen",
                address: AXMLAddress(street: "Dorpsstraat 1", postalCode: "1234 AB", city: "Utrecht", country: "NL")),
            lines: lines)
    }

    static func file(_ orders: [AXMLOrder], createdAt: String = "2026-03-02T02:00:00") throws -> String {
        String(
            decoding: try AXMLWriter.write(AXMLDocument(header: AXMLHeader(createdAt: createdAt), orders: orders)),
            as: UTF8.self)
    }

    static func file(numbers: [String], date: String = "2026-03-01") throws -> String {
        try file(numbers.map { order($0, date: date) })
    }
}
