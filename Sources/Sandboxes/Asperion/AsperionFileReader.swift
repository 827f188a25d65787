import AXML
import Foundation

/// Violations of an uploaded file, each with its path in the document.
struct AsperionFileViolations: Error, Sendable {
    var list: [(path: String, message: String)]
}

/// Reads an uploaded file with the aXML schema of target `AXML` (docs/asperion.md). Whole
/// (`AXMLReader.read`): any violation refuses the file. Order by order (`AXMLReader.readOrders`): a
/// violation outside the orders refuses the file, one inside an order makes that order a broken entry.
enum AsperionFileReader {
    static func read(_ bytes: Data, orderByOrder: Bool) -> Result<[AsperionFileEntry], AsperionFileViolations> {
        do {
            if orderByOrder {
                return .success(
                    try AXMLReader.readOrders(bytes).orders.map { read in
                        switch read {
                        case .success(let found): .readable(order(found))
                        case .failure(let broken): .broken(violations: broken.violations.map { ($0.path, $0.message) })
                        }
                    })
            }
            return .success(try AXMLReader.read(bytes).orders.map { .readable(order($0)) })
        } catch {
            // The file itself (a parse error, the declaration) has an empty path.
            return .failure(
                AsperionFileViolations(list: error.violations.map { ($0.path.isEmpty ? "/" : $0.path, $0.message) }))
        }
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
                // class (docs/asperion.md); the validator checks that the file's figures add up].
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
