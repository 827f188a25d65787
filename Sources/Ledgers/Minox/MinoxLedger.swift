import Foundation
import KoppelCore
import KoppelHTTP
import Ledger

/// Books orders as Minox sales entries (verkoopboekingen), per the OpenCart → Minox manual: the
/// customer found by e-mail or created with the manual's fields (never changed), then one journal
/// entry by `PUT transaction_line_batch/{uuid}`, the uuid derived from the idempotency key, so that a
/// repeated attempt replaces the entry instead of adding a second one [C-one: OTW].
public final class MinoxLedger: Ledger {
    let api: MinoxAPI
    let settings: MinoxSettings
    let contacts: (any ContactDirectory)?

    /// - Parameter longestRateWait: how long a request may wait for the rate budget, in seconds; a
    ///   whole window by default, so that a backlog is paced rather than put off.
    public init(
        access: MinoxAccess, settings: MinoxSettings, budget: RateBudget, contacts: (any ContactDirectory)? = nil,
        longestRateWait: Int64 = MinoxRatePolicy.windowSeconds, clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) throws(LedgerError) {
        api = try MinoxAPI(access: access, budget: budget, longestWait: longestRateWait, clock: clock)
        self.settings = settings
        self.contacts = contacts
    }

    public var requestCount: Int { api.requestCount }

    /// No journal, no booking: one guessed would put the sales where the accountant does not look.
    public var setupProblem: BookingProblem? {
        guard settings.journalID.isEmpty else { return nil }
        return BookingProblem(
            .ledgerNotSetUp, "No Minox sales journal is chosen.",
            hint: "choose it: koppel config ledger LICENSE journal=CODE (koppel ledger map lists the journals); the order is booked by the next run")
    }

    /// One step: the entry is booked whole. Payments are registered in Minox itself (bank
    /// statements); koppel reads them back from the open items.
    public func steps(for booking: PreparedBooking) -> [LedgerStep] { [.create] }

    public func create(_ booking: PreparedBooking, idempotencyKey: String) throws(LedgerError) -> LedgerDocumentStatus {
        guard !settings.journalID.isEmpty else {
            throw LedgerError(.refused, "no Minox sales journal is chosen (koppel config ledger LICENSE journal=CODE)")
        }
        let batchID = MinoxBatchID.forKey(idempotencyKey)
        let document = booking.document
        // A fixed debtor never carries an ICP order: those need the customer's own VAT number (manual 000).
        if let debtor = booking.fixedDebtorID, !document.isICP {
            return try put(booking, batchID: batchID, debtor: debtor)
        }
        let debtor = try customer(for: document.customer)
        do {
            return try put(booking, batchID: batchID, debtor: debtor.id)
        } catch let error where error.kind == .refused && debtor.remembered {
            // The remembered customer may have been deleted in Minox: look it up anew, once.
            contacts?.forget(email: Self.emailKey(document.customer), administration: api.access.administrationID)
            return try put(booking, batchID: batchID, debtor: try customer(for: document.customer, useDirectory: false).id)
        }
    }

    private func put(_ booking: PreparedBooking, batchID: String, debtor: String) throws(LedgerError) -> LedgerDocumentStatus {
        let lines = try MinoxJournalEntry(settings: settings).lines(booking, debtor: debtor)
        let response = try api.send("PUT", api.url("transaction_line_batch/\(batchID)"), body: LedgerJSON.array(lines).data)
        guard response.status < 300 else { throw LedgerError(.refused, "Minox does not know the administration") }
        // The answer's shape is not documented; what was sent is what a PUT stores.
        let gross = MinoxRead.decode(MinoxRead.Batch.self, from: response.body).flatMap { Self.gross($0.collection) } ?? booking.document.grossTotal
        return LedgerDocumentStatus(id: batchID, gross: gross, customerEmails: Self.emails(booking.document.customer))
    }

    public func perform(_ step: LedgerStep, on document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) {
        throw LedgerError(.refused, "Minox books an entry in one step; \(step.rawValue) does not apply")
    }

    /// A cancelled booking is credited by one reversing entry (`MinoxCreditEntry`); nothing is sent
    /// or settled apart.
    public func creditSteps(paymentRegistered: Bool) -> [LedgerStep] {
        CreditPlan.reversingEntry.steps(paymentRegistered: paymentRegistered)
    }

    /// `PUT transaction_line_batch/{uuid}` of the entry's reversal, read from Minox (so it undoes
    /// exactly what Minox holds), under the uuid `MinoxBatchID.credit(of:)`: a repeated attempt
    /// replaces it, never adds a second one.
    public func credit(_ document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) -> String {
        guard let entry = try batch(document.id) else {
            throw LedgerError(.refused, "Minox no longer holds entry \(document.id), so it cannot be credited")
        }
        let creditID = MinoxBatchID.credit(of: document.id)
        let lines = MinoxCreditEntry.lines(
            reversing: entry, date: booking.cancelledOn ?? booking.document.orderDate, reference: booking.document.reference)
        let response = try api.send("PUT", api.url("transaction_line_batch/\(creditID)"), body: LedgerJSON.array(lines).data)
        guard response.status < 300 else { throw LedgerError(.refused, "Minox does not know the administration") }
        return creditID
    }

    /// By batch uuid (`GET transaction_line_batch/{uuid}`) when koppel knows it, else by the order
    /// number in the debtor line's description, among this and last year's lines. With
    /// `includingCredit`, the credit entry is asked first by its uuid: found, it settles both (it
    /// is only ever made for an entry that exists), so a lost credit answer costs one GET.
    public func inspect(documentID: String?, reference: String, includingCredit: Bool) throws(LedgerError) -> LedgerDocumentStatus? {
        if let documentID {
            if includingCredit, let credited = try creditStatus(of: documentID) { return credited }
            guard let lines = try batch(documentID) else { return nil }
            return LedgerDocumentStatus(id: documentID, gross: Self.gross(lines))
        }
        guard let found = try search(reference: reference) else { return nil }
        if includingCredit, let credited = try creditStatus(of: found.id) { return credited }
        return LedgerDocumentStatus(id: found.id, gross: found.debtor.map(MinoxReadBack.balance))
    }

    /// The entry `documentID` as credited, when its credit entry exists.
    private func creditStatus(of documentID: String) throws(LedgerError) -> LedgerDocumentStatus? {
        let creditID = MinoxBatchID.credit(of: documentID)
        guard let credit = try batch(creditID) else { return nil }
        return LedgerDocumentStatus(id: documentID, done: [.create, .credit], gross: Self.gross(credit).map { -$0 }, creditID: creditID)
    }

    /// The entry whose uuid is this idempotency key's: how an answer lost after the PUT is settled.
    public func inspect(idempotencyKey: String, includingCredit: Bool = false) throws(LedgerError) -> LedgerDocumentStatus? {
        try inspect(documentID: MinoxBatchID.forKey(idempotencyKey), reference: "", includingCredit: includingCredit)
    }

    private func batch(_ id: String) throws(LedgerError) -> [MinoxRead.Line]? {
        let response = try api.get("transaction_line_batch/\(id)")
        guard response.status != 404 else { return nil }
        guard let batch = MinoxRead.decode(MinoxRead.Batch.self, from: response.body) else {
            throw LedgerError(.uncertain, "Minox's entry \(id) could not be read")
        }
        return batch.collection
    }

    public func findBooking(reference: String) throws(LedgerError) -> LedgerBooking? {
        guard let found = try search(reference: reference) else { return nil }
        var customers = MinoxCustomerCache(api: api)
        let receivables = try openItems()
        return try MinoxReadBack.booking(found, customers: &customers, openItems: receivables)
    }

    /// The journals: one small answer. A look-up by reference would read this and last year's lines whole.
    public func checkAccess() throws(LedgerError) {
        _ = try api.get("journal")
    }

    /// The period's entries, read month by month (`year/{y}/transaction_lines?period={m}`, one
    /// period a month [Guess]) and grouped per batch; payment state from the open items
    /// (`receivable?status=open`, paid ⇔ balance 0 [Inferred]); customers from the customer list.
    /// A credit entry reads back with `creditOf` its entry's uuid when that entry was read in the
    /// same pass (the comparison then counts it part of the booking, not a duplicate).
    /// A month's answer is read lean (`MinoxCollectionReader`) into one small `MinoxEntry` per
    /// entry; bookings are made and handed over one at a time.
    public func bookings(in period: DatePeriod, _ each: (LedgerBooking) throws -> Void) throws {
        var customers = MinoxCustomerCache(api: api, readsList: true)
        var credited: [String: String] = [:]
        let receivables = try openItems()
        for (year, month) in Self.months(period) {
            let entries = try entries(year: year, period: month)
            // The credits of the entries seen so far, so a credit pairs with its entry in any later order.
            for entry in entries where MinoxReadBack.creditedReference(entry) == nil {
                credited[MinoxBatchID.credit(of: entry.id)] = entry.id
            }
            for entry in entries {
                let booking = try MinoxReadBack.booking(entry, customers: &customers, openItems: receivables, creditOf: credited[entry.id])
                if period.contains(booking.date) { try each(booking) }
            }
        }
    }

    /// VAT codes, revenue accounts (the chart's class 8, omzet [Guess: the account list's fields that
    /// would say "revenue" are unknown]) and journals.
    public func referenceData() throws(LedgerError) -> LedgerReferenceData {
        func list(_ resource: String) throws(LedgerError) -> [MinoxRead.Named] {
            let response = try api.get(resource)
            guard let list = MinoxRead.decode(MinoxRead.Collection<MinoxRead.Named>.self, from: response.body) else {
                throw LedgerError(.uncertain, "Minox's \(resource) could not be read")
            }
            return list.collection
        }
        let vat = try list("vat")
        let accounts = try list("ledger_account")
        let journals = try list("journal")
        func entry(_ item: MinoxRead.Named, detail: String) -> LedgerReferenceData.Entry {
            .init(id: item.id.text, name: item.description ?? item.name ?? "", detail: detail)
        }
        return LedgerReferenceData(
            vatCodes: vat.map { entry($0, detail: $0.percentage.map { String(describing: $0.cents) } ?? "") },
            revenueAccounts: accounts.filter { $0.id.text.hasPrefix("8") }.map { entry($0, detail: $0.id.text) },
            extras: [
                "journals": journals.map { entry($0, detail: $0.type ?? "") },
                "ledger_accounts": accounts.map { entry($0, detail: $0.id.text) },
                // Gift vouchers and store credit are debts: balance accounts (the type word is a guess).
                "liability_accounts": accounts.filter { $0.type == "balance" }.map { entry($0, detail: $0.id.text) },
                "vat_types": vat.map { entry($0, detail: $0.type ?? "") },
            ])
    }

    // MARK: Reading

    /// The sales journal's entries of a year (`period` nil) or one period, read lean.
    func entries(year: Int, period: Int?) throws(LedgerError) -> [MinoxEntry] {
        let response = try api.get("year/\(year)/transaction_lines", query: period.map { [("period", String($0))] } ?? [])
        guard response.status != 404 else { return [] }
        var entries = MinoxEntries(journal: settings.journalID)
        do {
            try MinoxCollectionReader.lines(in: response.body) { entries.add($0) }
        } catch {
            throw LedgerError(.uncertain, "Minox's transaction lines of \(year) could not be read")
        }
        return entries.entries
    }

    /// The entry whose debtor line carries `reference`, this year's or last year's.
    private func search(reference: String) throws(LedgerError) -> MinoxEntry? {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date(timeIntervalSince1970: TimeInterval(api.clock())))
        for year in [year, year - 1] {
            // The sale, never its credit entry (which carries the same order number).
            if let found = try entries(year: year, period: nil).first(where: {
                MinoxReadBack.reference($0) == reference && MinoxReadBack.creditedReference($0) == nil
            }) {
                return found
            }
        }
        return nil
    }

    /// Open items per "customer/invoice number": what is still to be paid.
    private func openItems() throws(LedgerError) -> [String: Cents] {
        let response = try api.get("receivable", query: [("status", "open")])
        var items: [String: Cents] = [:]
        do {
            try MinoxCollectionReader.receivables(in: response.body) { item in
                guard let account = item.account_id?.text, let invoice = item.invoice_number else { return }
                items["\(account)/\(invoice)", default: .zero] += item.balance?.cents ?? .zero
            }
        } catch {
            throw LedgerError(.uncertain, "Minox's open items could not be read")
        }
        return items
    }

    static func months(_ period: DatePeriod) -> [(Int, Int)] {
        guard let firstYear = Int(period.first.prefix(4)), let firstMonth = Int(period.first.dropFirst(5).prefix(2)),
            let lastYear = Int(period.last.prefix(4)), let lastMonth = Int(period.last.dropFirst(5).prefix(2))
        else { return [] }
        var months: [(Int, Int)] = []
        var (year, month) = (firstYear, firstMonth)
        while year * 12 + month <= lastYear * 12 + lastMonth {
            months.append((year, month))
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return months
    }

    static func gross(_ lines: [MinoxRead.Line]) -> Cents? {
        MinoxReadBack.debtorLine(lines).map(MinoxReadBack.balance)
    }

    // MARK: Customers

    /// The customer whose e-mail is the order's (`customer/by_email`, manual: "Matching gebeurt op
    /// e-mailadres"), or a new one with the manual's fields. Never changed.
    func customer(for customer: BookingCustomer, useDirectory: Bool = true) throws(LedgerError) -> (id: String, remembered: Bool) {
        let email = Self.emailKey(customer)
        let administration = api.access.administrationID
        if useDirectory, !email.isEmpty, let known = contacts?.contactID(email: email, administration: administration) {
            return (known, true)
        }
        if !email.isEmpty {
            let response = try api.get("customer/by_email/\(MinoxAPI.segment(email))")
            if response.status != 404, let found = MinoxRead.decode(MinoxRead.Customer.self, from: response.body) {
                contacts?.remember(contactID: found.id.text, email: email, administration: administration)
                return (found.id.text, false)
            }
        }
        let response = try api.send("POST", api.url("customer"), body: MinoxCustomerFields.body(customer).data)
        guard response.status < 300, let created = MinoxRead.decode(MinoxRead.Customer.self, from: response.body) else {
            throw LedgerError(.uncertain, "Minox answered the new customer without an id")
        }
        if !email.isEmpty { contacts?.remember(contactID: created.id.text, email: email, administration: administration) }
        return (created.id.text, false)
    }

    static func emailKey(_ customer: BookingCustomer) -> String {
        customer.email.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func emails(_ customer: BookingCustomer) -> Set<String> {
        let email = emailKey(customer)
        return email.isEmpty ? [] : [email]
    }
}
