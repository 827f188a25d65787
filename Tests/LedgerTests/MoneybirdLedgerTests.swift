import Foundation
import KoppelCore
import KoppelHTTP
import Ledger
import Moneybird
import OpenCart
import Synchronization
import Testing

/// The Moneybird adapter against koppel-sandbox over HTTP (libcurl), with the real OpenCart orders.
@Suite(.serialized)
struct MoneybirdLedgerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opencart")

    func ledger(
        _ sandbox: SandboxServer, token: String = SandboxServer.token, budget: RateBudget = RateBudget(limit: 150, windowSeconds: 300),
        contacts: (any ContactDirectory)? = nil, longestRateWait: Int64 = 300
    ) throws -> MoneybirdLedger {
        let access = MoneybirdAccess(baseURL: sandbox.baseURL, administrationID: SandboxServer.administration, accessToken: token)
        // The sandbox's 0% sales rate takes the lines outside VAT (the rounding line).
        let probe = try MoneybirdLedger(access: access, settings: MoneybirdSettings(), budget: RateBudget(limit: 150, windowSeconds: 300))
        let zero = token == SandboxServer.token ? try probe.referenceData().vatCodes.first { Double($0.detail) == 0 }?.id : nil
        return try MoneybirdLedger(
            access: access, settings: MoneybirdSettings(noVATCode: zero), budget: budget, contacts: contacts,
            longestRateWait: longestRateWait)
    }

    /// OpenCart 3 order `number`, as a document mapped onto the sandbox's tax rates and revenue account.
    func prepared(_ number: Int, reference: String? = nil, email: String? = nil, using ledger: MoneybirdLedger) throws -> PreparedBooking {
        let rows = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("opencart3-order-\(number).json")))
        let settings = try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("opencart3-settings.json"))).shopSettings()
        var document = try rows.pushedOrder().booking(settings: settings).document
        if let reference { document.reference = reference }
        if let email { document.customer.email = email }

        let reference = try ledger.referenceData()
        func code(_ percentage: String) throws -> String {
            try #require(reference.vatCodes.first { Double($0.detail) == Double(percentage) }?.id, "no \(percentage)% rate")
        }
        let revenue = try #require(reference.revenueAccounts.first?.id)
        var mapping = VATMapping.defaults(shopCountry: "NL")
        mapping.set(.country("NL"), basisPoints: 2100, vatCode: try code("21"), revenueAccount: revenue)
        mapping.set(.country("NL"), basisPoints: 900, vatCode: try code("9"), revenueAccount: revenue)
        mapping.set(.country("NL"), basisPoints: 0, vatCode: try code("0"), revenueAccount: revenue)
        mapping.accounts.rounding = revenue
        let (resolved, problems) = mapping.resolve(document)
        #expect(problems.isEmpty, "\(problems)")
        return PreparedBooking(document: resolved, isPaid: true)
    }

    @Test func booksAPaidOrderForANewCustomerInFiveRequests() throws {
        let sandbox = try SandboxServer()
        let ledger = try ledger(sandbox)
        let booking = try prepared(1, using: ledger)
        let before = ledger.requestCount
        let id = try ledger.book(booking)
        #expect(ledger.requestCount - before == 5)
        #expect(id.count == 18 && id.allSatisfy(\.isNumber))

        let found = try #require(try ledger.findBooking(reference: "1"))
        #expect(found.id == id)
        #expect(found.gross == Cents(4085))
        #expect(found.gross == booking.document.grossTotal)
        #expect(found.customer?.company == "De Vries Handel B.V.")

        let invoice = try JSONSerialization.jsonObject(with: try sandbox.get("sales_invoices/\(id).json").body) as? [String: Any]
        #expect(invoice?["state"] as? String == "paid")
        #expect(invoice?["reference"] as? String == "1")
    }

    @Test func aReturningCustomerIsFoundByEmailNotCreatedAgain() throws {
        let sandbox = try SandboxServer()
        let ledger = try ledger(sandbox)
        _ = try ledger.book(try prepared(1, using: ledger))
        let second = try prepared(3, using: ledger)
        let before = ledger.requestCount
        _ = try ledger.book(second)
        // search, invoice, send, payment
        #expect(ledger.requestCount - before == 4)
        let contacts = try JSONSerialization.jsonObject(with: try sandbox.get("contacts.json?per_page=100").body) as? [[String: Any]]
        #expect(contacts?.count == 1)
    }

    @Test func aRememberedContactSavesTheSearch() throws {
        let sandbox = try SandboxServer()
        let directory = MemoryContacts()
        let ledger = try ledger(sandbox, contacts: directory)
        _ = try ledger.book(try prepared(1, using: ledger))
        #expect(directory.contactID(email: "jan@example.nl", administration: SandboxServer.administration) != nil)
        let second = try prepared(3, using: ledger)
        let before = ledger.requestCount
        _ = try ledger.book(second)
        // invoice, send, payment
        #expect(ledger.requestCount - before == 3)
    }

    @Test func aContactDeletedInMoneybirdIsForgottenAndFoundAgain() throws {
        let sandbox = try SandboxServer()
        let directory = MemoryContacts()
        directory.remember(contactID: "999999999999999999", email: "jan@example.nl", administration: SandboxServer.administration)
        let ledger = try ledger(sandbox, contacts: directory)
        let id = try ledger.book(try prepared(1, using: ledger))
        #expect(try ledger.findBooking(reference: "1")?.id == id)
        let remembered = directory.contactID(email: "jan@example.nl", administration: SandboxServer.administration)
        #expect(remembered != nil && remembered != "999999999999999999")
    }

    @Test func aDroppedAnswerIsUncertainAndNeverResent() throws {
        let sandbox = try SandboxServer()
        let ledger = try ledger(sandbox)
        // Without an e-mail there is nothing to search: the first request creates the contact,
        // on the connection the reference data was read over, were it reused.
        var booking = try prepared(1, using: ledger)
        booking.document.customer.email = ""
        // Moneybird commits the new contact, then the connection closes without an answer.
        try sandbox.faults(#"{"commit_then_drop_rate": 1}"#)
        do {
            _ = try ledger.book(booking)
            Issue.record("booked through a dropped answer")
        } catch {
            #expect(error.kind == .uncertain)
            #expect(error.mayHaveReachedLedger)
        }
        try sandbox.faults(#"{"commit_then_drop_rate": 0}"#)
        let contacts = try JSONSerialization.jsonObject(with: try sandbox.get("contacts.json").body) as? [[String: Any]]
        #expect(contacts?.count == 1)  // made once: libcurl did not send it again
        #expect(try ledger.findBooking(reference: "1") == nil)
    }

    @Test func anUnknownReferenceIsNotFound() throws {
        let sandbox = try SandboxServer()
        #expect(try ledger(sandbox).findBooking(reference: "no-such-order") == nil)
    }

    @Test func aWrongTokenIsUnauthorized() throws {
        let sandbox = try SandboxServer()
        let good = try ledger(sandbox)
        let booking = try prepared(1, using: good)
        let bad = try ledger(sandbox, token: "not-the-token")
        #expect(throws: LedgerError.self) { try bad.book(booking) }
        do {
            _ = try bad.book(booking)
        } catch {
            #expect(error.kind == .unauthorized)
            #expect(!error.message.contains("not-the-token"))
        }
    }

    @Test func anUnmappedRateIsRefusedBeforeAnyInvoice() throws {
        let sandbox = try SandboxServer()
        let ledger = try ledger(sandbox)
        var booking = try prepared(1, using: ledger)
        booking.document.lines[0].ledgerVATCode = nil
        #expect(throws: LedgerError(.refused, "no Moneybird tax rate is mapped for \(booking.document.lines[0].rate.label)", field: "tax_rate_id")) {
            try ledger.book(booking)
        }
        #expect(try ledger.findBooking(reference: "1") == nil)
    }

    @Test func anExhaustedBudgetStopsBeforeTheLedgerSaysSo() throws {
        // Reading the reference data twice takes 8 of the 10 requests; booking needs 5.
        let sandbox = try SandboxServer(["--rate-limit", "10", "--rate-window", "300"])
        let ledger = try ledger(sandbox, longestRateWait: 15)
        let booking = try prepared(1, using: ledger)
        do {
            _ = try ledger.book(booking)
            Issue.record("booked over the limit")
        } catch {
            // The sandbox's headers told the budget how much was left; the rest waits for the window.
            guard case .rateLimited(let until) = error.kind else { Issue.record("\(error)"); return }
            #expect(until > Int64(Date().timeIntervalSince1970) + 200)
        }
    }

    /// A ledger holding `count` unpaid invoices dated in November 2026, `order-1` onwards.
    private func ledgerWithNovemberInvoices(_ count: Int) throws -> (SandboxServer, MoneybirdLedger) {
        let sandbox = try SandboxServer(["--rate-limit", "1000"])
        let ledger = try ledger(sandbox, budget: RateBudget(limit: 1000, windowSeconds: 300))
        var booking = try prepared(4, using: ledger)
        booking.isPaid = false
        for number in 1...count {
            booking.document.reference = "order-\(number)"
            _ = try ledger.book(booking)
        }
        return (sandbox, ledger)
    }

    @Test func readsBookingsOfAPeriodPageByPage() throws {
        let (sandbox, ledger) = try ledgerWithNovemberInvoices(105)
        defer { withExtendedLifetime(sandbox) {} }
        let before = ledger.requestCount
        var references: [String] = []
        try ledger.bookings(in: DatePeriod(first: "2026-11-01", last: "2026-11-30")) { references.append($0.reference) }
        #expect(references.count == 105)
        #expect(Set(references).count == 105)
        #expect(ledger.requestCount - before == 2)
        var none = 0
        try ledger.bookings(in: DatePeriod(first: "2025-01-01", last: "2025-01-31")) { _ in none += 1 }
        #expect(none == 0)
    }

    @Test func aReadStoppedOnItsFirstPageWaitsForThePageRequestedAhead() throws {
        struct Stop: Error {}
        let (sandbox, ledger) = try ledgerWithNovemberInvoices(101)
        defer { withExtendedLifetime(sandbox) {} }
        let before = ledger.requestCount
        var read = 0
        #expect(throws: Stop.self) {
            try ledger.bookings(in: DatePeriod(first: "2026-11-01", last: "2026-11-30")) { _ in
                read += 1
                if read == 50 { throw Stop() }
            }
        }
        // The first page, and the second sent while the first was read; it has ended on return.
        #expect(ledger.requestCount - before == 2)
        #expect(read == 50)
        // The connection is free again: a whole read follows.
        var references = Set<String>()
        try ledger.bookings(in: DatePeriod(first: "2026-11-01", last: "2026-11-30")) { references.insert($0.reference) }
        #expect(references.count == 101)
        #expect(ledger.requestCount - before == 4)
    }
}

/// A contact directory in memory, as the store keeps one on disk.
final class MemoryContacts: ContactDirectory {
    private let entries = Mutex<[String: String]>([:])

    func contactID(email: String, administration: String) -> String? {
        entries.withLock { $0[administration + " " + email] }
    }

    func remember(contactID: String, email: String, administration: String) {
        entries.withLock { $0[administration + " " + email] = contactID }
    }

    func forget(email: String, administration: String) {
        _ = entries.withLock { $0.removeValue(forKey: administration + " " + email) }
    }
}
