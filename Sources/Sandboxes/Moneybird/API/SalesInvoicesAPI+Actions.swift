import Foundation
import SandboxSupport

extension SalesInvoicesAPI {
    static let sendingMethods = ["Email", "Peppol", "Manual"]

    /// `PATCH …/send_invoice` with an optional `{"sales_invoice_sending": {...}}`: assigns the invoice number
    /// and date and moves a draft to `open` (or `paid` when nothing is owed).
    func send(_ id: String, _ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let sending = try request.json()["sales_invoice_sending"] ?? .object([])
        let method = sending["delivery_method"]?.nonBlankText ?? "Email"
        guard Self.sendingMethods.contains(method) else {
            throw .validation([("delivery_method", "is not included in the list", "inclusion")])
        }
        let now = Date()
        return .ok(
            try sandbox.write { tx in
                var invoice = try Self.find(tx, id, administration: administration)
                let master = try sandbox.masterData(tx, administration: administration)
                try Self.requireDetails(invoice)
                if method == "Email" {
                    let contact = try tx.find(
                        Contact.self, kind: .contact, administration: administration, id: invoice.contactID)
                    let address = sending["email_address"]?.nonBlankText ?? contact?.sendInvoicesToEmail
                    if address == nil {
                        throw SandboxError.validation([("email_address", "can't be blank", "blank")])
                    }
                }
                let day = sending["invoice_date"]?.nonBlankText.flatMap(Timestamps.parseDay)
                try Self.markSent(&invoice, invoiceDate: day, tx: tx, master: master, now: now)
                try tx.saveInvoice(invoice)
                return try Self.render(invoice, tx, master: master)
            })
    }

    /// `POST …/payments` with `{"payment": {"payment_date", "price", ...}}` → 201 with the payment;
    /// the invoice becomes `paid` once payments cover its total. A price of 0.00 (after rounding to cents) is a
    /// 422 `{"price": ["must be other than 0"]}`: a guess, Moneybird documents no such payment.
    func pay(_ id: String, _ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        guard let fields = try request.json()["payment"], case .object = fields else {
            throw .badRequest("Parameter payment is required", symbolic: [("payment", "required")])
        }
        var problems: [(field: String, message: String, code: String)] = []
        let dateText = fields["payment_date"]?.nonBlankText
        let date = dateText.flatMap(Timestamps.parseDay)
        if dateText == nil {
            problems += [("payment_date", "can't be blank", "blank"), ("payment_date", "is not a valid date", "invalid")]
        } else if date == nil {
            problems.append(("payment_date", "is not a valid date", "invalid"))
        }
        let price = Money.parse(fields["price"])
        if fields["price"]?.nonBlankText == nil {
            problems += [("price", "can't be blank", "blank"), ("price", "is not a number", "not_a_number")]
        } else if price == nil {
            problems.append(("price", "is not a number", "not_a_number"))
        } else if let price, Money.round(price) == 0 {
            problems.append(("price", "must be other than 0", "other_than"))
        }
        let action = fields["manual_payment_action"]?.nonBlankText
        let actions = [
            "private_payment", "payment_without_proof", "cash_payment", "rounding_error", "bank_transfer",
            "balance_settlement", "invoices_settlement",
        ]
        if let action, !actions.contains(action) {
            problems.append(("manual_payment_action", "is not included in the list", "inclusion"))
        }
        guard problems.isEmpty, let date, let price else { throw .validation(problems) }
        let now = Date()
        return .created(
            try sandbox.write { tx in
                var invoice = try Self.find(tx, id, administration: administration)
                try Self.requirePayable(invoice)
                let master = try sandbox.masterData(tx, administration: administration)
                let payment = Payment(
                    id: try tx.nextID(), invoiceID: invoice.id, price: Money.round(price).description,
                    paymentDate: date, financialAccountID: fields["financial_account_id"]?.nonBlankText,
                    transactionIdentifier: fields["transaction_identifier"]?.nonBlankText,
                    manualPaymentAction: action, ledgerAccountID: fields["ledger_account_id"]?.nonBlankText,
                    createdAt: now)
                Self.register(payment, on: &invoice, master: master, now: now)
                try tx.saveInvoice(invoice)
                return payment.json(administrationID: administration)
            })
    }
}
