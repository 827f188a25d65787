import Foundation
import KoppelCore
import Testing

/// The credit steps come from the ledger (`CreditPlan`), carried in by the examination and kept
/// in the stored state; a state stored before the plan was kept reads back as a credit invoice.
struct CreditPlanTests {
    func cancelled(_ creditPlan: CreditPlan) -> BookingFlow.Event {
        .examined(BookingFlow.Examination(
            statusIsBooked: false, statusName: "Canceled", problems: [], cancelled: true, creditPlan: creditPlan))
    }

    @Test func aReversingEntryIsOneStepAfterTheBooking() {
        var flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: "b1", done: [.create]))
        _ = flow.handle(cancelled(.reversingEntry))
        #expect(flow.steps == [.create, .credit])
        #expect(flow.handle(.start(now: 1)) == .perform(.credit))
        #expect(flow.handle(.credited(creditID: "c1")) == .none)
        #expect(flow.phase == .booked)
        #expect(flow.trail.creditID == "c1")
    }

    @Test func aLostReversingEntryIsLookedUpNeverMadeAgain() {
        var flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: "b1", done: [.create]))
        _ = flow.handle(cancelled(.reversingEntry))
        #expect(flow.handle(.start(now: 1)) == .perform(.credit))
        _ = flow.handle(.failed(message: "answer lost", reachedLedger: true, now: 1))
        #expect(flow.trail.inDoubt == .credit)
        _ = flow.handle(cancelled(.reversingEntry))
        #expect(flow.handle(.start(now: 100)) == .inspect)
        #expect(flow.handle(.inspected(LedgerDocumentStatus(id: "b1", done: [.create, .credit], creditID: "c1"))) == .none)
        #expect(flow.phase == .booked)
    }

    @Test func aCreditInvoiceLeavesOutTheSettlementOnceAPaymentIsRegistered() {
        #expect(CreditPlan.creditInvoice.steps(paymentRegistered: false) == [.create, .send, .credit, .sendCredit, .settleCredit])
        #expect(CreditPlan.creditInvoice.steps(paymentRegistered: true) == [.create, .send, .credit, .sendCredit])
    }

    /// A row written before ledgers declared their credit steps (format 2, no `creditPlan`).
    @Test func aStateStoredBeforeTheCreditPlanReadsAsACreditInvoice() throws {
        let stored = #"""
            {"format":2,"phase":{"queued":{}},"trail":{"documentID":"7","done":["create"],"generation":1},
             "plan":["create"],"failures":0,"cancelled":true}
            """#
        let flow = try JSONDecoder().decode(BookingFlow.self, from: Data(stored.utf8))
        #expect(flow.creditPlan == .creditInvoice)
        #expect(flow.steps == [.create, .send, .credit, .sendCredit, .settleCredit])
        // Written back unchanged: the default is not stored.
        #expect(!String(decoding: try JSONEncoder().encode(flow), as: UTF8.self).contains("creditPlan"))
    }

    @Test func aLedgersOwnPlanIsStoredAndReadBack() throws {
        var flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: "b1", done: [.create]))
        _ = flow.handle(cancelled(.reversingEntry))
        let read = try JSONDecoder().decode(BookingFlow.self, from: try JSONEncoder().encode(flow))
        #expect(read == flow)
        #expect(read.steps == [.create, .credit])
    }
}
