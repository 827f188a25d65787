import SandboxSupport

/// The read shapes of the REST API, after the fields [GOASP] names (apis.md §4.2): camelCase members,
/// a list as `{"_data": […], "_meta": {…}}`, a sales invoice's lines as `lines{_data:[…]}`. Amounts are
/// JSON numbers with two decimals [GUESS: GOASP declares them as numbers]; what GOASP does not name
/// (`status`, `vats`, `quantity`, `price`, `vatPercentage`, `paymentCode`) is the sandbox's [GUESS].
enum AsperionRendering {
    /// 1250 → 12.50 as a JSON number.
    static func amount(_ cents: Int64) -> JSONValue {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return .number((cents < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)")
    }

    static func salesInvoice(_ invoice: AsperionSalesInvoice, withLines: Bool) -> JSONValue {
        let path = withLines ? "salesinvoiceswithlines" : "salesinvoices"
        let yearAndMonth = invoice.date.split(separator: "-").prefix(2).compactMap { Int($0) }
        var members: [(key: String, value: JSONValue)] = [
            ("id", .int(invoice.id)),
            // A concept invoice has no number yet [C-one: WWF].
            ("invoiceNumber", .null),
            ("status", .string("Concept")),
            // Book year and period follow the invoice date [GUESS].
            ("bookyear", yearAndMonth.count == 2 ? .int(yearAndMonth[0]) : .null),
            ("bookperiod", yearAndMonth.count == 2 ? .int(yearAndMonth[1]) : .null),
            ("date", .string(invoice.date)),
            ("description", .string(invoice.description)),
            ("debtorId", .int(invoice.debtorID)),
            ("debtorCustomerNumber", .string(invoice.debtorCustomerNumber)),
            // The import's settings choose the journal and the terms (HELP webshops.aspx); the sandbox has none.
            ("journalId", .null), ("paymentConditionId", .null), ("paymentDueDate", .null),
            ("paymentCode", .optional(invoice.paymentCode)),
            ("amountExclVat", amount(invoice.amountExclVatCents)),
            ("vatAmount", amount(invoice.vatAmountCents)),
            ("amountInclVat", amount(invoice.amountInclVatCents)),
            (
                "vats",
                .array(
                    invoice.vatPerClass.map { entry in
                        .object([
                            ("vatCode", .string(entry.vatClass.rawValue)),
                            ("vatPercentage", .int(Int(entry.vatClass.percent))),
                            ("amountExclVat", amount(entry.netCents)), ("vatAmount", amount(entry.vatCents)),
                        ])
                    })
            ),
        ]
        if withLines {
            members.append(("lines", .object([("_data", .array(invoice.lines.map(line)))])))
        }
        members.append(("_meta", .object([("self", .string("/v1/\(path)/\(invoice.id)"))])))
        return .object(members)
    }

    static func line(_ line: AsperionImportLine) -> JSONValue {
        .object([
            ("description", .string(line.description)),
            ("quantity", .number(line.quantity)),
            ("price", amount(line.unitPriceCents)),
            ("amount", amount(line.netCents)),
            ("vatCode", .string(line.vatClass.rawValue)),
            ("vatPercentage", .int(Int(line.vatClass.percent))),
            ("vatAmount", amount(line.vatCents)),
            ("ledgerAccountId", .null), ("costCenterId", .null),
        ])
    }

    /// The debtor fields [GOASP `types.go Debtor`] koppel's import fills; the rest empty.
    static func debtor(_ debtor: AsperionDebtor) -> JSONValue {
        .object([
            ("id", .int(debtor.id)), ("customerNumber", .string(debtor.customerNumber)), ("name", .string(debtor.name)),
            ("attentionTo", .null), ("address", .string(debtor.address)), ("addressLine2", .null),
            ("addressLine3", .null),
            ("postCode", .string(debtor.postCode)), ("city", .string(debtor.city)),
            ("countryCode", .string(debtor.countryCode)),
            ("emailAddress", .string(debtor.email)), ("phoneNumber", .null), ("vatNumber", .optional(debtor.vatNumber)),
            ("cocNumber", .null), ("iban", .null), ("blocked", .bool(false)),
            ("dateAdded", .string(debtor.dateAdded)), ("dateLastChange", .string(debtor.dateAdded)),
            ("_meta", .object([("self", .string("/v1/debtors/\(debtor.id)"))])),
        ])
    }

    /// The import report of one file: per order imported (with the invoice and debtor) or rejected
    /// (with the reason) [sandbox choice: Asperion shows its report in the UI only, §3.1].
    static func report(_ file: AsperionDeliveredFile) -> JSONValue {
        let imported = file.outcomes.filter { if case .imported = $0.result { true } else { false } }.count
        return .object([
            ("administrationId", .int(file.tenant)), ("name", .string(file.name)), ("sha256", .string(file.sha256)),
            ("size", .int(file.bytes.count)), ("uploadedAt", .string(file.uploadedAt)),
            ("status", .string(file.importedAt == nil ? "waiting" : "imported")),
            ("importedAt", .optional(file.importedAt)),
            ("orderCount", .int(file.orders.count)),
            ("imported", .int(imported)), ("rejected", .int(file.outcomes.count - imported)),
            ("orders", .array(file.outcomes.map(outcome))),
        ])
    }

    static func outcome(_ outcome: AsperionOrderOutcome) -> JSONValue {
        switch outcome.result {
        case .imported(let invoiceID, let debtorID, let debtorCreated):
            .object([
                ("position", .int(outcome.position)), ("orderNumber", .optional(outcome.orderNumber)),
                ("result", .string("imported")),
                ("salesInvoiceId", .int(invoiceID)), ("debtorId", .int(debtorID)),
                ("debtorCreated", .bool(debtorCreated)),
            ])
        case .rejected(let reason):
            .object([
                ("position", .int(outcome.position)), ("orderNumber", .optional(outcome.orderNumber)),
                ("result", .string("rejected")),
                ("reason", .string(reason)),
            ])
        }
    }

    /// The file as a list entry, without its orders.
    static func fileSummary(_ file: AsperionDeliveredFile) -> JSONValue {
        .object([
            ("name", .string(file.name)), ("sha256", .string(file.sha256)), ("size", .int(file.bytes.count)),
            ("uploadedAt", .string(file.uploadedAt)),
            ("status", .string(file.importedAt == nil ? "waiting" : "imported")),
            ("orderCount", .int(file.orders.count)),
        ])
    }
}
