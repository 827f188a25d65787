import Foundation
import KoppelCore
import KoppelHTTP
import Ledger

/// Books orders as Factuursturen invoices (manual 004): the client found by e-mail or created with
/// the order's details (never changed), one invoice per order sent as it is made, and for a paid
/// order its payment registered. Factuursturen takes no idempotency key (apis-ledgers-shops.md
/// §4.5): an attempt whose answer was lost is settled by searching for the order's reference.
/// Its budget is the product: every request counts against about 60 an hour, so a backlog waits
/// for the budget (`LedgerHTTP`, `FactuursturenRatePolicy`) instead of failing.
public final class FactuursturenLedger: Ledger {
    let api: FactuursturenAPI
    let settings: FactuursturenSettings
    let contacts: (any ContactDirectory)?
    private var rates: [FactuursturenRead.TaxRate]?

    /// - Parameter longestRateWait: how long a request may wait for the rate budget, in seconds; a
    ///   whole window by default, so that a backlog is paced rather than put off.
    public init(
        access: FactuursturenAccess, settings: FactuursturenSettings, budget: RateBudget, contacts: (any ContactDirectory)? = nil,
        longestRateWait: Int64 = FactuursturenRatePolicy.windowSeconds,
        clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) throws(LedgerError) {
        api = try FactuursturenAPI(access: access, budget: budget, longestWait: longestRateWait, clock: clock)
        self.settings = settings
        self.contacts = contacts
    }

    public var requestCount: Int { api.requestCount }

    /// The invoice is sent as it is made (`action: send`); a paid order's payment is a second step.
    public func steps(for booking: PreparedBooking) -> [LedgerStep] {
        booking.isPaid && settings.registerPayment && !booking.document.grossTotal.isZero ? [.create, .registerPayment] : [.create]
    }

    /// One credit invoice, sent as it is made: nothing to send or settle apart, the same steps as a
    /// reversing entry. No credit invoice is documented; a sent invoice with every line negated is
    /// koppel's choice [Guess: that Factuursturen takes negative prices].
    public func creditSteps(paymentRegistered: Bool) -> [LedgerStep] {
        CreditPlan.reversingEntry.steps(paymentRegistered: paymentRegistered)
    }

    public func create(_ booking: PreparedBooking, idempotencyKey: String) throws(LedgerError) -> LedgerDocumentStatus {
        let number = try postInvoice(booking, crediting: nil)
        // The answer is the number alone; Factuursturen's total is the booking's, as the lines fit its VAT per rate.
        return LedgerDocumentStatus(id: number, gross: booking.document.grossTotal, customerEmails: Self.emails(booking.document.customer))
    }

    public func perform(_ step: LedgerStep, on document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) {
        guard step == .registerPayment else {
            throw LedgerError(.refused, "a Factuursturen invoice is sent as it is made; \(step.rawValue) does not apply")
        }
        // `invoices_payment/{nr}` with the order's date and "full": whatever is open [C-multi: FSAPI POST 201, apis.md §2].
        let body = LedgerJSON.object([("date", .string(booking.document.orderDate)), ("amount", .string("full"))])
        let response = try api.send("POST", "invoices_payment/\(FactuursturenAPI.segment(document.id))", body: body.data)
        guard response.status != 404 else { throw LedgerError(.refused, "Factuursturen no longer holds invoice \(document.id)") }
    }

    /// The credit invoice: the booking's lines negated, on the same client, marked with the number
    /// of the invoice it credits. Built from the booking, not read back, to spend one request.
    public func credit(_ document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) -> String {
        try postInvoice(booking, crediting: document.id)
    }

    private func postInvoice(_ booking: PreparedBooking, crediting: String?) throws(LedgerError) -> String {
        let document = booking.document
        let fromDirectory: Bool
        let client: String
        if let debtor = booking.fixedDebtorID, !document.isICP {
            // A fixed debtor never carries an ICP order: those need the customer's own VAT number.
            (client, fromDirectory) = (debtor, false)
        } else {
            (client, fromDirectory) = try clientNumber(for: document.customer)
        }
        do {
            return try post(booking, client: client, crediting: crediting)
        } catch let error where error.kind == .refused && fromDirectory {
            // The remembered client may have been deleted in Factuursturen: look it up anew, once.
            contacts?.forget(email: Self.emailKey(document.customer), administration: api.access.username)
            return try post(booking, client: try clientNumber(for: document.customer, useDirectory: false).number, crediting: crediting)
        }
    }

    private func post(_ booking: PreparedBooking, client: String, crediting: String?) throws(LedgerError) -> String {
        let body = FactuursturenInvoiceBody(settings: settings).body(booking, clientNumber: client, crediting: crediting)
        let response = try api.send("POST", "invoices", body: body.data)
        guard response.status < 300, let number = FactuursturenRead.bareNumber(response.body) else {
            throw LedgerError(.uncertain, "Factuursturen answered the new invoice without its number")
        }
        return number
    }

    /// By number (`GET invoices/{nr}`) when koppel knows it, else by searching for the reference.
    /// Paid: `open` is 0 (there is no status field, apis.md §2). With `includingCredit`, the
    /// credit invoice is the one whose `reference.line3` names this invoice.
    public func inspect(documentID: String?, reference: String, includingCredit: Bool) throws(LedgerError) -> LedgerDocumentStatus? {
        var found: [FactuursturenRead.Invoice]
        if let documentID, !includingCredit {
            guard let invoice = try invoice(documentID) else { return nil }
            found = [invoice]
        } else {
            found = try search(reference: reference)
        }
        let sale = found.first { invoice in
            FactuursturenReadBack.creditedNumber(invoice) == nil && (documentID == nil || invoice.number == documentID)
        }
        guard let sale else { return nil }
        var done: Set<LedgerStep> = [.create]
        let gross = sale.totalintax?.cents
        if let open = sale.open?.cents, open.isZero, !(gross ?? .zero).isZero { done.insert(.registerPayment) }
        var creditID: String?
        if includingCredit, let credit = found.first(where: { FactuursturenReadBack.creditedNumber($0) == sale.number }) {
            creditID = credit.number
            done.insert(.credit)
        }
        return LedgerDocumentStatus(
            id: sale.number, done: done, gross: gross,
            customerEmails: Set([sale.email?.text ?? ""].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }),
            creditID: creditID)
    }

    /// `GET invoices/{nr}`: nil when Factuursturen answers 404 or, for an unknown number, the whole
    /// list [C-one each: REIN, FSAPI: "treat both as not found"].
    private func invoice(_ number: String) throws(LedgerError) -> FactuursturenRead.Invoice? {
        let response = try api.get("invoices/\(FactuursturenAPI.segment(number))")
        guard response.status != 404 else { return nil }
        if response.body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "[") { return nil }
        guard let envelope = FactuursturenRead.decode(FactuursturenRead.InvoiceEnvelope.self, from: response.body) else {
            throw LedgerError(.uncertain, "Factuursturen's invoice \(number) could not be read")
        }
        return envelope.invoice
    }

    /// The invoices whose `reference.line1` is exactly `reference`: `search/invoices/all/{value}`
    /// [C-one: FSAPI; §4.5 "search before create"] matches parts of many fields, so the answer is
    /// filtered here.
    func search(reference: String) throws(LedgerError) -> [FactuursturenRead.Invoice] {
        let response = try api.get("search/invoices/all/\(FactuursturenAPI.segment(reference))")
        guard response.status != 404 else { return [] }
        guard let invoices = FactuursturenRead.decode([FactuursturenRead.Invoice].self, from: response.body) else {
            throw LedgerError(.uncertain, "Factuursturen's search for \(reference) could not be read")
        }
        return invoices.filter { FactuursturenReadBack.reference($0) == reference }
    }

    public func findBooking(reference: String) throws(LedgerError) -> LedgerBooking? {
        guard let sale = try search(reference: reference).first(where: { FactuursturenReadBack.creditedNumber($0) == nil }) else { return nil }
        return FactuursturenReadBack.booking(sale, codes: try vatCodesByRate())
    }

    /// The cheapest request there is: the account's VAT rates, kept for the read-back that follows.
    public func checkAccess() throws(LedgerError) {
        rates = nil
        _ = try taxRates()
    }

    /// The period's invoices, 100 a request (`count` + `offset`, apis-ledgers-shops.md §4.2; the
    /// sandbox takes `start` too). An invoice is dated the day it was sent, never before its order,
    /// so every invoice for an order of the period was sent on or after the period's first day:
    /// `since` that day, no `until`, and each invoice kept by the order date in its reference.
    public func bookings(in period: DatePeriod, _ each: (LedgerBooking) throws -> Void) throws {
        let codes = try vatCodesByRate()
        var offset = 0
        while true {
            let response = try api.get("invoices", query: [("since", period.first), ("count", "100"), ("offset", String(offset))])
            guard let invoices = FactuursturenRead.decode([FactuursturenRead.Invoice].self, from: response.body) else {
                throw LedgerError(.uncertain, "Factuursturen's invoices (from \(offset)) could not be read")
            }
            for invoice in invoices {
                let booking = FactuursturenReadBack.booking(invoice, codes: codes)
                if period.contains(booking.date) { try each(booking) }
            }
            // A short page is the last one (lists carry no total, §4.2).
            guard invoices.count == 100 else { return }
            offset += 100
        }
    }

    /// The account's VAT rates (`GET taxes`: percentage and type H/L/Z/N, apis.md §2). Factuursturen
    /// keeps no ledger accounts: one stand-in revenue account ("omzet") lets a VAT mapping be
    /// complete; it is never sent.
    public func referenceData() throws(LedgerError) -> LedgerReferenceData {
        let rates = try taxRates()
        let names = ["H": "Hoog", "L": "Laag", "Z": "Nul", "N": "Geen btw"]
        return LedgerReferenceData(
            vatCodes: rates.map { rate in
                let type = rate.type?.text ?? ""
                let percentage = rate.percentage?.text ?? ""
                let country = rate.country?.text.uppercased()
                return .init(
                    id: Self.code(rate), name: "\(names[type] ?? type) \(percentage)%", detail: percentage,
                    country: country == nil || country == "" || country == "NL" ? nil : country)
            },
            revenueAccounts: [.init(id: Self.revenueStandIn, name: "Omzet (Factuursturen kent geen grootboekrekeningen)", detail: "omzet")])
    }

    static let revenueStandIn = "omzet"

    /// The account's rates, read once per adapter (one run): every request counts against the hour's 60.
    private func taxRates() throws(LedgerError) -> [FactuursturenRead.TaxRate] {
        if let rates { return rates }
        let response = try api.get("taxes")
        guard let read = FactuursturenRead.decode([FactuursturenRead.TaxRate].self, from: response.body) else {
            throw LedgerError(.uncertain, "Factuursturen's taxes could not be read")
        }
        rates = read
        return read
    }

    /// A rate's code: its type letter, and its country for another member state's rate.
    static func code(_ rate: FactuursturenRead.TaxRate) -> String {
        let country = rate.country?.text.uppercased() ?? ""
        let type = rate.type?.text ?? ""
        return country.isEmpty || country == "NL" ? type : type + "-" + country
    }

    /// The code each domestic rate reads back under: the first of its percentage ("Z" before "N" for 0 %).
    private func vatCodesByRate() throws(LedgerError) -> [Int: String] {
        var codes: [Int: String] = [:]
        for rate in try taxRates() where Self.code(rate) == (rate.type?.text ?? "") {
            guard let basisPoints = rate.percentage.flatMap({ FactuursturenReadBack.basisPoints($0.text) }) else { continue }
            if codes[basisPoints] == nil { codes[basisPoints] = Self.code(rate) }
        }
        return codes
    }

    // MARK: Clients

    /// The client whose e-mail is the order's (`search/clients/email/{e}`, manual 004 §2: "De
    /// matching vindt plaats op emailadres"), or a new one; never changed.
    func clientNumber(for customer: BookingCustomer, useDirectory: Bool = true) throws(LedgerError) -> (number: String, fromDirectory: Bool) {
        let email = Self.emailKey(customer)
        let account = api.access.username
        if useDirectory, !email.isEmpty, let known = contacts?.contactID(email: email, administration: account) {
            return (known, true)
        }
        if !email.isEmpty {
            let response = try api.get("search/clients/email/\(FactuursturenAPI.segment(email))")
            if response.status != 404 {
                guard let clients = FactuursturenRead.decode([FactuursturenRead.Client].self, from: response.body) else {
                    throw LedgerError(.uncertain, "Factuursturen's clients for an e-mail address could not be read")
                }
                // The search may match parts [Guess]: only the same address counts.
                if let match = clients.first(where: { ($0.email?.text ?? "").trimmingCharacters(in: .whitespaces).lowercased() == email }),
                    let number = match.clientnr?.text, !number.isEmpty
                {
                    contacts?.remember(contactID: number, email: email, administration: account)
                    return (number, false)
                }
            }
        }
        let response = try api.send("POST", "clients", body: Self.clientBody(customer).data)
        guard response.status < 300, let number = FactuursturenRead.bareNumber(response.body) else {
            throw LedgerError(.uncertain, "Factuursturen answered the new client without its number")
        }
        if !email.isEmpty { contacts?.remember(contactID: number, email: email, administration: account) }
        return (number, false)
    }

    /// The client's fields [apis.md §2]; the country as its ISO code [Guess: the API takes a
    /// `countrylist` id or a name it resolves; "146" reads back as NL].
    static func clientBody(_ customer: BookingCustomer) -> LedgerJSON {
        let person = [customer.firstName, customer.lastName].filter { !$0.isEmpty }.joined(separator: " ")
        var members: [(String, LedgerJSON)] = [
            ("contact", .string(person.isEmpty ? customer.displayName : person)), ("showcontact", .bool(true)),
            ("company", .string(customer.company ?? "")), ("address", .string(customer.street)),
            ("zipcode", .string(customer.postcode)), ("city", .string(customer.city)), ("country", .string(customer.countryCode)),
            ("email", .string(customer.email)),
        ]
        if let phone = customer.phone { members.append(("phone", .string(phone))) }
        if let vatNumber = customer.vatNumber { members.append(("taxnumber", .string(vatNumber))) }
        return .object(members)
    }

    static func emailKey(_ customer: BookingCustomer) -> String {
        customer.email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func emails(_ customer: BookingCustomer) -> Set<String> {
        let email = emailKey(customer)
        return email.isEmpty ? [] : [email]
    }
}
