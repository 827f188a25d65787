import KoppelCore
import Ledger

/// Journal entries read back as the bookings the reconciler compares.
enum MinoxReadBack {
    /// The total line: the one on a customer.
    static func debtorLine(_ lines: [MinoxRead.Line]) -> MinoxRead.Line? {
        lines.first(where: isDebtorLine)
    }

    static func isDebtorLine(_ line: MinoxRead.Line) -> Bool {
        line.account?.type == "customer"
    }

    static func balance(_ line: MinoxRead.Line) -> Cents {
        (line.debit?.cents ?? .zero) - (line.credit?.cents ?? .zero)
    }

    /// The order number: the debtor line's description, without a credit entry's marker.
    static func reference(_ entry: MinoxEntry) -> String? {
        entry.debtor?.description.map { MinoxCreditEntry.creditedReference($0) ?? $0 }
    }

    /// The order number a credit entry credits (`MinoxCreditEntry`); nil for a sale.
    static func creditedReference(_ entry: MinoxEntry) -> String? {
        guard let debtor = entry.debtor, balance(debtor) <= .zero, let description = debtor.description else { return nil }
        return MinoxCreditEntry.creditedReference(description)
    }

    /// Gross = the debtor line; VAT per code = the VAT lines (`MinoxEntry`); net = gross − VAT, as
    /// Moneybird's total excluding tax includes in-shop payments.
    static func booking(
        _ entry: MinoxEntry, customers: inout MinoxCustomerCache, openItems: [String: Cents], creditOf: String? = nil
    ) throws(LedgerError) -> LedgerBooking {
        let debtor = entry.debtor
        let gross = debtor.map(balance) ?? .zero
        let customerID = debtor?.account?.id.text
        var payment: LedgerPayment?
        if let customerID, let invoice = debtor?.invoice_number {
            let open = openItems["\(customerID)/\(invoice)"] ?? .zero
            payment = LedgerPayment(state: open.isZero ? "paid" : "open", isPaid: open.isZero, unpaid: open)
        }
        var customer: BookingCustomer?
        if let customerID { customer = try customers.customer(customerID) }
        return LedgerBooking(
            id: entry.id, reference: reference(entry) ?? "", date: debtor?.document_date ?? "", gross: gross,
            net: gross - entry.vatByCode.values.sum(), vatByCode: entry.vatByCode, customer: customer, version: entry.version,
            payment: payment, creditOf: creditOf)
    }

    /// A line's part of the version: its account, amounts, VAT, date and description.
    static func versionText(_ line: MinoxRead.Line) -> String {
        [line.account?.id.text ?? "", line.debit.map { String(describing: $0.cents) } ?? "", line.credit.map { String(describing: $0.cents) } ?? "",
         line.vat?.id.text ?? "", line.vat?.amount.map { String(describing: $0.cents) } ?? "", line.document_date ?? "",
         line.description ?? ""].joined(separator: "|")
    }
}
