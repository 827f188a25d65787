import Foundation
import KoppelCore
import KoppelHTTP
import Ledger

/// Books orders as Moneybird sales invoices: the customer found by e-mail or created (never
/// changed), the invoice with one detail per line carrying Moneybird's tax rate and ledger
/// account, and for a paid order a send request (Manual unless Email is chosen) and a payment.
public final class MoneybirdLedger: Ledger {
    let api: MoneybirdAPI
    let settings: MoneybirdSettings
    let contacts: (any ContactDirectory)?

    /// - Parameter longestRateWait: how long a request may wait for the rate budget, in seconds;
    ///   a whole window by default, so that a backlog is paced rather than put off.
    public init(
        access: MoneybirdAccess, settings: MoneybirdSettings, budget: RateBudget, contacts: (any ContactDirectory)? = nil,
        longestRateWait: Int64 = 300, clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) throws(LedgerError) {
        self.api = try MoneybirdAPI(access: access, budget: budget, longestWait: longestRateWait, clock: clock)
        self.settings = settings
        self.contacts = contacts
    }

    /// Requests this adapter sent so far.
    public var requestCount: Int { api.requestCount }

    /// A paid order's invoice is sent (Manual unless Email is chosen) and its payment registered;
    /// an unpaid one stays a draft until the order is paid.
    public func steps(for booking: PreparedBooking) -> [LedgerStep] {
        booking.isPaid && settings.registerPayment ? [.create, .send, .registerPayment] : [.create]
    }

    /// A credit invoice (`CreditPlan.creditInvoice`): a draft invoice is sent first, so that invoice
    /// and credit both stand in the books; the credit is sent, and settles an invoice nobody paid.
    public func creditSteps(paymentRegistered: Bool) -> [LedgerStep] {
        CreditPlan.creditInvoice.steps(paymentRegistered: paymentRegistered)
    }

    /// Moneybird takes no idempotency key (its API documents none): a lost answer is settled by
    /// `inspect` through `find_by_reference`.
    public func create(_ booking: PreparedBooking, idempotencyKey: String) throws(LedgerError) -> LedgerDocumentStatus {
        let document = booking.document
        // A fixed debtor never carries an ICP order: those need the customer's own VAT number.
        if let debtor = booking.fixedDebtorID, !document.isICP {
            guard case .created(let invoice) = try createInvoice(document, contactID: debtor, roundingAccount: booking.roundingAccount) else {
                throw LedgerError(.refused, "Moneybird does not know the fixed debtor \(debtor)", field: "contact_id")
            }
            return invoice
        }
        switch try createInvoice(document, contactID: try contact(for: document.customer), roundingAccount: booking.roundingAccount) {
        case .created(let invoice):
            return invoice
        case .staleContact:
            // The remembered contact was deleted in Moneybird: forget it, find or make it anew.
            contacts?.forget(email: Self.emailKey(document.customer), administration: api.access.administrationID)
            let contactID = try contact(for: document.customer, useDirectory: false)
            guard case .created(let invoice) = try createInvoice(document, contactID: contactID, roundingAccount: booking.roundingAccount) else {
                throw LedgerError(.refused, "Moneybird refused the contact \(contactID)", field: "contact_id")
            }
            return invoice
        }
    }

    public func perform(_ step: LedgerStep, on document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) {
        switch step {
        case .create, .credit:
            preconditionFailure("\(step) is not a step on an existing invoice")
        case .sendCredit:
            // The credit invoice leaves draft the way the invoice did.
            let sending = MoneybirdJSON.SendingEnvelope(salesInvoiceSending: .init(deliveryMethod: settings.deliveryMethod.rawValue))
            _ = try expectFound(api.send("PATCH", "sales_invoices/\(try creditID(document))/send_invoice", json: sending))
        case .settleCredit:
            // Spec: PATCH /sales_invoices/{id}/register_payment_creditinvoice settles a credit invoice
            // against its original (docs/moneybird-arithmetic.md).
            _ = try expectFound(api.send("PATCH", "sales_invoices/\(try creditID(document))/register_payment_creditinvoice", json: MoneybirdJSON.EmptyBody()))
        case .send:
            let sending = MoneybirdJSON.SendingEnvelope(salesInvoiceSending: .init(deliveryMethod: settings.deliveryMethod.rawValue))
            _ = try expectFound(api.send("PATCH", "sales_invoices/\(document.id)/send_invoice", json: sending))
        case .registerPayment:
            // The payment covers the invoice's total as Moneybird computed it, so a paid order's
            // invoice is left with nothing open. An invoice of 0.00 is paid once it is sent
            // (the sandbox does so; a guess for Moneybird, which documents no payment of 0.00).
            let gross = document.gross ?? booking.document.grossTotal
            guard !gross.isZero else { return }
            let payment = MoneybirdJSON.PaymentEnvelope(payment: .init(paymentDate: booking.document.orderDate, price: gross.description))
            _ = try expectFound(api.send("POST", "sales_invoices/\(document.id)/payments", json: payment))
        }
    }

    /// Spec: PATCH /sales_invoices/{id}/duplicate_creditinvoice makes a draft credit invoice with
    /// every line negated and `original_sales_invoice_id` set.
    public func credit(_ document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) -> String {
        let response = try expectFound(api.send("PATCH", "sales_invoices/\(document.id)/duplicate_creditinvoice", json: MoneybirdJSON.EmptyBody()))
        guard let credit = try? MoneybirdJSON.decode(MoneybirdJSON.Invoice.self, from: response.body) else {
            throw LedgerError(.uncertain, "Moneybird answered the credit invoice without an id")
        }
        return credit.id
    }

    private func creditID(_ document: LedgerDocumentReference) throws(LedgerError) -> String {
        guard let id = document.creditID else { throw LedgerError(.refused, "no credit invoice is known for \(document.id)") }
        return id
    }

    /// A credit invoice carries its original's reference; the one whose `original_sales_invoice_id`
    /// is this invoice is its credit. Sent: it left draft; settled: Moneybird's state `paid`.
    private func creditStatus(of invoiceID: String, reference: String) throws(LedgerError) -> (id: String, done: Set<LedgerStep>)? {
        let response = try api.get("sales_invoices", query: [("filter", "reference:\(reference),state:all"), ("per_page", "100")])
        guard let invoices = try? MoneybirdJSON.decode([MoneybirdJSON.Invoice].self, from: response.body) else {
            throw LedgerError(.uncertain, "Moneybird's invoices for \(reference) could not be read")
        }
        guard let credit = invoices.first(where: { $0.originalSalesInvoiceID == invoiceID }) else { return nil }
        var done: Set<LedgerStep> = [.credit]
        if credit.state != "draft" { done.insert(.sendCredit) }
        if credit.state == "paid" { done.insert(.settleCredit) }
        return (credit.id, done)
    }

    /// By id (`GET sales_invoices/{id}`) or by reference (`find_by_reference`). Sent: the invoice
    /// left draft; paid: Moneybird's state `paid` (payments cover the total).
    public func inspect(documentID: String?, reference: String, includingCredit: Bool) throws(LedgerError) -> LedgerDocumentStatus? {
        let path = documentID.map { "sales_invoices/\($0)" } ?? "sales_invoices/find_by_reference/\(Self.pathSegment(reference))"
        let response = try api.get(path)
        guard response.status != 404 else { return nil }
        guard var invoice = try? MoneybirdJSON.decode(MoneybirdJSON.Invoice.self, from: response.body) else {
            throw LedgerError(.uncertain, "Moneybird's invoice for \(reference) could not be read")
        }
        if let original = invoice.originalSalesInvoiceID {
            // The reference found the credit invoice, which carries its original's reference.
            let originalResponse = try api.get("sales_invoices/\(original)")
            guard originalResponse.status != 404 else { return nil }
            guard let read = try? MoneybirdJSON.decode(MoneybirdJSON.Invoice.self, from: originalResponse.body) else {
                throw LedgerError(.uncertain, "Moneybird's invoice \(original) could not be read")
            }
            invoice = read
        }
        guard let state = invoice.state else { throw LedgerError(.uncertain, "Moneybird's invoice for \(reference) has no state") }
        var done: Set<LedgerStep> = [.create]
        if state != "draft" { done.insert(.send) }
        if state == "paid" { done.insert(.registerPayment) }
        let emails = [invoice.contact?.email, invoice.contact?.sendInvoicesToEmail].compactMap { $0 }
            .flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        var creditID: String?
        if includingCredit, state != "draft", let credit = try creditStatus(of: invoice.id, reference: invoice.reference ?? reference) {
            creditID = credit.id
            done.formUnion(credit.done)
        }
        return LedgerDocumentStatus(
            id: invoice.id, done: done, gross: invoice.totalPriceInclTax.flatMap { try? Cents(parsing: $0) }, customerEmails: Set(emails),
            creditID: creditID)
    }

    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }

    private enum InvoiceAttempt {
        case created(LedgerDocumentStatus)
        /// Moneybird refused the contact id: it no longer exists there.
        case staleContact
    }

    private func createInvoice(_ document: BookingDocument, contactID: String, roundingAccount: String?) throws(LedgerError) -> InvoiceAttempt {
        let invoice = MoneybirdJSON.InvoiceEnvelope(salesInvoice: .init(
            contactID: contactID, reference: document.reference, invoiceDate: document.orderDate,
            currency: document.currency, workflowID: settings.workflowID, documentStyleID: settings.documentStyleID,
            detailsAttributes: try details(of: document, roundingAccount: roundingAccount)))
        let created: HTTPResponse
        do {
            created = try api.send("POST", "sales_invoices", json: invoice)
        } catch let error where error.kind == .refused && (error.field ?? "").hasPrefix("contact") {
            return .staleContact
        }
        guard let invoice = try? MoneybirdJSON.decode(MoneybirdJSON.Invoice.self, from: created.body), created.status < 300 else {
            throw LedgerError(.uncertain, "Moneybird answered the new invoice without an id")
        }
        return .created(LedgerDocumentStatus(id: invoice.id, gross: invoice.totalPriceInclTax.flatMap { try? Cents(parsing: $0) }))
    }

    public func findBooking(reference: String) throws(LedgerError) -> LedgerBooking? {
        let response = try api.get("sales_invoices/find_by_reference/\(Self.pathSegment(reference))")
        guard response.status != 404 else { return nil }
        guard let invoice = try? MoneybirdJSON.decode(MoneybirdJSON.Invoice.self, from: response.body) else {
            throw LedgerError(.uncertain, "Moneybird's invoice for \(reference) could not be read")
        }
        return Self.booking(from: invoice)
    }

    public func bookings(in period: DatePeriod, _ each: (LedgerBooking) throws -> Void) throws {
        let filter = Self.periodFilter(period)
        let api = api
        func fetch(_ page: Int) throws(LedgerError) -> HTTPResponse {
            try api.get("sales_invoices", query: [("filter", filter), ("per_page", "100"), ("page", "\(page)")])
        }
        var page = 1
        var response = try fetch(page)
        while true {
            // While this page is read, the next one is on its way, when Moneybird names one in
            // `Link` (changelog 2016-10-26): its time and koppel's overlap, one request at a time.
            let ahead = Self.namesNextPage(response) ? RequestAhead { [page] () throws(LedgerError) in try fetch(page + 1) } : nil
            let invoices: [MoneybirdJSON.Invoice]
            do {
                invoices = try Self.invoices(on: response, page: page)
                for invoice in invoices { try each(Self.booking(from: invoice)) }
            } catch {
                ahead?.discard()
                throw error
            }
            // A short page is the last one, whatever `Link` said.
            guard invoices.count == 100 else {
                ahead?.discard()
                return
            }
            page += 1
            response = try ahead?.response() ?? fetch(page)
        }
    }

    private static func invoices(on response: HTTPResponse, page: Int) throws(LedgerError) -> [MoneybirdJSON.Invoice] {
        do {
            return try InvoicePageReader.invoices(in: response.body)
        } catch {
            throw LedgerError(.uncertain, "Moneybird's invoices (page \(page)) could not be read")
        }
    }

    /// `Link: <…page=2…>; rel="next", …`: a list's page names the one after it.
    static func namesNextPage(_ response: HTTPResponse) -> Bool {
        response.header("link")?.contains("rel=\"next\"") ?? false
    }

    public func referenceData() throws(LedgerError) -> LedgerReferenceData {
        func list(_ resource: String, query: [(String, String)] = []) throws(LedgerError) -> [MoneybirdJSON.Named] {
            let response = try api.get(resource, query: query)
            guard let items = try? MoneybirdJSON.decode([MoneybirdJSON.Named].self, from: response.body) else {
                throw LedgerError(.uncertain, "Moneybird's \(resource) could not be read")
            }
            return items
        }
        let taxRates = try list("tax_rates", query: [("filter", "tax_rate_type:sales_invoice"), ("per_page", "100")])
        let ledgerAccounts = try list("ledger_accounts")
        let accounts = ledgerAccounts.filter { $0.accountType == "revenue" }
        let liabilities = ledgerAccounts.filter { $0.accountType == "current_liabilities" || $0.accountType == "non_current_liabilities" }
        let workflows = try list("workflows").filter { $0.type == nil || $0.type == "InvoiceWorkflow" }
        let styles = try list("document_styles")
        return LedgerReferenceData(
            vatCodes: taxRates.map { .init(id: $0.id, name: $0.name ?? "", detail: $0.percentage ?? "", country: $0.country) },
            revenueAccounts: accounts.map { .init(id: $0.id, name: $0.name ?? "", detail: $0.accountID ?? "") },
            extras: [
                "workflows": workflows.map { .init(id: $0.id, name: $0.name ?? "", detail: "") },
                "document_styles": styles.map { .init(id: $0.id, name: $0.name ?? "", detail: "") },
                "liability_accounts": liabilities.map { .init(id: $0.id, name: $0.name ?? "", detail: $0.accountID ?? "") },
            ])
    }

    /// The contact whose e-mail is the customer's, or a new one. Moneybird's `query` searches many
    /// fields, so the results are filtered for an exact (case-insensitive) e-mail match.
    func contact(for customer: BookingCustomer, useDirectory: Bool = true) throws(LedgerError) -> String {
        let email = Self.emailKey(customer)
        let administration = api.access.administrationID
        if useDirectory, !email.isEmpty, let known = contacts?.contactID(email: email, administration: administration) {
            return known
        }
        if !email.isEmpty {
            let response = try api.get("contacts", query: [("query", email), ("per_page", "100")])
            let found = (try? MoneybirdJSON.decode([MoneybirdJSON.Contact].self, from: response.body)) ?? []
            let match = found.first { contact in
                [contact.email, contact.sendInvoicesToEmail].contains { address in
                    (address ?? "").split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == email }
                }
            }
            if let match {
                contacts?.remember(contactID: match.id, email: email, administration: administration)
                return match.id
            }
        }
        let new = MoneybirdJSON.ContactEnvelope(contact: .init(
            companyName: customer.company, firstname: customer.firstName, lastname: customer.lastName,
            address1: customer.street, zipcode: customer.postcode, city: customer.city, country: customer.countryCode,
            phone: customer.phone, sendInvoicesToEmail: customer.email, taxNumber: customer.vatNumber))
        let created = try expectFound(api.send("POST", "contacts", json: new))
        guard let contact = try? MoneybirdJSON.decode(MoneybirdJSON.Contact.self, from: created.body) else {
            throw LedgerError(.uncertain, "Moneybird answered the new contact without an id")
        }
        if !email.isEmpty { contacts?.remember(contactID: contact.id, email: email, administration: administration) }
        return contact.id
    }

    static func emailKey(_ customer: BookingCustomer) -> String {
        customer.email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// One detail per line, with its whole net amount; redeemed vouchers and store credit are
    /// lines outside VAT on their liability account.
    func details(of document: BookingDocument, roundingAccount: String? = nil) throws(LedgerError) -> [MoneybirdJSON.NewDetail] {
        var details: [MoneybirdJSON.NewDetail] = []
        for line in document.lines {
            // Lines outside VAT (rounding, levies, gift vouchers sold) take the connection's
            // no-VAT rate: without a tax_rate_id Moneybird would apply its default rate.
            let outsideVAT = line.rate.kind == .outOfScope ? settings.noVATCode : nil
            guard let taxRate = line.ledgerVATCode ?? outsideVAT else {
                throw LedgerError(.refused, "no Moneybird tax rate is mapped for \(line.rate.label)", field: "tax_rate_id")
            }
            let description = line.quantity > 1 ? "\(line.quantity) × \(line.description)" : line.description
            details.append(.init(description: description, price: line.net.description, taxRateID: taxRate, ledgerAccountID: line.ledgerAccount))
        }
        for payment in document.payments {
            details.append(.init(
                description: payment.description, price: payment.amount.description, taxRateID: settings.noVATCode,
                ledgerAccountID: payment.ledgerAccount))
        }
        return details + (try vatFit(document, roundingAccount: roundingAccount))
    }

    /// The lines that make Moneybird's VAT per rate the shop's (`PerRateVATFit`).
    private func vatFit(_ document: BookingDocument, roundingAccount: String?) throws(LedgerError) -> [MoneybirdJSON.NewDetail] {
        let adjustments = PerRateVATFit.adjustments(document)
        guard !adjustments.isEmpty else { return [] }
        guard let noVAT = settings.noVATCode else {
            throw LedgerError(.refused, "no Moneybird tax rate is mapped for lines outside VAT", field: "tax_rate_id")
        }
        let account = roundingAccount ?? document.lines.first { $0.kind == .rounding }?.ledgerAccount
        var lines = adjustments.map { adjustment in
            MoneybirdJSON.NewDetail(
                description: "Afronding btw \(VATRate(basisPoints: adjustment.basisPoints, kind: .standard).label)", price: adjustment.net.description,
                taxRateID: adjustment.vatCode, ledgerAccountID: account)
        }
        let total = adjustments.map(\.net).sum()
        if !total.isZero {
            lines.append(.init(description: "Afronding", price: (-total).description, taxRateID: noVAT, ledgerAccountID: account))
        }
        return lines
    }

    private func expectFound(_ response: HTTPResponse) throws(LedgerError) -> HTTPResponse {
        guard response.status != 404 else { throw LedgerError(.refused, "Moneybird does not know the record") }
        return response
    }

    static func booking(from invoice: MoneybirdJSON.Invoice) -> LedgerBooking {
        func cents(_ text: String?) -> Cents { text.flatMap { try? Cents(parsing: $0) } ?? .zero }
        var vat: [String: Cents] = [:]
        for total in invoice.taxTotals ?? [] { vat[total.taxRateID, default: .zero] += cents(total.taxAmount) }
        let contact = invoice.contact.map { contact in
            BookingCustomer(
                firstName: contact.firstname ?? "", lastName: contact.lastname ?? "", company: contact.companyName,
                email: contact.email ?? contact.sendInvoicesToEmail ?? "", phone: nil, street: contact.address1 ?? "",
                postcode: contact.zipcode ?? "", city: contact.city ?? "", countryCode: contact.country ?? "",
                vatNumber: contact.taxNumber)
        }
        // Moneybird's state `paid` means paid in full; `total_unpaid` is the total minus payments.
        let payment = invoice.state.map { state in
            LedgerPayment(state: state, isPaid: state == "paid", unpaid: cents(invoice.totalUnpaid))
        }
        return LedgerBooking(
            id: invoice.id, reference: invoice.reference ?? "", date: invoice.invoiceDate ?? "",
            gross: cents(invoice.totalPriceInclTax), net: cents(invoice.totalPriceExclTax), vatByCode: vat,
            customer: contact, version: invoice.version.map(String.init) ?? "",
            // Moneybird's version is the invoice's updated_at in Unix seconds (API v2 docs, "version").
            editedAt: invoice.version, payment: payment,
            creditOf: invoice.originalSalesInvoiceID)
    }
}
