import KoppelCore
import Ledger

/// The entry that credits a booked sales entry whole when its order is cancelled or refunded: the
/// entry as Minox holds it, every line's debit and credit swapped, in the same journal. Minox books
/// a credit note as a posted "sales credit booking" in the sales journal [C-one: APIDECK, in
/// shared/reference/apis-ledgers-shops.md §2.2]; the OpenCart → Minox manual (manual 000) describes
/// only the sale, so the rest is koppel's choice:
///
/// - the debtor line's description is the order number with the marker " creditering", so that the
///   entry is found by the order number and told apart from the sale;
/// - every line is dated the day of the cancellation (the shop's status history), else the booking
///   date: a credit corrects the VAT of the period it is made in, while the sale stays in its own;
/// - `invoice_number` stays the order's, so the credit settles the sale's open item [Inferred];
/// - the VAT lines keep their positive `vat.amount` on the swapped side (the amount is what the
///   VAT code is about; its sign is the line's side) [Guess].
enum MinoxCreditEntry {
    static let marker = " creditering"

    static func description(reference: String) -> String { reference + marker }

    /// The order number of a credit entry's debtor line description; nil for any other description.
    static func creditedReference(_ description: String) -> String? {
        description.hasSuffix(marker) ? String(description.dropLast(marker.count)) : nil
    }

    static func lines(reversing entry: [MinoxRead.Line], date: String, reference: String) -> [LedgerJSON] {
        entry.map { line in
            var members: [(String, LedgerJSON)] = []
            if let journal = line.journal { members.append(("journal", .object([("id", .string(journal.id.text))]))) }
            let isDebtor = line.account?.type == "customer"
            // A VAT line read back names the VAT code's account; sent without one, as the sale was.
            if let account = line.account, isDebtor || line.vat?.amount.map({ !$0.cents.isZero }) != true {
                members.append(("account", .object([
                    ("id", .string(account.id.text)), ("scheme", .string("MINOX")), ("type", .string(account.type ?? "ledger_account")),
                ])))
            }
            members += [
                ("debit", .money(line.credit?.cents ?? .zero)), ("credit", .money(line.debit?.cents ?? .zero)),
                ("document_date", .string(date)),
                ("description", .string(isDebtor ? description(reference: reference) : line.description ?? "")),
            ]
            if let invoice = line.invoice_number { members.append(("invoice_number", .number(String(invoice)))) }
            if let vat = line.vat {
                members.append(("vat", .object([("id", MinoxJournalEntry.id(vat.id.text)), ("amount", .money(vat.amount?.cents ?? .zero))])))
            }
            return .object(members)
        }
    }
}
