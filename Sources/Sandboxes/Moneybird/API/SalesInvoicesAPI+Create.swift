import Foundation
import SandboxSupport

extension SalesInvoicesAPI {
    /// `POST /sales_invoices` with `{"sales_invoice": {...}}` → 201 and a draft.
    func create(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let fields = try Self.invoiceFields(try request.json()["sales_invoice"])
        let now = Date()
        let body = try sandbox.write { tx -> JSONValue in
            let master = try sandbox.masterData(tx, administration: administration)
            let invoice = try Self.draft(fields, administration: administration, tx: tx, master: master, now: now)
            try tx.saveInvoice(invoice)
            return try Self.render(invoice, tx, master: master)
        }
        return .created(body)
    }

    /// The `sales_invoice` member of a create body; a 400 when it is missing or not an object.
    static func invoiceFields(_ value: JSONValue?) throws(SandboxError) -> JSONValue {
        guard let value, case .object = value else {
            throw .badRequest("Parameter sales_invoice is required", symbolic: [("sales_invoice", "required")])
        }
        return value
    }

    /// A new draft from the members of a create body, validated as Moneybird does: a 422 lists every problem.
    static func draft(
        _ fields: JSONValue, administration: String, tx: StoreTransaction, master: MasterData, now: Date
    ) throws -> SalesInvoice {
        var problems: [(field: String, message: String, code: String)] = []

        let contactID = fields["contact_id"]?.nonBlankText
        if contactID == nil {
            problems.append(("contact", "can't be blank", "blank"))
        } else if try !tx.exists(kind: .contact, administration: administration, id: contactID!) {
            problems.append(("contact_id", "does not exist", "not_found"))
        }
        let workflow: Workflow?
        if let id = fields["workflow_id"]?.nonBlankText {
            workflow = master.workflows.first { $0.id == id && $0.type == "InvoiceWorkflow" }
            if workflow == nil { problems.append(("workflow_id", "does not exist", "not_found")) }
        } else {
            workflow = master.defaultInvoiceWorkflow
        }
        let style: DocumentStyle?
        if let id = fields["document_style_id"]?.nonBlankText {
            style = master.documentStyles.first { $0.id == id }
            if style == nil { problems.append(("document_style_id", "does not exist", "not_found")) }
        } else {
            style = master.defaultDocumentStyle
        }
        var invoiceDate: String?
        if let text = fields["invoice_date"]?.nonBlankText {
            invoiceDate = Timestamps.parseDay(text)
            if invoiceDate == nil { problems.append(("invoice_date", "is not a valid date", "invalid")) }
        }
        let currency = fields["currency"]?.nonBlankText?.uppercased() ?? "EUR"
        if currency.count != 3 || !currency.allSatisfy(\.isLetter) {
            problems.append(("currency", "is invalid", "invalid"))
        }
        var dueInterval = workflow?.dueInterval ?? 14
        if let value = fields["first_due_interval"], !value.isNull {
            if let days = value.text.flatMap({ Int($0) }), days >= 0 { dueInterval = days } else {
                problems.append(("first_due_interval", "is not a number", "not_a_number"))
            }
        }
        let rows = Self.detailRows(fields["details_attributes"])
        var details: [InvoiceDetail] = []
        for (index, row) in rows.enumerated() {
            let detail = try Self.detail(row, index: index, master: master, tx: tx, now: now, problems: &problems)
            if let detail { details.append(detail) }
        }
        guard problems.isEmpty, let workflow, let style, let contactID else {
            throw SandboxError.validation(problems)
        }
        return SalesInvoice(
            id: try tx.nextID(), administrationID: administration, contactID: contactID, workflowID: workflow.id,
            documentStyleID: style.id, draftID: try tx.next("draft:\(administration)"), invoiceID: nil,
            state: "draft", reference: fields["reference"]?.text, invoiceDate: invoiceDate,
            dueDate: Timestamps.addDays(dueInterval, to: invoiceDate ?? Self.today()),
            firstDueInterval: dueInterval, currency: currency,
            pricesAreInclTax: fields["prices_are_incl_tax"]?.boolValue ?? workflow.pricesAreInclTax,
            paymentReference: nil, details: details, payments: [], sentAt: nil, paidAt: nil, createdAt: now,
            updatedAt: now, version: Timestamps.version(now))
    }

    /// `details_attributes` as an array or as an object keyed by index (`{"0": {...}, "1": {...}}`).
    static func detailRows(_ value: JSONValue?) -> [JSONValue] {
        switch value {
        case .array(let items): return items
        case .object(let members):
            return members.sorted { (Int($0.key) ?? 0) < (Int($1.key) ?? 0) }.map(\.value)
        default: return []
        }
    }

    /// One line; appends its problems under `details.<field>` and answers `nil` when it has any.
    static func detail(
        _ row: JSONValue, index: Int, master: MasterData, tx: StoreTransaction, now: Date,
        problems: inout [(field: String, message: String, code: String)]
    ) throws -> InvoiceDetail? {
        let before = problems.count
        let price = Money.parse(row["price"])
        if row["price"]?.nonBlankText != nil, price == nil {
            problems.append(("details.price", "is not a number", "not_a_number"))
        } else if let price, abs(price) > Money.limit {
            problems.append(("details.price", "must be between -1000000000 and 1000000000", "out_of_range"))
        }
        var amount = Decimal(1)
        if let text = row["amount"]?.nonBlankText {
            if let parsed = Money.parse(.string(text)) { amount = parsed } else {
                problems.append(("details.amount", "is not a number", "not_a_number"))
            }
        }
        var taxRateID = master.defaultSalesTaxRate?.id ?? ""
        if let id = row["tax_rate_id"]?.nonBlankText {
            if master.taxRates.contains(where: { $0.id == id && $0.taxRateType == "sales_invoice" }) {
                taxRateID = id
            } else {
                problems.append(("details.tax_rate", "does not exist", "not_found"))
            }
        }
        var ledgerAccountID = master.defaultRevenueAccount?.id ?? ""
        if let id = row["ledger_account_id"]?.nonBlankText {
            if master.ledgerAccounts.contains(where: { $0.id == id }) { ledgerAccountID = id } else {
                problems.append(("details.ledger_account", "does not exist", "not_found"))
            }
        }
        guard problems.count == before else { return nil }
        // The price is kept with two decimals, as Moneybird answers it (see `Money.unitPrice`).
        return InvoiceDetail(
            id: try tx.nextID(), description: row["description"]?.text ?? "",
            price: Money.unitPrice(price ?? 0).description, amount: amount.description, taxRateID: taxRateID,
            ledgerAccountID: ledgerAccountID,
            period: row["period"]?.nonBlankText, rowOrder: Int(row["row_order"]?.text ?? "") ?? index,
            createdAt: now, updatedAt: now)
    }
}
