import SandboxSupport

/// The read shapes of clients and invoices, quirks included (§4.2): totals and flags at the top level as
/// strings, numbers inside `lines` as JSON numbers, keyed objects (`line1`, `tax1`, `item1`) for
/// collections and `[]` when one is empty.
struct FactuursturenRendering {
    let configuration: FactuursturenSandboxConfiguration

    /// A top-level number: "10.92" or 10.92.
    private func number(_ text: String) -> JSONValue { configuration.numbersAsStrings ? .string(text) : .number(text) }
    /// A flag as the FSAPI client fixture spells it: "true"/"false" for some, "0"/"1" for others [C-one: FSAPI
    /// `client.json`; FHNL converts both].
    private func flag(_ value: Bool, digits: Bool = false) -> JSONValue {
        guard configuration.numbersAsStrings else { return .bool(value) }
        return .string(digits ? (value ? "1" : "0") : (value ? "true" : "false"))
    }

    private func keyed(_ prefix: String, _ items: [JSONValue]) -> JSONValue {
        if items.isEmpty && configuration.emptyCollectionsAsArrays { return .array([]) }
        return .object(items.enumerated().map { (key: "\(prefix)\($0.offset + 1)", value: $0.element) })
    }

    static let clientTextFields = [
        "contact", "company", "address", "zipcode", "city", "country", "phone", "mobile", "email", "bankcode",
        "biccode", "taxnumber", "sendmethod", "paymentmethod", "top", "stddiscount", "notes", "tax_type", "currency",
    ]

    /// The FSAPI `client.json` shape [C-one], every member a string.
    func client(_ client: FactuursturenClient) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("clientnr", number(String(client.number)))]
        for name in Self.clientTextFields { members.append((name, .string(client.fields[name] ?? ""))) }
        members += [
            ("showcontact", flag(client.fields["showcontact"] != "false")),
            ("tax_shifted", flag(client.fields["tax_shifted"] == "true" || client.fields["tax_shifted"] == "1")),
            ("active", flag(true)), ("default_email", flag(false, digits: true)),
            ("reference", .object((1...3).map { (key: "line\($0)", value: JSONValue.string(client.fields["reference.line\($0)"] ?? "")) })),
        ]
        return .object(members)
    }

    /// The JFS `listInvoiceResponse.json` / FSAPI `invoice.json` shape [C-multi].
    func invoice(_ invoice: FactuursturenInvoice) -> JSONValue {
        let lines = invoice.lines.map { line -> JSONValue in
            .object([
                ("amount", .number(FactuursturenAmount.text(tenThousandths: line.quantity))), ("amount_desc", .string(line.unitText)),
                ("description", .string(line.description)),
                ("tax_rate", .number(FactuursturenAmount.text(tenThousandths: line.taxRate))),
                ("price", .number(FactuursturenAmount.text(tenThousandths: line.unitPrice))),
                ("discount_pct", .number(FactuursturenAmount.text(tenThousandths: line.discountPercent))),
                ("linetotal", .number(FactuursturenAmount.text(cents: line.totalCents))),
            ])
        }
        let taxes = invoice.taxes.map { tax -> JSONValue in
            .object([
                ("rate", .number(FactuursturenAmount.text(tenThousandths: tax.rate))),
                ("sum", number(FactuursturenAmount.text(cents: tax.vat))), ("sum_of", number(FactuursturenAmount.text(cents: tax.net))),
            ])
        }
        let history = invoice.history.map { item -> JSONValue in
            var members: [(key: String, value: JSONValue)] = [
                ("date", .string(item.date)), ("time", .string(item.time)), ("description", .string(item.description)),
            ]
            if let amount = item.amountCents { members.append(("amount", number(FactuursturenAmount.text(cents: amount)))) }
            return .object(members)
        }
        let fields = invoice.client.fields
        return .object([
            ("id", .string(invoice.number)), ("invoicenr_full", .string(invoice.number)), ("invoicenr", .string(invoice.number)),
            ("reference", .object(invoice.reference.enumerated().map { (key: "line\($0.offset + 1)", value: JSONValue.string($0.element)) })),
            ("lines", keyed("line", lines)), ("profile", .string(invoice.profile)), ("discounttype", .string("percentage")),
            ("discount", number("0")), ("paymentperiod", number(String(invoice.paymentPeriodDays))),
            ("tax", number(FactuursturenAmount.text(cents: invoice.vatCents))),
            ("totalintax", number(FactuursturenAmount.text(cents: invoice.grossCents))),
            ("clientnr", number(String(invoice.client.number))), ("company", .string(fields["company"] ?? "")),
            ("contact", .string(fields["contact"] ?? "")), ("address", .string(fields["address"] ?? "")),
            ("zipcode", .string(fields["zipcode"] ?? "")), ("city", .string(fields["city"] ?? "")),
            ("country", .string(fields["country"] ?? "")), ("email", .string(fields["email"] ?? "")),
            ("taxnumber", .string(fields["taxnumber"] ?? "")), ("sent", .string(invoice.sent)),
            ("open", number(FactuursturenAmount.text(cents: invoice.openCents))), ("paiddate", .string(invoice.paidDate)),
            ("taxes", keyed("tax", taxes)),
            ("duedate", .string(FactuursturenBooks.adding(days: invoice.paymentPeriodDays, to: invoice.sent))),
            ("history", keyed("item", history)),
        ])
    }
}
