import Booking
import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Logging
import Reconciliation
import Testing

/// Orders cancelled or refunded after booking are credited in the ledger, whole and exactly once:
/// a credit invoice linked to the invoice, sent, and settled against an invoice nobody paid.
@Suite(.serialized)
struct CreditTests {
    /// Status 7 (Canceled in the fixtures' shop) means cancelled.
    func setup() throws -> BookingJobTests.Setup {
        let setup = try BookingJobTests.Setup(sandboxArguments: ["--rate-limit", "100000"])
        try setup.database.updateBookingConfiguration(connectionID: setup.connection.id, now: 2) { $0.cancelStatusIDs = [7] }
        return setup
    }

    func run(_ setup: BookingJobTests.Setup, at clock: Int64) throws -> BookingJob.Report {
        try BookingJob(
            database: setup.database,
            ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer, budgets: RateBudgets(limit: 100_000, windowSeconds: 300)),
            logger: Logger(label: "test"), clock: { clock }
        ).run(setup.connection)
    }

    /// The invoices carrying the order's reference: the original first, its credit second.
    func invoices(_ setup: BookingJobTests.Setup, _ order: Int64) throws -> [LedgerReadBack.Invoice] {
        try LedgerReadBack(sandbox: setup.sandbox).invoicesByReference()[setup.reference(order)] ?? []
    }

    @Test func aPaidOrderCancelledAfterBookingGetsOneSentCreditThatStaysOpenForTheRefund() throws {
        let setup = try setup()
        try setup.push(3, id: 31)
        let now = Int64(Date().timeIntervalSince1970)
        #expect(try run(setup, at: now).booked == 1)
        try setup.push(3, id: 31, status: 7)
        #expect(try run(setup, at: now + 10).booked == 1)
        let invoices = try invoices(setup, 31)
        #expect(invoices.count == 2)
        #expect(invoices.map(\.state).sorted() == ["open", "paid"], "\(invoices.map(\.state))")
        #expect(invoices.map(\.total).sum() == .zero)
        let credit = try #require(invoices.first { $0.total < .zero })
        #expect(credit.payments.isEmpty)
    }

    @Test func anUnpaidOrderCancelledAfterBookingIsSentCreditedAndSettledSoNothingStaysOpen() throws {
        let setup = try setup()
        try setup.push(1, id: 11)  // Processing: a draft invoice
        let now = Int64(Date().timeIntervalSince1970)
        #expect(try run(setup, at: now).booked == 1)
        try setup.push(1, id: 11, status: 7)
        #expect(try run(setup, at: now + 10).booked == 1)
        let invoices = try invoices(setup, 11)
        #expect(invoices.count == 2)
        #expect(invoices.allSatisfy { $0.state == "paid" }, "\(invoices.map(\.state))")
        #expect(invoices.map(\.total).sum() == .zero)

        // Reconciled: the credit is part of the booking, not a duplicate.
        let outcome = try setup.reconcileJob().run(setup.connection, period: ReconcileJobTests.period)
        #expect(outcome.summary.counts[.duplicate] == nil, "\(outcome.summaryText)")
        #expect(outcome.summary.mismatchedBookings == 0, "\(outcome.summaryText)")
    }

    @Test func anOrderCancelledBeforeBookingIsNeverBookedNorCredited() throws {
        let setup = try setup()
        try setup.push(3, id: 41, status: 7)
        let report = try run(setup, at: Int64(Date().timeIntervalSince1970))
        #expect(report.open == 1)
        #expect(try invoices(setup, 41).isEmpty)
    }

    @Test(arguments: ["PATCH /sales_invoices/{id}/duplicate_creditinvoice", "PATCH /sales_invoices/{id}/register_payment_creditinvoice"])
    func aLostAnswerOnACreditStepNeverMakesASecondCredit(endpoint: String) throws {
        let setup = try setup()
        try setup.push(1, id: 51)
        var now = Int64(Date().timeIntervalSince1970)
        #expect(try run(setup, at: now).booked == 1)
        try setup.push(1, id: 51, status: 7)
        try setup.sandbox.faults(#"{"rules": [{"endpoint": "\#(endpoint)", "fault": "commit_then_drop"}]}"#)
        for _ in 0..<4 {
            now += 4000
            _ = try run(setup, at: now)
        }
        let invoices = try invoices(setup, 51)
        #expect(invoices.count == 2, "\(endpoint): \(invoices.map(\.state))")
        #expect(invoices.allSatisfy { $0.state == "paid" }, "\(endpoint): \(invoices.map(\.state))")
        #expect(try setup.state(ofShopOrder: 51) == .booked)
    }
}
