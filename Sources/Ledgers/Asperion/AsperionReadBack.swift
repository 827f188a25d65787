import Foundation
import KoppelCore
import Ledger

/// The concept sales invoices the import made, as `/v1/salesinvoiceswithlines` lists them
/// (docs/asperion-sandbox.md §3, member names after [GOASP]; `vats` per class is the sandbox's
/// [Guess]), read back as the bookings the reconciler compares.
enum AsperionReadBack {
    /// `{"_data": […], "_meta": {"nextPage": …}}`.
    struct Page: Decodable {
        struct Meta: Decodable {
            var nextPage: String?
            var totalCount: Int?
        }

        var _data: [Invoice]
        var _meta: Meta?
    }

    struct Invoice: Decodable {
        var id: Int64
        var debtorId: Int64?
        var date: String?
        var description: String?
        var amountExclVat: Amount?
        var vatAmount: Amount?
        var amountInclVat: Amount?
        var vats: [VAT]?
        var lines: Lines?
    }

    struct VAT: Decodable {
        var vatCode: String?
        var vatAmount: Amount?
    }

    struct Lines: Decodable {
        var _data: [Line]
    }

    struct Line: Decodable {
        var description: String?
        var amount: Amount?
        var vatCode: String?
        var vatAmount: Amount?
    }

    /// A JSON number with two decimals ("12.10"), read through `Decimal`'s text, never `Double`.
    struct Amount: Decodable {
        var cents: Cents?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let whole = try? container.decode(Int64.self) {
                cents = Cents(whole * 100)
            } else if let text = try? container.decode(String.self) {
                cents = try? Cents(parsing: text)
            } else {
                cents = try? Cents(parsing: container.decode(Decimal.self).description)
            }
        }
    }

    /// The description koppel writes is "Bestelling {order number}" (`AsperionOrderMapping`).
    static let descriptionPrefix = "Bestelling "

    static func reference(_ invoice: Invoice) -> String? {
        guard let description = invoice.description, description.hasPrefix(descriptionPrefix) else { return nil }
        return String(description.dropFirst(descriptionPrefix.count))
    }

    /// A debtor as `/v1/debtors` lists it ([GOASP] `types.go Debtor`): the import made it from the
    /// file's `Debtor` (matched on e-mail, never updated afterwards [Guess]).
    struct Debtor: Decodable {
        var id: Int64
        var name: String?
        var address: String?
        var postCode: String?
        var city: String?
        var countryCode: String?
        var emailAddress: String?
        var vatNumber: String?

        /// The file's `Name` is the company or the person's name: the contact's name as a whole.
        var customer: BookingCustomer {
            BookingCustomer(
                firstName: "", lastName: name ?? "", email: emailAddress ?? "", street: address ?? "", postcode: postCode ?? "",
                city: city ?? "", countryCode: countryCode ?? "", vatNumber: vatNumber)
        }
    }

    struct DebtorPage: Decodable {
        var _data: [Debtor]
        var _meta: Page.Meta?
    }

    static func booking(_ invoice: Invoice, debtors: [Int64: BookingCustomer]) -> LedgerBooking {
        var booking = booking(invoice)
        booking.customer = invoice.debtorId.flatMap { debtors[$0] }
        return booking
    }

    static func booking(_ invoice: Invoice) -> LedgerBooking {
        let gross = invoice.amountInclVat?.cents ?? .zero
        var vat: [String: Cents] = [:]
        if let vats = invoice.vats {
            for entry in vats { vat[entry.vatCode ?? "zero", default: .zero] += entry.vatAmount?.cents ?? .zero }
        } else {
            for line in invoice.lines?._data ?? [] { vat[line.vatCode ?? "zero", default: .zero] += line.vatAmount?.cents ?? .zero }
        }
        return LedgerBooking(
            id: String(invoice.id), reference: reference(invoice) ?? invoice.description ?? "", date: invoice.date ?? "",
            gross: gross, net: invoice.amountExclVat?.cents ?? gross - vat.values.sum(), vatByCode: vat.filter { !$0.value.isZero },
            // The invoice names its debtor by id only: `booking(_:debtors:)` adds it.
            customer: nil, version: version(invoice))
    }

    /// No edit time is known: the invoice's figures and lines as read, FNV-1a as hex.
    static func version(_ invoice: Invoice) -> String {
        var parts = [invoice.date ?? "", invoice.description ?? "", text(invoice.amountInclVat), text(invoice.vatAmount)]
        for line in invoice.lines?._data ?? [] {
            parts += [line.description ?? "", text(line.amount), line.vatCode ?? "", text(line.vatAmount)]
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return String(hash, radix: 16)
    }

    private static func text(_ amount: Amount?) -> String { amount?.cents.map(\.description) ?? "" }
}
