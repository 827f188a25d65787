import Foundation
import KoppelCore
import Testing

struct BookingFlowTests {
    let problem = BookingProblem(.totalsMismatch, "the totals do not add up", hint: "check the order")
    let paid: [LedgerStep] = [.create, .send, .registerPayment]

    func examined(_ plan: [LedgerStep] = [.create], booked: Bool = true, problems: [BookingProblem] = []) -> BookingFlow.Event {
        .examined(BookingFlow.Examination(statusIsBooked: booked, statusName: booked ? "Complete" : "Pending", problems: problems, plan: plan))
    }

    /// A flow whose invoice was created and whose next step (send) is under way.
    func sending() -> BookingFlow {
        var flow = BookingFlow()
        _ = flow.handle(examined(paid))
        _ = flow.handle(.start(now: 0))
        #expect(flow.handle(.created(LedgerDocumentStatus(id: "7", gross: Cents(4085)))) == .perform(.send))
        return flow
    }

    @Test func aBookedStatusWithoutProblemsIsQueuedThenCreated() {
        var flow = BookingFlow()
        #expect(flow.handle(examined()) == .none)
        #expect(flow.phase == .queued)
        #expect(flow.handle(.start(now: 100)) == .perform(.create))
        #expect(flow.phase == .working(.perform(.create)))
        #expect(flow.trail.inDoubt == .create)
        #expect(flow.handle(.created(LedgerDocumentStatus(id: "450000000000000001"))) == .none)
        #expect(flow.phase == .booked)
        #expect(flow.trail == LedgerTrail(documentID: "450000000000000001", done: [.create]))
    }

    @Test func aPaidOrderIsCreatedSentAndPaidEachStepAnnouncedBeforeItsCall() {
        var flow = sending()
        #expect(flow.trail.inDoubt == .send)
        #expect(flow.trail.documentID == "7")
        #expect(flow.handle(.completed(.send)) == .perform(.registerPayment))
        #expect(flow.trail.inDoubt == .registerPayment)
        #expect(flow.handle(.completed(.registerPayment)) == .none)
        #expect(flow.phase == .booked)
        #expect(flow.trail.done == paid)
        #expect(flow.trail.inDoubt == nil)
    }

    @Test func otherStatusesStayOpenWithTheReason() {
        var flow = BookingFlow()
        _ = flow.handle(examined(booked: false))
        #expect(flow.phase == .open(reason: "status Pending is not booked"))
        #expect(flow.handle(.start(now: 1)) == .none)
        _ = flow.handle(examined())
        #expect(flow.phase == .queued)
    }

    @Test func aFailedPrecheckIsAnErrorUntilTheOrderChanges() {
        var flow = BookingFlow()
        _ = flow.handle(examined(problems: [problem]))
        #expect(flow.phase == .error(problem))
        #expect(flow.handle(.start(now: 1)) == .none)
        _ = flow.handle(examined())
        #expect(flow.phase == .queued)
    }

    @Test func aRateLimitOnTheSendWaitsWithoutSpendingAnAttemptAndNeverCreatesAgain() {
        var flow = sending()
        #expect(flow.handle(.postponed(until: 500, reason: "rate limit")) == .retry(at: 500))
        #expect(flow.phase == .waiting(notBefore: 500, reason: "rate limit"))
        #expect(flow.failures == 0)
        #expect(flow.trail.inDoubt == nil)
        #expect(flow.handle(.start(now: 499)) == .retry(at: 500))
        #expect(flow.handle(.start(now: 500)) == .perform(.send))
    }

    @Test func rateWaitsNeverTurnIntoAnError() {
        var flow = sending()
        for now in Int64(1)...100 {
            _ = flow.handle(.postponed(until: now, reason: "rate limit"))
            #expect(flow.handle(.start(now: now)) == .perform(.send))
        }
        #expect(flow.failures == 0)
    }

    @Test func aSendThatMayHaveReachedTheLedgerIsLookedUpByIDThenContinued() {
        var flow = sending()
        #expect(flow.handle(.failed(message: "timeout", reachedLedger: true, now: 100)) == .retry(at: 105))
        #expect(flow.trail.inDoubt == .send)
        #expect(flow.handle(.start(now: 105)) == .inspect)
        // The ledger shows it sent: the payment is next, the send is not made again.
        #expect(flow.handle(.inspected(LedgerDocumentStatus(id: "7", done: [.create, .send], gross: Cents(4085)))) == .perform(.registerPayment))
    }

    @Test func aSendThatCertainlyFailedIsMadeAgainWithoutALookUp() {
        var flow = sending()
        _ = flow.handle(.failed(message: "connection refused", reachedLedger: false, now: 100))
        #expect(flow.trail.inDoubt == nil)
        #expect(flow.handle(.start(now: 105)) == .perform(.send))
    }

    @Test func aCrashDuringAnyStepAsksTheLedgerFirst() {
        for step in LedgerStep.allCases {
            let trail = step == .create ? LedgerTrail(inDoubt: .create) : LedgerTrail(documentID: "7", done: [.create], inDoubt: step)
            var flow = BookingFlow(phase: .working(.perform(step)), trail: trail, plan: paid)
            #expect(flow.handle(.start(now: 50)) == .inspect, "\(step)")
        }
        var missing = BookingFlow(phase: .working(.perform(.create)), trail: LedgerTrail(inDoubt: .create))
        #expect(missing.handle(.start(now: 50)) == .inspect)
        #expect(missing.handle(.inspected(nil)) == .perform(.create))
    }

    @Test func aRefusedSendKeepsTheInvoiceAndTheNightlyRecheckSendsAgain() {
        var flow = sending()
        let refusal = BookingProblem(.ledgerRefused, "Email address can't be blank", hint: "")
        #expect(flow.handle(.refused(refusal)) == .none)
        #expect(flow.phase == .error(refusal))
        #expect(flow.trail.documentID == "7")
        _ = flow.handle(examined(paid))
        #expect(flow.handle(.start(now: 1)) == .perform(.send))
    }

    @Test func anErrorAfterAnUncertainCreateIsLookedUpBeforeAnythingIsCreated() {
        var flow = BookingFlow()
        _ = flow.handle(examined())
        var now: Int64 = 0
        var action = flow.handle(.start(now: now))
        while action != .none {
            if action == .inspect { action = flow.handle(.failed(message: "503", reachedLedger: true, now: now)); continue }
            if case .retry(let at) = action { now = at; action = flow.handle(.start(now: now)); continue }
            action = flow.handle(.failed(message: "503", reachedLedger: true, now: now))
        }
        guard case .error(let problem) = flow.phase else { Issue.record("\(flow.phase)"); return }
        #expect(problem.code == .ledgerUnavailable)
        #expect(flow.trail.inDoubt == .create)
        // The nightly recheck and a reprocess both ask the ledger first.
        var recheck = flow
        _ = recheck.handle(examined())
        #expect(recheck.handle(.start(now: now)) == .inspect)
        #expect(flow.handle(.reprocess(now: now)) == .inspect)
    }

    @Test func retriesBackOffThenStopWithAnError() {
        var flow = BookingFlow(phase: .queued)
        var now: Int64 = 0
        _ = flow.handle(.start(now: now))
        var delays: [Int64] = []
        while case .retry(let at) = flow.handle(.failed(message: "503", reachedLedger: false, now: now)) {
            delays.append(at - now)
            now = at
            #expect(flow.handle(.start(now: now)) == .perform(.create))
        }
        #expect(delays == [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600])
        guard case .error(let problem) = flow.phase else { Issue.record("\(flow.phase)"); return }
        #expect(problem.code == .ledgerUnavailable)
    }

    @Test func aNewVersionThatFailsItsPrechecksIsNotCreatedWhileItWaits() {
        var flow = BookingFlow()
        _ = flow.handle(examined())
        _ = flow.handle(.start(now: 0))
        _ = flow.handle(.failed(message: "connection refused", reachedLedger: false, now: 0))
        _ = flow.handle(examined(problems: [problem]))
        #expect(flow.phase == .error(problem))
        #expect(flow.handle(.start(now: 1000)) == .none)
    }

    @Test func aNewVersionWhileACreateIsInDoubtKeepsTheDoubt() {
        var flow = BookingFlow()
        _ = flow.handle(examined())
        _ = flow.handle(.start(now: 0))
        _ = flow.handle(.failed(message: "timeout", reachedLedger: true, now: 0))
        _ = flow.handle(examined(booked: false))
        #expect(flow.trail.inDoubt == .create)
        _ = flow.handle(examined(problems: [problem]))
        #expect(flow.phase == .error(problem))
        _ = flow.handle(examined())
        #expect(flow.handle(.start(now: 1000)) == .inspect)
    }

    @Test func aDocumentDeletedInTheLedgerIsAnErrorNotASecondDocument() {
        var flow = sending()
        _ = flow.handle(.failed(message: "timeout", reachedLedger: true, now: 0))
        #expect(flow.handle(.start(now: 10)) == .inspect)
        #expect(flow.handle(.inspected(nil)) == .none)
        guard case .error(let problem) = flow.phase else { Issue.record("\(flow.phase)"); return }
        #expect(problem.code == .bookingMissing)
        #expect(flow.trail == LedgerTrail(generation: 2))
        // A person decides: reprocess looks the reference up, then creates anew.
        #expect(flow.handle(.reprocess(now: 20)) == .inspect)
        #expect(flow.handle(.inspected(nil)) == .perform(.create))
    }

    @Test func aBookedOrderPaidLaterGetsItsMissingStepsOnTheSameInvoice() {
        var flow = BookingFlow()
        _ = flow.handle(examined())
        _ = flow.handle(.start(now: 0))
        _ = flow.handle(.created(LedgerDocumentStatus(id: "7")))
        #expect(flow.phase == .booked)
        _ = flow.handle(examined(paid))
        #expect(flow.phase == .queued)
        #expect(flow.handle(.start(now: 1)) == .perform(.send))
        // A version that goes back to an unbooked status leaves a booked order booked.
        var booked = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: "7", done: paid), plan: paid)
        _ = booked.handle(examined(booked: false))
        #expect(booked.phase == .booked)
    }

    @Test func bookedIsFinalForStartAndReprocess() {
        var flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: "1", done: [.create]))
        let before = flow
        #expect(flow.handle(examined()) == .none)
        #expect(flow.handle(.start(now: 1)) == .none)
        #expect(flow.handle(.reprocess(now: 1)) == .none)
        #expect(flow == before)
        // Unless the reconciler found the document gone: booked afresh after a look-up.
        #expect(flow.handle(.reprocess(now: 1, documentLost: true)) == .inspect)
        #expect(flow.trail.generation == 2)
    }

    @Test func anUnreadableStateIsAnErrorThatLooksUpBeforeBooking() {
        var flow = BookingFlow.unreadable("garbage")
        guard case .error(let problem) = flow.phase else { Issue.record("\(flow.phase)"); return }
        #expect(problem.code == .unreadableState)
        _ = flow.handle(examined())
        #expect(flow.handle(.start(now: 1)) == .inspect)
    }

    @Test func theStoredFormIsReadBackExactlyAndAnotherFormatIsRefused() throws {
        var flow = sending()
        _ = flow.handle(.failed(message: "timeout", reachedLedger: true, now: 3))
        let json = try JSONEncoder().encode(flow)
        #expect(try JSONDecoder().decode(BookingFlow.self, from: json) == flow)
        let other = String(decoding: json, as: UTF8.self).replacingOccurrences(of: "\"format\":2", with: "\"format\":3")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BookingFlow.self, from: Data(other.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BookingFlow.self, from: Data(#"{"booked":{"ledgerID":"1"}}"#.utf8)) }
    }

    @Test func theIdempotencyKeyIsStablePerBookingAndNewPerGeneration() {
        let key = IdempotencyKey.booking(license: "KPL-1", orderID: 9, generation: 1)
        #expect(key == IdempotencyKey.booking(license: "KPL-1", orderID: 9, generation: 1))
        #expect(key != IdempotencyKey.booking(license: "KPL-1", orderID: 9, generation: 2))
        #expect(key != IdempotencyKey.booking(license: "KPL-2", orderID: 9, generation: 1))
        #expect(key.count == 36 && key.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(Array(key)[14] == "8")
    }
}

struct CancelledFlowTests {
    func examined(_ plan: [LedgerStep] = [.create], cancelled: Bool) -> BookingFlow.Event {
        .examined(BookingFlow.Examination(
            statusIsBooked: !cancelled, statusName: cancelled ? "Canceled" : "Complete", problems: [], plan: plan, cancelled: cancelled))
    }

    @Test func aBookedPaidOrderCancelledIsCreditedAndSentButNotSettled() {
        var flow = BookingFlow(
            phase: .booked, trail: LedgerTrail(documentID: "7", done: [.create, .send, .registerPayment]),
            plan: [.create, .send, .registerPayment])
        _ = flow.handle(examined(cancelled: true))
        #expect(flow.phase == .queued)
        #expect(flow.handle(.start(now: 1)) == .perform(.credit))
        #expect(flow.handle(.credited(creditID: "8")) == .perform(.sendCredit))
        #expect(flow.handle(.completed(.sendCredit)) == .none)
        #expect(flow.phase == .booked)
        #expect(flow.trail.creditID == "8")
    }

    @Test func aDraftCancelledIsSentThenCreditedAndSettled() {
        var flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: "7", done: [.create]))
        _ = flow.handle(examined(cancelled: true))
        #expect(flow.handle(.start(now: 1)) == .perform(.send))
        #expect(flow.handle(.completed(.send)) == .perform(.credit))
        #expect(flow.handle(.credited(creditID: "8")) == .perform(.sendCredit))
        #expect(flow.handle(.completed(.sendCredit)) == .perform(.settleCredit))
        #expect(flow.handle(.completed(.settleCredit)) == .none)
        #expect(flow.phase == .booked)
    }

    @Test func aCreditInDoubtIsLookedUpAndACreditOnceBegunIsFinished() {
        var flow = BookingFlow(phase: .booked, trail: LedgerTrail(documentID: "7", done: [.create, .send]))
        _ = flow.handle(examined(cancelled: true))
        _ = flow.handle(.start(now: 1))
        #expect(flow.handle(.failed(message: "dropped", reachedLedger: true, now: 1)) == .retry(at: 6))
        // Un-cancelled in the shop meanwhile: the credit that may exist is still settled.
        _ = flow.handle(examined(cancelled: false))
        #expect(flow.cancelled)
        #expect(flow.handle(.start(now: 6)) == .inspect)
        let found = LedgerDocumentStatus(id: "7", done: [.create, .send, .credit], creditID: "8")
        #expect(flow.handle(.inspected(found)) == .perform(.sendCredit))
    }

    @Test func anOrderCancelledBeforeAnythingReachedTheLedgerIsNeverCreatedNorCredited() {
        var flow = BookingFlow()
        _ = flow.handle(examined(cancelled: true))
        #expect(flow.phase == .open(reason: "status Canceled: cancelled before it was booked"))
        #expect(flow.handle(.start(now: 1)) == .none)
        // A create in doubt is looked up; found nothing, nothing is made.
        var doubt = BookingFlow(phase: .waiting(notBefore: 0, reason: "timeout"), trail: LedgerTrail(inDoubt: .create))
        _ = doubt.handle(examined(cancelled: true))
        #expect(doubt.handle(.start(now: 1)) == .inspect)
        #expect(doubt.handle(.inspected(nil)) == .none)
        #expect(doubt.phase == .open(reason: "cancelled before it was booked"))
    }
}
