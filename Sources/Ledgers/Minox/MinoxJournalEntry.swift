import KoppelCore
import Ledger

/// A booking document as the lines of one Minox sales entry (verkoopboeking), per the OpenCart →
/// Minox manual's field table (manual 000, "Uitwerking veldniveau Minox financiële boeking"):
///
/// - the total line (Totaalregel): the debtor, `debit` = the order's gross total, description = the
///   order number, the order date as `document_date`;
/// - a detail line per order line (Detailregels): `credit` = its net amount on its revenue account,
///   description = the line's text, `vat {id: code, amount: 0}`;
/// - a VAT line per VAT code (BTW regels): `credit` = the VAT of that code, no account (Minox books it on
///   the code's VAT account [Inferred]), `vat {id, amount}`, description "<base> BTW bedrag over: …";
/// - in-shop payments (gift vouchers redeemed, store credit): a debit line on their account.
///
/// Debit = credit to the cent: Σ net + Σ VAT + Σ payments = gross is the document's own invariant.
/// A negative amount (a discount line) goes on the other side, as no line carries a negative amount [Guess].
struct MinoxJournalEntry {
    let settings: MinoxSettings

    func lines(_ booking: PreparedBooking, debtor: String) throws(LedgerError) -> [LedgerJSON] {
        let document = booking.document
        let invoiceNumber = settings.orderNumberAsInvoiceNumber ? Self.invoiceNumber(document.reference) : nil
        func line(
            account: (id: String, type: String)?, amount: Cents, description: String, vat: (code: String, amount: Cents)? = nil,
            debitSide: Bool
        ) -> LedgerJSON {
            // A debit of a negative amount is a credit of its magnitude, and the other way round.
            let isDebit = amount.value < 0 ? !debitSide : debitSide
            var members: [(String, LedgerJSON)] = [("journal", .object([("id", .string(settings.journalID))]))]
            if let account {
                members.append(("account", .object([
                    ("id", .string(account.id)), ("scheme", .string("MINOX")), ("type", .string(account.type)),
                ])))
            }
            members += [
                ("debit", .money(isDebit ? amount.magnitude : .zero)), ("credit", .money(isDebit ? .zero : amount.magnitude)),
                ("document_date", .string(document.orderDate)), ("description", .string(description)),
            ]
            if let invoiceNumber { members.append(("invoice_number", .number(String(invoiceNumber)))) }
            if let vat { members.append(("vat", .object([("id", Self.id(vat.code)), ("amount", .money(vat.amount))]))) }
            return .object(members)
        }

        // The debtor line's account is the customer (type "customer") [Inferred: the manual's
        // "account id 100783 customernr uit Minox"; OTW only shows ledger_account].
        var lines = [line(account: (debtor, "customer"), amount: document.grossTotal, description: document.reference, debitSide: true)]
        for item in document.lines {
            guard let account = item.ledgerAccount else {
                throw LedgerError(.refused, "no Minox revenue account is mapped for \(item.rate.label)", field: "account")
            }
            var vat: (String, Cents)?
            if item.rate.kind != .outOfScope {
                guard let code = item.ledgerVATCode else {
                    throw LedgerError(.refused, "no Minox VAT code is mapped for \(item.rate.label)", field: "vat")
                }
                vat = (code, .zero)
            }
            let description = item.quantity > 1 ? "\(item.quantity) × \(item.description)" : item.description
            lines.append(line(account: (account, "ledger_account"), amount: item.net, description: description, vat: vat, debitSide: false))
        }
        for total in document.vatTotals where !total.vat.isZero {
            guard let code = total.ledgerVATCode else {
                throw LedgerError(.refused, "no Minox VAT code is mapped for \(total.rate.label)", field: "vat")
            }
            lines.append(line(
                account: nil, amount: total.vat, description: "\(total.netBase) BTW bedrag over: \(document.reference)",
                vat: (code, total.vat), debitSide: false))
        }
        for payment in document.payments {
            guard let account = payment.ledgerAccount else {
                throw LedgerError(.refused, "no Minox account is mapped for \(payment.description)", field: "account")
            }
            // Negative in the document (it lowers what the customer pays): a debit on the liability.
            lines.append(line(account: (account, "ledger_account"), amount: -payment.amount, description: payment.description, debitSide: true))
        }
        return lines
    }

    /// VAT code ids are numbers in the manual's example ("id 10"): digits go out as a number.
    static func id(_ text: String) -> LedgerJSON {
        !text.isEmpty && text.count < 16 && text.allSatisfy({ $0.isASCII && $0.isNumber }) ? .number(text) : .string(text)
    }

    /// The order number as Minox's integer `invoice_number` [C-one: OTW], when it is one.
    static func invoiceNumber(_ reference: String) -> Int? {
        guard !reference.isEmpty, reference.count <= 9, reference.allSatisfy(\.isASCII), let number = Int(reference), number > 0 else {
            return nil
        }
        return number
    }
}
