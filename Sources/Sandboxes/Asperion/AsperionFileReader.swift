import AXML
import Foundation

/// Violations of an uploaded file, each with its path in the document.
struct AsperionFileViolations: Error, Sendable {
    var list: [(path: String, message: String)]
}

/// Reads an uploaded file with the aXML schema of target `AXML` (docs/asperion.md): the validator's
/// violations refuse the whole file; a valid one gives its orders in the sandbox's terms.
enum AsperionFileReader {
    static func read(_ bytes: Data) -> Result<[AsperionImportOrder], AsperionFileViolations> {
        let document: AXMLDocument
        do {
            document = try AXMLReader.read(bytes)
        } catch {
            // The file itself (a parse error, the declaration) has an empty path.
            return .failure(
                AsperionFileViolations(list: error.violations.map { ($0.path.isEmpty ? "/" : $0.path, $0.message) }))
        }
        return .success(document.orders.map(order))
    }

    private static func order(_ order: AXMLOrder) -> AsperionImportOrder {
        AsperionImportOrder(
            number: order.orderNumber, description: order.description, date: order.invoiceDate,
            paymentCode: order.paymentCode,
            debtor: AsperionImportDebtor(
                name: order.debtor.name, email: order.debtor.email, address: order.debtor.address.street ?? "",
                postCode: order.debtor.address.postalCode ?? "", city: order.debtor.address.city ?? "",
                countryCode: order.debtor.address.country, vatNumber: order.debtor.vatNumber),
            lines: order.lines.map { line in
                // The line's VAT is taken as the file gives it [GUESS: Asperion may compute its own from the
                // class (docs/asperion.md); the file's figures are checked to add up by the validator].
                AsperionImportLine(
                    description: line.description, quantity: String(line.quantity), unitPriceCents: line.unitPrice,
                    netCents: line.amount, vatClass: vatClass(line.vatClass), vatCents: line.vat)
            })
    }

    private static func vatClass(_ value: AXMLVATClass) -> AsperionVATClass {
        switch value {
        case .high: .high
        case .low: .low
        case .zero: .zero
        }
    }
}
