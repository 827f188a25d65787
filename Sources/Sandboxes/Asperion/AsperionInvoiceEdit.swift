import SandboxSupport

/// An edit of a concept invoice as the owner makes it in Asperion before finalising it, for tests of
/// the reconciler (`PATCH /sandbox/salesinvoices/{id}`): one line's amount or VAT, or the invoice date.
/// Amounts are whole cents, so no decimal text is parsed here.
struct AsperionInvoiceEdit {
    var line = 0
    var amountCents: Int64?
    var vatAmountCents: Int64?
    var date: String?

    init(_ body: JSONValue) throws(AsperionProblem) {
        if let value = body["line"] {
            guard let text = value.text, let line = Int(text), line >= 0 else {
                throw .badRequest("line must be a line's index", field: "line")
            }
            self.line = line
        }
        amountCents = try Self.cents(body, "amountCents")
        vatAmountCents = try Self.cents(body, "vatAmountCents")
        if let value = body["date"] {
            guard let text = value.text, AsperionBooks.dayNumber(text) != nil else {
                throw .badRequest("date must be YYYY-MM-DD", field: "date")
            }
            date = text
        }
    }

    private static func cents(_ body: JSONValue, _ key: String) throws(AsperionProblem) -> Int64? {
        guard let value = body[key] else { return nil }
        guard let text = value.text, let cents = Int64(text) else { throw .badRequest("\(key) must be whole cents", field: key) }
        return cents
    }

    func apply(to invoice: inout AsperionSalesInvoice) throws(AsperionProblem) {
        if amountCents != nil || vatAmountCents != nil {
            guard invoice.lines.indices.contains(line) else {
                throw .badRequest("the invoice has no line \(line)", field: "line")
            }
            if let amountCents {
                invoice.lines[line].netCents = amountCents
                // One unit of the new amount, so quantity × price stays the amount.
                invoice.lines[line].quantity = "1"
                invoice.lines[line].unitPriceCents = amountCents
            }
            if let vatAmountCents { invoice.lines[line].vatCents = vatAmountCents }
        }
        if let date { invoice.date = date }
    }
}

extension AsperionSandbox {
    /// Applies `edit` to the invoice `id` (any administration's) and answers it as `/v1` shows it.
    func editInvoice(_ id: Int, _ edit: AsperionInvoiceEdit) throws(AsperionProblem) -> JSONValue {
        try books.withState { state throws(AsperionProblem) in
            guard let index = state.invoices.firstIndex(where: { $0.id == id }) else { throw .notFound("No sales invoice \(id)") }
            try edit.apply(to: &state.invoices[index])
            return AsperionRendering.salesInvoice(state.invoices[index], withLines: true)
        }
    }
}
