import Foundation
import KoppelCore
import Ledger

/// Invoices read back as the bookings the reconciler compares.
enum FactuursturenReadBack {
    /// Factuursturen's country id for Nederland ("146", apis.md §2); others are read as sent: koppel
    /// sends ISO codes, and names are resolved by the comparison (`CustomerFields`).
    static let countryIDs = ["146": "NL"]

    /// - Parameter codes: the VAT code of each rate, in basis points (`GET taxes`).
    static func booking(_ invoice: FactuursturenRead.Invoice, codes: [Int: String]) -> LedgerBooking {
        let gross = invoice.totalintax?.cents ?? .zero
        var vat: [String: Cents] = [:]
        for tax in invoice.taxes?.items ?? [] {
            guard let basisPoints = tax.rate.flatMap({ basisPoints($0.text) }) else { continue }
            vat[codes[basisPoints] ?? String(basisPoints), default: .zero] += tax.sum?.cents ?? .zero
        }
        let open = invoice.open?.cents ?? gross
        return LedgerBooking(
            id: invoice.number, reference: reference(invoice), date: orderDate(invoice) ?? invoice.sent?.text ?? "",
            gross: gross, net: gross - (invoice.tax?.cents ?? vat.values.sum()), vatByCode: vat, customer: customer(invoice),
            version: version(invoice),
            // No status field: paid ⇔ `open` is 0 (apis.md §2, "Status paid").
            payment: LedgerPayment(state: open.isZero ? "paid" : "open", isPaid: open.isZero, unpaid: open),
            creditOf: creditedNumber(invoice))
    }

    static func reference(_ invoice: FactuursturenRead.Invoice) -> String {
        invoice.reference?.line1?.text.trimmingCharacters(in: .whitespaces) ?? ""
    }

    /// The order date koppel wrote in `reference.line2`; nil on an invoice koppel did not make.
    static func orderDate(_ invoice: FactuursturenRead.Invoice) -> String? {
        guard let line = invoice.reference?.line2?.text, line.hasPrefix(FactuursturenInvoiceBody.orderDateLabel) else { return nil }
        let date = String(line.dropFirst(FactuursturenInvoiceBody.orderDateLabel.count))
        return date.count == 10 ? date : nil
    }

    /// The number of the invoice a credit invoice credits (`reference.line3`); nil for a sale.
    static func creditedNumber(_ invoice: FactuursturenRead.Invoice) -> String? {
        guard let line = invoice.reference?.line3?.text, line.hasPrefix(FactuursturenInvoiceBody.creditLabel) else { return nil }
        return String(line.dropFirst(FactuursturenInvoiceBody.creditLabel.count))
    }

    static func customer(_ invoice: FactuursturenRead.Invoice) -> BookingCustomer {
        let country = invoice.country?.text ?? ""
        return BookingCustomer(
            firstName: invoice.contact?.text ?? "", lastName: "", company: invoice.company?.text, email: invoice.email?.text ?? "",
            street: invoice.address?.text ?? "", postcode: invoice.zipcode?.text ?? "", city: invoice.city?.text ?? "",
            countryCode: countryIDs[country] ?? country, vatNumber: invoice.taxnumber?.text)
    }

    /// "21", "21.00", "5.5" → basis points.
    static func basisPoints(_ text: String) -> Int? {
        guard let value = try? Amount(parsing: text.trimmingCharacters(in: .whitespaces)) else { return nil }
        return Int((value.tenThousandths + 50) / 100)
    }

    /// Factuursturen has no version or edit time: the invoice's content as it is booked (totals,
    /// lines, reference, customer), without what a payment changes (`open`, `paiddate`), so
    /// that a payment is no edit. FNV-1a over the fields, as hex.
    static func version(_ invoice: FactuursturenRead.Invoice) -> String {
        var parts = [invoice.totalintax?.text, invoice.tax?.text, invoice.clientnr?.text, invoice.company?.text,
                     invoice.contact?.text, invoice.address?.text, invoice.zipcode?.text, invoice.city?.text,
                     invoice.country?.text, invoice.email?.text, invoice.taxnumber?.text,
                     invoice.reference?.line1?.text, invoice.reference?.line2?.text, invoice.reference?.line3?.text]
            .map { $0 ?? "" }
        for line in invoice.lines?.items ?? [] {
            parts += [line.amount?.text, line.description?.text, line.tax_rate?.text, line.price?.text].map { $0 ?? "" }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }
}
