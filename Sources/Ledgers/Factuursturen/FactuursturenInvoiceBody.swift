import KoppelCore
import Ledger

/// The body of `POST invoices` for one booking [apis.md §2: `clientnr`, `action`, `sendmethod`,
/// `reference{line1..3}`, `lines{line1…}` with `amount`, `description`, `tax_rate`, `price`].
///
/// - `reference.line1` is koppel's reference (the order number, manual 004 §7: "Het bestelnummer
///   wordt meegenomen in de omschrijving"): what `search/invoices` finds after a lost answer.
/// - `reference.line2` is the order date. The API takes no invoice date (none in any source): the
///   invoice is dated the day it is sent, so the read-back takes the order's date from here.
/// - `reference.line3` marks a credit invoice with the number of the invoice it credits.
/// - A line's `price` is the unit price without VAT (the fixture's 4 × 13 = `linetotal` 52 with
///   `tax` 10.92 at 21 %); Factuursturen computes the VAT per rate over the rate's nets
///   (`taxes.sum` over `sum_of`), so `PerRateVATFit` lines make it land on the shop's VAT.
struct FactuursturenInvoiceBody {
    let settings: FactuursturenSettings

    static let orderDateLabel = "Besteldatum "
    static let creditLabel = "Creditfactuur voor factuur "

    /// The invoice of `booking` on client `clientNumber`; `crediting` the number of the invoice a
    /// credit invoice undoes (every line negated).
    func body(_ booking: PreparedBooking, clientNumber: String, crediting: String? = nil) -> LedgerJSON {
        let document = booking.document
        let sign: Int64 = crediting == nil ? 1 : -1
        var members: [(String, LedgerJSON)] = [
            ("clientnr", .number(clientNumber)),
            ("action", .string("send")),
            ("sendmethod", .string(settings.sendMethod)),
            ("reference", .object([
                ("line1", .string(document.reference)),
                ("line2", .string(Self.orderDateLabel + document.orderDate)),
                ("line3", .string(crediting.map { Self.creditLabel + $0 } ?? "")),
            ])),
            ("lines", .object(lines(document).enumerated().map { index, line in ("line\(index + 1)", line.json(sign: sign)) })),
        ]
        if settings.orderNumberAsInvoiceNumber, crediting == nil, let number = Self.orderNumber(document.reference) {
            members.append(("invoicenr", .number(number)))
        }
        return .object(members)
    }

    /// The order number at the end of the reference ("K7X-1042" → "1042"), when it is a whole
    /// number: `invoicenr` takes "only an integer without layout prefix" (apis.md §2).
    static func orderNumber(_ reference: String) -> String? {
        let last = reference.split(separator: "-").last.map(String.init) ?? reference
        guard !last.isEmpty, last.count <= 9, last.allSatisfy({ $0.isASCII && $0.isNumber }), last.first != "0" else { return nil }
        return last
    }

    struct Line: Equatable {
        var quantity: Int64
        var description: String
        var basisPoints: Int
        /// The unit price without VAT, in cents.
        var unitPrice: Cents

        func json(sign: Int64) -> LedgerJSON {
            .object([
                ("amount", .number(String(quantity))),
                ("description", .string(description)),
                ("tax_rate", .number(FactuursturenInvoiceBody.percentage(basisPoints))),
                ("price", .money(Cents(unitPrice.value * sign))),
            ])
        }
    }

    /// One line per booking line (a unit price when the net divides by the quantity, else the
    /// whole net once with "n × " in the text, as no cent may be lost to a rounded unit price),
    /// redeemed vouchers and store credit outside VAT, then the lines that fit the VAT per rate.
    func lines(_ document: BookingDocument) -> [Line] {
        var lines: [Line] = []
        for line in document.lines {
            let rate = line.rate.kind == .outOfScope ? 0 : line.rate.basisPoints
            if line.quantity > 1, line.net.value % line.quantity == 0 {
                lines.append(Line(quantity: line.quantity, description: line.description, basisPoints: rate, unitPrice: Cents(line.net.value / line.quantity)))
            } else {
                let description = line.quantity > 1 ? "\(line.quantity) × \(line.description)" : line.description
                lines.append(Line(quantity: 1, description: description, basisPoints: rate, unitPrice: line.net))
            }
        }
        for payment in document.payments {
            lines.append(Line(quantity: 1, description: payment.description, basisPoints: 0, unitPrice: payment.amount))
        }
        let adjustments = PerRateVATFit.adjustments(document)
        for adjustment in adjustments {
            lines.append(Line(
                quantity: 1, description: "Afronding btw \(VATRate(basisPoints: adjustment.basisPoints, kind: .standard).label)",
                basisPoints: adjustment.basisPoints, unitPrice: adjustment.net))
        }
        let fitted = adjustments.map(\.net).sum()
        if !fitted.isZero { lines.append(Line(quantity: 1, description: "Afronding", basisPoints: 0, unitPrice: -fitted)) }
        return lines
    }

    /// 2100 → "21", 550 → "5.5": the percentage as `tax_rate` takes it.
    static func percentage(_ basisPoints: Int) -> String {
        String(VATRate(basisPoints: basisPoints, kind: .standard).label.dropLast())
    }
}
