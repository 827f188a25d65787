import Foundation

/// The owner's "Import orders (xml) › webwinkelfacturen › Synchroniseren" (manual 003 §7): every order of
/// a waiting file becomes a concept sales invoice, or is rejected with a reason.
///
/// What Asperion refuses is not documented; the sandbox rejects [GUESS, each]:
/// - an order number already imported into the administration (from any file, or earlier in this one);
/// - a payment code the administration does not know ([SPEC14] has a "Payment Codes" appendix);
/// - a debtor whose e-mail address is none (no `name@domain.tld`), as debtors are matched on e-mail
///   (manual 003 §2); the schema already refuses a file whose debtor has no `Email` at all;
/// - an order without lines.
/// A rejected order leaves nothing behind; the others of the file are imported all the same. An order
/// that breaks the schema is rejected with its violations when the sandbox reads files order by order.
struct AsperionImporter {
    let tenants: [AsperionSandboxTenant]

    /// Imports the file at `index` unless it was imported before; returns whether it was waiting.
    @discardableResult
    func importFile(at index: Int, in state: inout AsperionBooks.State, now: String) -> Bool {
        guard state.files[index].importedAt == nil else { return false }
        let file = state.files[index]
        let tenant = tenants.first { $0.id == file.tenant }
        var outcomes: [AsperionOrderOutcome] = []
        for (index, entry) in file.orders.enumerated() {
            guard case .readable(let order) = entry else {
                if case .broken(let violations) = entry {
                    let reason =
                        "The order breaks the aXML schema: "
                        + violations.map { "\($0.path): \($0.message)" }.joined(separator: "; ")
                    outcomes.append(
                        AsperionOrderOutcome(position: index + 1, orderNumber: nil, result: .rejected(reason: reason)))
                }
                continue
            }
            let result: AsperionOrderOutcome.Result
            if let reason = rejection(of: order, tenant: tenant, state: state) {
                result = .rejected(reason: reason)
            } else {
                result = book(order, file: file, in: &state, now: now)
            }
            outcomes.append(AsperionOrderOutcome(position: index + 1, orderNumber: order.number, result: result))
        }
        state.files[index].importedAt = now
        state.files[index].outcomes = outcomes
        return true
    }

    private func rejection(of order: AsperionImportOrder, tenant: AsperionSandboxTenant?, state: AsperionBooks.State)
        -> String?
    {
        if let earlier = state.invoices.first(where: { $0.tenant == tenant?.id && $0.orderNumber == order.number }) {
            return "Order \(order.number) was already imported (sales invoice \(earlier.id), file \(earlier.fileName))"
        }
        if let code = order.paymentCode, !(tenant?.paymentCodes.contains(code) ?? false) {
            return "Unknown payment code \"\(code)\""
        }
        guard let email = order.debtor.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty else {
            return "The debtor has no e-mail address; debtors are matched on e-mail"
        }
        guard Self.looksLikeEmail(email) else {
            return "The debtor's e-mail address \"\(email)\" is no e-mail address; debtors are matched on e-mail"
        }
        if order.lines.isEmpty { return "The order has no lines" }
        return nil
    }

    /// One `@` with text before it and a dotted domain after it, no blanks.
    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(" ") else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }

    private func book(
        _ order: AsperionImportOrder, file: AsperionDeliveredFile, in state: inout AsperionBooks.State, now: String
    )
        -> AsperionOrderOutcome.Result
    {
        let email = (order.debtor.email ?? "").trimmingCharacters(in: .whitespaces)
        var debtor = state.debtors.first { $0.tenant == file.tenant && $0.email.lowercased() == email.lowercased() }
        let created = debtor == nil
        if debtor == nil {
            let number = state.nextCustomerNumber[file.tenant, default: 1]
            state.nextCustomerNumber[file.tenant] = number + 1
            let made = AsperionDebtor(
                id: state.nextDebtorID, tenant: file.tenant, customerNumber: String(number), name: order.debtor.name,
                email: email,
                address: order.debtor.address, postCode: order.debtor.postCode, city: order.debtor.city,
                countryCode: order.debtor.countryCode, vatNumber: order.debtor.vatNumber, dateAdded: now)
            state.nextDebtorID += 1
            state.debtors.append(made)
            debtor = made
        }
        let invoice = AsperionSalesInvoice(
            id: state.nextInvoiceID, tenant: file.tenant, debtorID: debtor!.id,
            debtorCustomerNumber: debtor!.customerNumber,
            orderNumber: order.number, date: order.date, description: order.description, paymentCode: order.paymentCode,
            lines: order.lines, fileName: file.name)
        state.nextInvoiceID += 1
        state.invoices.append(invoice)
        return .imported(invoiceID: invoice.id, debtorID: debtor!.id, debtorCreated: created)
    }
}
