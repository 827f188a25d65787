import AXML
import KoppelCore
import Ledger

/// A prepared booking as one aXML order, one concept invoice in Asperion.
///
/// - The order number is the booking's reference, and the invoice description says it (manual 003:
///   "We geven het bestelnummer ... door in de omschrijving van de factuur").
/// - Each booking line is an order line with its VAT class (`AsperionVATClass`), its net amount and
///   the VAT the shop charged, so every figure is the document's to the cent.
/// - A line of several units whose net amount does not divide into whole cents per unit is written
///   as one unit of the whole amount, "3 × name", as koppel does for Moneybird.
/// - In-shop payments (gift vouchers redeemed, store credit) lower what the customer pays but are
///   no revenue; an invoice has only lines, so each is a negative line in the 0 % class, so the
///   invoice totals what the customer paid [Guess: the owner then books them off the VAT-0 sales
///   kind; the v1.4 chapters name no payment element].
/// - Texts lose control characters (a newline in an address becomes a space) and are cut to the
///   schema's length: the writer refuses both, and one odd character should not hold an order.
public enum AsperionOrderMapping {
    public static func order(
        _ booking: PreparedBooking, paymentMethod: String?, settings: AsperionSettings, exportDate: String
    ) throws(LedgerError) -> AXMLOrder {
        let document = booking.document
        guard AXMLCodeList.currencies.codes.contains(document.currency) else {
            throw LedgerError(
                .refused, "Asperion's order import takes euro amounts only, not \(document.currency)", field: "currency"
            )
        }
        guard AXMLSchema.element(.orderNumber).type.problem(document.reference) == nil else {
            throw LedgerError(
                .refused, "the order number \"\(document.reference)\" does not fit Asperion's order number",
                field: "order")
        }
        var lines: [AXMLOrderLine] = []
        for line in document.lines {
            lines.append(try orderLine(line))
        }
        for payment in document.payments {
            lines.append(
                AXMLOrderLine(
                    description: text(payment.description, .lineDescription, otherwise: "Betaald"),
                    unitPrice: payment.amount.value,
                    vatClass: .zero, vat: 0))
        }
        guard !lines.isEmpty else { throw LedgerError(.refused, "the order has no lines", field: "lines") }
        return AXMLOrder(
            orderNumber: document.reference, description: text("Bestelling \(document.reference)", .description),
            orderDate: document.orderDate,
            invoiceDate: settings.invoiceDate == .orderDate ? document.orderDate : exportDate,
            currency: document.currency, paymentCode: settings.paymentCode(for: paymentMethod),
            debtor: try debtor(document.customer), lines: lines)
    }

    static func orderLine(_ line: BookingLine) throws(LedgerError) -> AXMLOrderLine {
        let vatClass = try AsperionVATClass.of(line.rate)
        var description = line.description
        var (quantity, unitPrice) = (line.quantity, line.net.value)
        if quantity > 1 && line.net.value % quantity == 0 {
            unitPrice = line.net.value / quantity
        } else {
            if quantity > 1 { description = "\(quantity) × \(description)" }
            quantity = 1
        }
        return AXMLOrderLine(
            description: text(description, .lineDescription, otherwise: line.kind.rawValue), quantity: quantity,
            unitPrice: unitPrice, vatClass: vatClass, vat: line.vat.value)
    }

    static func debtor(_ customer: BookingCustomer) throws(LedgerError) -> AXMLDebtor {
        // Asperion recognises a known debtor by e-mail address and creates an unknown one (manual 003).
        guard let email = optionalText(customer.email, .debtorEmail) else {
            throw LedgerError(
                .refused, "the customer has no e-mail address, which Asperion matches debtors on", field: "email")
        }
        guard AXMLCodeList.countries.codes.contains(customer.countryCode) else {
            throw LedgerError(.refused, "\"\(customer.countryCode)\" is no ISO 3166 country code", field: "country")
        }
        let person = [customer.firstName, customer.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        return AXMLDebtor(
            email: email, name: text(customer.displayName, .debtorName, otherwise: email),
            contactName: customer.company == nil ? nil : optionalText(person, .contactName),
            phone: customer.phone.flatMap { optionalText($0, .phone) },
            vatNumber: customer.vatNumber.flatMap { AXMLSchema.element(.vatNumber).type.problem($0) == nil ? $0 : nil },
            address: AXMLAddress(
                street: optionalText(customer.street, .street),
                postalCode: optionalText(customer.postcode, .postalCode),
                city: optionalText(customer.city, .city), country: customer.countryCode))
    }

    /// `text` fit for `field`: control characters as spaces, runs of spaces as one, trimmed, cut to
    /// the schema's length; `otherwise` when nothing is left.
    static func text(_ text: String, _ field: AXMLField, otherwise: String = "-") -> String {
        optionalText(text, field) ?? optionalText(otherwise, field) ?? "-"
    }

    static func optionalText(_ text: String, _ field: AXMLField) -> String? {
        var cleaned = ""
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let isSpace =
                scalar.properties.isWhitespace || scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF
            if isSpace {
                if !lastWasSpace { cleaned.unicodeScalars.append(" ") }
            } else {
                cleaned.unicodeScalars.append(scalar)
            }
            lastWasSpace = isSpace
        }
        while cleaned.hasSuffix(" ") { cleaned.removeLast() }
        if let maxLength = AXMLSchema.maxLength(field), cleaned.count > maxLength {
            cleaned = String(cleaned.prefix(maxLength))
            while cleaned.hasSuffix(" ") { cleaned.removeLast() }
        }
        return cleaned.isEmpty ? nil : cleaned
    }
}
