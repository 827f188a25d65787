import Foundation
import KoppelCore
import KoppelHTTP
import Ledger
import Minox
import OpenCart
import Synchronization
import Testing

/// The Minox adapter against `koppel-sandbox --ledger minox` over HTTP (libcurl), with the OpenCart fixture orders.
@Suite(.serialized)
struct MinoxLedgerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opencart")

    func ledger(
        _ sandbox: MinoxSandboxServer, budget: RateBudget = RateBudget(limit: 100_000, windowSeconds: 120),
        contacts: (any ContactDirectory)? = nil, longestRateWait: Int64 = 120
    ) throws -> MinoxLedger {
        let access = MinoxAccess(
            baseURL: sandbox.baseURL, tenantID: MinoxSandboxServer.tenant, administrationID: MinoxSandboxServer.administration,
            accessToken: MinoxSandboxServer.token)
        return try MinoxLedger(
            access: access, settings: MinoxSettings(journalID: "VK"), budget: budget, contacts: contacts, longestRateWait: longestRateWait)
    }

    /// OpenCart 3 order `number` (or a named fixture), mapped onto the sandbox's VAT codes and revenue accounts.
    func prepared(_ name: String, reference: String? = nil, using ledger: MinoxLedger) throws -> PreparedBooking {
        let rows = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("opencart3-order-\(name).json")))
        let settings = try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("opencart3-settings.json"))).shopSettings()
        var document = try rows.pushedOrder().booking(settings: settings).document
        if let reference { document.reference = reference }
        let reference = try ledger.referenceData()
        func code(_ percentage: Int) throws -> String {
            try #require(reference.vatCodes.first { $0.detail == "\(percentage).00" }?.id, "no \(percentage)% code")
        }
        var mapping = VATMapping.defaults(shopCountry: "NL")
        mapping.set(.country("NL"), basisPoints: 2100, vatCode: try code(21), revenueAccount: "8000")
        mapping.set(.country("NL"), basisPoints: 900, vatCode: try code(9), revenueAccount: "8010")
        mapping.set(.country("NL"), basisPoints: 0, vatCode: try code(0), revenueAccount: "8100")
        // Sales abroad: the export code (the sandbox does not check a code's percentage).
        mapping.set(.international, basisPoints: 2000, vatCode: "5", revenueAccount: "8100")
        mapping.set(.international, basisPoints: 0, vatCode: "5", revenueAccount: "8100")
        mapping.set(.icp, basisPoints: 0, vatCode: "4", revenueAccount: "8100")
        mapping.accounts.rounding = "8000"
        mapping.accounts.giftVoucherLiability = "1600"
        mapping.accounts.storeCreditLiability = "1600"
        mapping.accounts.levy = "8000"
        let (resolved, problems) = mapping.resolve(document)
        #expect(problems.isEmpty, "\(problems)")
        return PreparedBooking(document: resolved, isPaid: false)
    }

    /// What the reconciler expects to read back: gross, net and VAT per code of the document.
    func expectReadBack(_ found: LedgerBooking, _ booking: PreparedBooking) {
        let document = booking.document
        #expect(found.reference == document.reference)
        #expect(found.date == document.orderDate)
        #expect(found.gross == document.grossTotal)
        #expect(found.net == document.grossTotal - document.vatTotal)
        var vat: [String: Cents] = [:]
        for total in document.vatTotals { vat[total.ledgerVATCode ?? "", default: .zero] += total.vat }
        #expect(found.vatByCode == vat)
        #expect(found.customer?.email.lowercased() == document.customer.email.lowercased())
        #expect(found.customer?.displayName == document.customer.displayName)
    }

    @Test func referenceDataNamesVATCodesRevenueAccountsAndJournals() throws {
        let sandbox = try MinoxSandboxServer()
        let data = try ledger(sandbox).referenceData()
        #expect(data.vatCodes.map(\.detail) == ["21.00", "9.00", "0.00", "0.00", "0.00"])
        #expect(data.revenueAccounts.map(\.id) == ["8000", "8010", "8100"])
        #expect(data.extras["journals"]?.map(\.id) == ["VK", "MEM"])
    }

    @Test(arguments: ["1", "2", "3", "4", "gift-voucher"])
    func booksTheFixtureOrderAndReadsItBackToTheCent(_ name: String) throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try ledger(sandbox)
        let booking = try prepared(name, using: ledger)
        let status = try ledger.create(booking, idempotencyKey: "key-\(name)")
        #expect(status.id == MinoxBatchID.forKey("key-\(name)"))
        #expect(status.gross == booking.document.grossTotal)

        let found = try #require(try ledger.findBooking(reference: booking.document.reference))
        #expect(found.id == status.id)
        expectReadBack(found, booking)
        #expect(found.payment == LedgerPayment(state: "open", isPaid: false, unpaid: booking.document.grossTotal))

        var read: [LedgerBooking] = []
        let day = booking.document.orderDate
        try ledger.bookings(in: DatePeriod(first: day, last: day)) { read.append($0) }
        #expect(read == [found])
    }

    @Test func aNewCustomerCostsThreeRequestsAndAReturningOneTwo() throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try ledger(sandbox)
        let first = try prepared("1", using: ledger)
        var before = ledger.requestCount
        _ = try ledger.create(first, idempotencyKey: "a")
        // by_email (404), POST customer, PUT batch
        #expect(ledger.requestCount - before == 3)
        var again = try prepared("1", reference: "9001", using: ledger)
        again.document.customer.email = first.document.customer.email.uppercased()
        before = ledger.requestCount
        _ = try ledger.create(again, idempotencyKey: "b")
        // by_email (found), PUT batch: the customer is not created again, nor changed
        #expect(ledger.requestCount - before == 2)
        let stats = try sandbox.stats()
        #expect(stats["POST /customer"] == 1)
        #expect(stats["PATCH /customer/{id}"] == nil)
    }

    /// Remembers contacts in memory, as the store's directory does per connection.
    final class MemoryDirectory: ContactDirectory {
        let known = Mutex<[String: String]>([:])
        func contactID(email: String, administration: String) -> String? { known.withLock { $0[administration + "/" + email] } }
        func remember(contactID: String, email: String, administration: String) {
            known.withLock { $0[administration + "/" + email] = contactID }
        }
        func forget(email: String, administration: String) { _ = known.withLock { $0.removeValue(forKey: administration + "/" + email) } }
    }

    @Test func aRememberedCustomerCostsOneRequestAndAStaleOneIsLookedUpAgain() throws {
        let sandbox = try MinoxSandboxServer()
        let directory = MemoryDirectory()
        let ledger = try ledger(sandbox, contacts: directory)
        let first = try prepared("1", using: ledger)
        _ = try ledger.create(first, idempotencyKey: "d1")
        var before = ledger.requestCount
        _ = try ledger.create(try prepared("1", reference: "9101", using: ledger), idempotencyKey: "d2")
        #expect(ledger.requestCount - before == 1 + 3)  // 3 of them the reference data `prepared` reads

        // A debtor number Minox does not know (the customer was deleted there): refused, forgotten, found anew.
        let email = first.document.customer.email.lowercased()
        let real = try #require(directory.contactID(email: email, administration: MinoxSandboxServer.administration))
        directory.remember(contactID: "999999", email: email, administration: MinoxSandboxServer.administration)
        let booking = try prepared("1", reference: "9102", using: ledger)
        before = ledger.requestCount
        _ = try ledger.create(booking, idempotencyKey: "d3")
        // PUT (refused), by_email, PUT
        #expect(ledger.requestCount - before == 3)
        #expect(directory.contactID(email: email, administration: MinoxSandboxServer.administration) == real)
        #expect(try ledger.findBooking(reference: "9102")?.customer?.email.lowercased() == email)
    }

    @Test func theSameKeyTwiceMakesOneEntry() throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try ledger(sandbox)
        let booking = try prepared("2", using: ledger)
        let first = try ledger.create(booking, idempotencyKey: "same")
        let second = try ledger.create(booking, idempotencyKey: "same")
        #expect(first.id == second.id)
        var read: [LedgerBooking] = []
        let day = booking.document.orderDate
        try ledger.bookings(in: DatePeriod(first: day, last: day)) { read.append($0) }
        #expect(read.count == 1)
        #expect(read.first?.gross == booking.document.grossTotal)
    }

    @Test func aLostAnswerIsFoundByKeyAndByReference() throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try ledger(sandbox)
        let booking = try prepared("3", using: ledger)
        try sandbox.faults(#"{"rules": [{"endpoint": "PUT /transaction_line_batch/{uuid}", "fault": "commit_then_drop"}]}"#)
        let lost: LedgerError
        do {
            _ = try ledger.create(booking, idempotencyKey: "lost")
            Issue.record("the dropped answer was taken for a success")
            return
        } catch {
            lost = error
        }
        #expect(lost.mayHaveReachedLedger)
        let byKey = try #require(try ledger.inspect(idempotencyKey: "lost"))
        #expect(byKey.id == MinoxBatchID.forKey("lost"))
        #expect(byKey.gross == booking.document.grossTotal)
        let byReference = try #require(try ledger.inspect(documentID: nil, reference: booking.document.reference, includingCredit: false))
        #expect(byReference.id == byKey.id)
        #expect(try ledger.inspect(idempotencyKey: "never-sent") == nil)
        #expect(try ledger.inspect(documentID: nil, reference: "no-such-order", includingCredit: false) == nil)
    }

    @Test func aPaidOpenItemReadsBackAsPaid() throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try ledger(sandbox)
        let booking = try prepared("1", using: ledger)
        _ = try ledger.create(booking, idempotencyKey: "paid")
        let booked = try #require(try ledger.findBooking(reference: booking.document.reference))
        let customer = try #require(try JSONSerialization.jsonObject(
            with: sandbox.call("GET", "\(sandbox.api)/customer/by_email/\(booking.document.customer.email.lowercased())").body) as? [String: Any])
        let account = try #require(customer["id"] as? Int)
        let pay = try sandbox.call(
            "POST", "\(sandbox.baseURL)/sandbox/receivable/payment",
            json: #"{"account_id": \#(account), "invoice_number": \#(booking.document.reference), "amount": \#(booking.document.grossTotal)}"#, token: nil)
        #expect(pay.status == 200, "\(pay.text)")
        let paid = try #require(try ledger.findBooking(reference: booking.document.reference))
        #expect(paid.payment == LedgerPayment(state: "paid", isPaid: true, unpaid: .zero))
        #expect(paid.version == booked.version)
    }

    @Test func requestsArePacedByTheRateHeadersAnd429() throws {
        // A budget of 5 per 3 s: the adapter learns it from x-rate-limit-* and waits instead of failing.
        let sandbox = try MinoxSandboxServer(["--rate-limit", "5", "--rate-window", "3"])
        let ledger = try ledger(sandbox, budget: RateBudget(limit: 100, windowSeconds: 3), longestRateWait: 10)
        let start = Date()
        var keys: [String] = []
        for index in 1...4 {
            let booking = try prepared("1", reference: "70\(index)", using: ledger)
            keys.append("pace-\(index)")
            _ = try ledger.create(booking, idempotencyKey: keys.last!)
        }
        for key in keys { #expect(try ledger.inspect(idempotencyKey: key) != nil) }
        // 4 × 3 reference-data reads, 3 + 2 + 2 + 2 booking requests and 4 look-ups: 25 requests, 5 per 3 s
        // window, so at least four waits for a window's end, and not one request refused (every
        // request the sandbox counted is one the adapter sent once).
        #expect(ledger.requestCount == 25)
        #expect(Date().timeIntervalSince(start) >= 9)
        #expect(try sandbox.stats().values.reduce(0, +) == ledger.requestCount)

        // A 429 with Retry-After: the adapter gives up the request as rate limited until then.
        try sandbox.faults(#"{"rules": [{"endpoint": "GET /transaction_line_batch/{uuid}", "fault": "rate_limit", "retry_after_s": 2}]}"#)
        let now = Int64(Date().timeIntervalSince1970)
        do {
            _ = try ledger.inspect(idempotencyKey: keys[0])
            Issue.record("the 429 was not reported")
        } catch {
            guard case .rateLimited(let until) = error.kind else {
                Issue.record("expected rateLimited, got \(error)")
                return
            }
            // Retry-After 2 s from the answer, which may have waited up to a window (3 s) for the budget.
            #expect((now + 2...now + 8).contains(until))
        }
        // The budget waits out the Retry-After before the next request.
        #expect(try ledger.inspect(idempotencyKey: keys[0]) != nil)
        #expect(Int64(Date().timeIntervalSince1970) >= now + 2)
    }
}
