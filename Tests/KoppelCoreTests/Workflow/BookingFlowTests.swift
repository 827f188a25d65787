import KoppelCore
import Testing

struct BookingFlowTests {
    let problem = BookingProblem(.totalsMismatch, "the totals do not add up", hint: "check the order")

    @Test func aBookedStatusWithoutProblemsIsQueuedThenCreated() {
        var flow = BookingFlow()
        #expect(flow.handle(.examined(statusIsBooked: true, statusName: "Complete", problems: [])) == .none)
        #expect(flow.state == .queued)
        #expect(flow.handle(.start(now: 100)) == .create)
        #expect(flow.state == .booking(attempt: 1, uncertain: false))
        #expect(flow.handle(.created(ledgerID: "450000000000000001")) == .none)
        #expect(flow.state == .booked(ledgerID: "450000000000000001"))
    }

    @Test func otherStatusesStayOpenWithTheReason() {
        var flow = BookingFlow()
        _ = flow.handle(.examined(statusIsBooked: false, statusName: "Pending", problems: []))
        #expect(flow.state == .open(reason: "status Pending is not booked"))
        #expect(flow.handle(.start(now: 1)) == .none)
        _ = flow.handle(.examined(statusIsBooked: true, statusName: "Complete", problems: []))
        #expect(flow.state == .queued)
    }

    @Test func aFailedPrecheckIsAnErrorUntilTheOrderChanges() {
        var flow = BookingFlow()
        _ = flow.handle(.examined(statusIsBooked: true, statusName: "Complete", problems: [problem]))
        #expect(flow.state == .error(problem))
        #expect(flow.handle(.start(now: 1)) == .none)
        _ = flow.handle(.examined(statusIsBooked: true, statusName: "Complete", problems: []))
        #expect(flow.state == .queued)
    }

    @Test func aCrashDuringAnAttemptLooksTheBookingUpBeforeCreating() {
        var flow = BookingFlow(state: .booking(attempt: 1, uncertain: false))
        #expect(flow.handle(.start(now: 50)) == .lookUp)
        #expect(flow.handle(.found(ledgerID: "7")) == .none)
        #expect(flow.state == .booked(ledgerID: "7"))

        var missing = BookingFlow(state: .booking(attempt: 1, uncertain: false))
        #expect(missing.handle(.start(now: 50)) == .lookUp)
        #expect(missing.handle(.notFound) == .create)
        #expect(missing.state == .booking(attempt: 1, uncertain: false))
    }

    @Test func aTimeoutWaitsThenLooksUpFirst() {
        var flow = BookingFlow(state: .queued)
        _ = flow.handle(.start(now: 100))
        #expect(flow.handle(.failed(message: "timeout", reachedLedger: true, now: 100)) == .retry(at: 105))
        #expect(flow.handle(.start(now: 101)) == .retry(at: 105))
        #expect(flow.handle(.start(now: 105)) == .lookUp)
        #expect(flow.state == .booking(attempt: 2, uncertain: true))
        #expect(flow.handle(.notFound) == .create)
    }

    @Test func aRateLimitRetriesWithoutLookingUp() {
        var flow = BookingFlow(state: .queued)
        _ = flow.handle(.start(now: 0))
        #expect(flow.handle(.failed(message: "429", reachedLedger: false, now: 0)) == .retry(at: 5))
        #expect(flow.handle(.start(now: 5)) == .create)
        // Once uncertain, always looked up, even if the next failure is a certain one.
        var uncertain = BookingFlow(state: .queued)
        _ = uncertain.handle(.start(now: 0))
        _ = uncertain.handle(.failed(message: "timeout", reachedLedger: true, now: 0))
        _ = uncertain.handle(.start(now: 5))
        _ = uncertain.handle(.failed(message: "429", reachedLedger: false, now: 5))
        #expect(uncertain.handle(.start(now: 100)) == .lookUp)
    }

    @Test func retriesBackOffThenStopWithAnError() {
        var flow = BookingFlow(state: .queued)
        var now: Int64 = 0
        _ = flow.handle(.start(now: now))
        var delays: [Int64] = []
        while case .retry(let at) = flow.handle(.failed(message: "503", reachedLedger: true, now: now)) {
            delays.append(at - now)
            now = at
            _ = flow.handle(.start(now: now))
            _ = flow.handle(.notFound)
        }
        #expect(delays == [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600])
        guard case .error(let problem) = flow.state else { Issue.record("\(flow.state)"); return }
        #expect(problem.code == .ledgerUnavailable)
    }

    @Test func aRefusalIsAnErrorAndReprocessLooksUpFirst() {
        let refusal = BookingProblem(.ledgerRefused, "Contact can't be blank", hint: "")
        var flow = BookingFlow(state: .queued)
        _ = flow.handle(.start(now: 0))
        #expect(flow.handle(.refused(refusal)) == .none)
        #expect(flow.state == .error(refusal))
        #expect(flow.handle(.reprocess(now: 60)) == .lookUp)
        #expect(flow.handle(.notFound) == .create)
        #expect(flow.handle(.created(ledgerID: "9")) == .none)
    }

    @Test func bookedIsFinal() {
        var flow = BookingFlow(state: .booked(ledgerID: "1"))
        #expect(flow.handle(.examined(statusIsBooked: true, statusName: "Complete", problems: [])) == .none)
        #expect(flow.handle(.start(now: 1)) == .none)
        #expect(flow.handle(.reprocess(now: 1)) == .none)
        #expect(flow.state == .booked(ledgerID: "1"))
    }

    @Test func aChangedOrderDoesNotInterruptAnAttempt() {
        var flow = BookingFlow(state: .booking(attempt: 1, uncertain: false))
        #expect(flow.handle(.examined(statusIsBooked: false, statusName: "Canceled", problems: [])) == .none)
        #expect(flow.state == .booking(attempt: 1, uncertain: false))
    }
}
