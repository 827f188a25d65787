import Foundation
import KoppelCore
import Ledger
import Testing

/// 3. Retrying is the booking flow's job; the adapter's is to say which failure it met: a 5xx, a
/// timeout and a dropped connection are `uncertain` (the flow looks up, then retries), a 429 is
/// `rateLimited` until the ledger's wait (and the budget holds the next request until then), a
/// refused token `unauthorized`, no connection at all `unreachable`. For a deferred ledger
/// (Asperion) the faults fall on its first request, the day file's upload (`createEndpoint`), and
/// the credentials are checked by the first call that sends any (its reference data are its own).
@Suite struct ErrorKindConformanceTests {
    @Test(arguments: LedgerUnderTest.all)
    func serverErrorsTimeoutsAndDropsAreUncertainAndTheFlowsRetryBooksOnce(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        // A request may take 2 s; the sandbox holds a timed-out one for 6 s.
        let connected = try ledger.connect(sandbox, AdapterOptions(timeout: 2))
        let booking = try connected.prepared(ConformanceFixture.all[0], isPaid: false)
        let reference = booking.document.reference
        let faults = ["error", "timeout", "drop"]
        let rules = faults.map { #"{"endpoint": "\#(ledger.createEndpoint)", "fault": "\#($0)"}"# }.joined(separator: ", ")
        try sandbox.faults(#"{"timeout_hold_ms": 6000, "rules": [\#(rules)]}"#)
        let key = "retry-\(UUID().uuidString)"
        for fault in faults {
            do {
                try connected.reachLedger(booking, idempotencyKey: key)
                Issue.record("\(ledger.name) \(fault): taken for a success")
            } catch let error as LedgerError {
                #expect(error.kind == .uncertain, "\(ledger.name) \(fault): \(error)")
            }
            // The flow looks up before it retries: nothing was stored.
            #expect(try connected.holdsNothing(reference), "\(ledger.name) \(fault)")
        }
        let status = try connected.reachLedger(booking, idempotencyKey: key)
        #expect(status.gross == booking.document.grossTotal)
        #expect(try connected.readBack(reference, on: booking.document.orderDate).count == 1, "\(ledger.name)")
    }

    @Test(arguments: LedgerUnderTest.all)
    func a429IsRateLimitedWithTheLedgersWait(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        // A request waits at most 2 s for the budget, so a longer wait is reported, not slept.
        let connected = try ledger.connect(sandbox, AdapterOptions(longestRateWait: 2))
        let booking = try connected.prepared(ConformanceFixture.all[0], isPaid: false)
        // A ledger that tells no wait is asked again within the 2 s (`aRefusalIsWaitedOut…`): refused 3 times, it is reported.
        let count = ledger.rateHeadersTellReset ? 1 : 3
        try sandbox.faults(#"{"rules": [{"endpoint": "\#(ledger.createEndpoint)", "fault": "rate_limit", "retry_after_s": 30, "count": \#(count)}]}"#)
        var now = connected.clock.now()
        var waitUntil: Int64 = 0
        do {
            try connected.reachLedger(booking, idempotencyKey: "limited")
            Issue.record("\(ledger.name): the 429 was taken for a success")
        } catch let error as LedgerError {
            // A deferred ledger's clock was moved to its day's close on the way: the wait counts from there.
            if ledger.isDeferred { now = connected.clock.now() }
            guard case .rateLimited(let until) = error.kind else {
                Issue.record("\(ledger.name): expected rateLimited, got \(error)")
                return
            }
            waitUntil = until
            // A ledger that tells no wait (Factuursturen) is asked again after 1, 2, 4 … seconds: within
            // the 2 s allowed twice, then reported.
            let told = ledger.rateHeadersTellReset ? now + 29...now + 35 : now + 2...now + 10
            #expect(told.contains(until), "\(ledger.name): until \(until), now \(now)")
        }
        // The budget holds the next request until then: the ledger does not see it.
        let received = try sandbox.requestsReceived()
        do {
            try connected.reachLedger(booking, idempotencyKey: "limited")
            Issue.record("\(ledger.name): sent within the ledger's wait")
        } catch let error as LedgerError {
            // The same wait, give or take the second the reset header is rounded up to.
            guard case .rateLimited(let until) = error.kind else {
                Issue.record("\(ledger.name): expected rateLimited, got \(error)")
                return
            }
            #expect((waitUntil - 1...waitUntil + 2).contains(until), "\(ledger.name): until \(until), the 429 said \(waitUntil)")
        }
        #expect(try sandbox.requestsReceived() == received, "\(ledger.name)")
    }

    /// Factuursturen's 403 with `X-RateLimit-Remaining: 0` is a wait, not an error: the request is
    /// sent again (it did nothing) and the booking made once.
    @Test(arguments: LedgerUnderTest.all.filter { !$0.rateHeadersTellReset })
    func aRateLimitRefusalIsWaitedOutWhereTheLedgerTellsNoWait(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        let connected = try ledger.connect(sandbox, AdapterOptions(longestRateWait: 10))
        let booking = try connected.prepared(ConformanceFixture.all[0], reference: "waited", isPaid: false)
        try sandbox.faults(#"{"rules": [{"endpoint": "\#(ledger.createEndpoint)", "fault": "rate_limit", "count": 2}]}"#)
        let started = Date()
        let document = try connected.ledger.create(booking, idempotencyKey: "waited")
        let waited = Date().timeIntervalSince(started)
        // Asked again after 1 s, then 2 s.
        #expect(waited >= 2.5 && waited < 9, "\(ledger.name): waited \(waited) s")
        #expect(try connected.readBack("waited", on: booking.document.orderDate).map(\.id) == [document.id], "\(ledger.name)")
    }

    @Test(arguments: LedgerUnderTest.all)
    func aRefusedTokenIsUnauthorizedAndNotEchoed(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        let wrong = "not-the-token-\(UUID().uuidString)"
        let adapter = try ledger.makeAdapter(sandbox, AdapterOptions(token: wrong), nil)
        do {
            // Reference data the adapter knows itself (Asperion's VAT classes) send nothing: the access check does.
            _ = try adapter.referenceData()
            try adapter.checkAccess()
            Issue.record("\(ledger.name): a wrong token was accepted")
        } catch {
            #expect(error.kind == .unauthorized, "\(ledger.name): \(error)")
            #expect(!error.message.contains(wrong))
        }
    }

    /// Asperion's license code "cannot be checked in advance" (manual 003): the day file's delivery
    /// is where a wrong one shows, as `unauthorized`, with the order still listed and nothing delivered.
    @Test(arguments: LedgerUnderTest.all.filter(\.isDeferred))
    func aRefusedTokenAtDeliveryIsUnauthorizedAndDeliversNothing(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        let wrong = "not-the-token-\(UUID().uuidString)"
        let connected = try ledger.connect(sandbox, AdapterOptions(token: wrong))
        let booking = try connected.prepared(ConformanceFixture.all[0])
        do {
            try connected.book(booking, idempotencyKey: "wrong-token")
            Issue.record("\(ledger.name): a wrong token delivered")
        } catch let error as LedgerError {
            #expect(error.kind == .unauthorized, "\(ledger.name): \(error)")
            #expect(!error.message.contains(wrong))
        }
        let listed = try #require(try connected.ledger.inspect(documentID: nil, reference: booking.document.reference, includingCredit: false))
        #expect(listed.done == [.create], "\(ledger.name)")
        #expect(try sandbox.stats()[ledger.createEndpoint] == 1, "\(ledger.name)")
        // Connected again with the right code, the same listed order is delivered once.
        let right = try ledger.connect(sandbox, AdapterOptions(clock: connected.clock))
        try right.book(booking, idempotencyKey: "right-token")
        #expect(try right.readBack(booking.document.reference, on: booking.document.orderDate).count == 1, "\(ledger.name)")
    }

    @Test(arguments: LedgerUnderTest.all)
    func noConnectionIsUnreachable(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox()
        // Port 1 on loopback: nothing listens, the connection is refused.
        let adapter = try ledger.makeAdapter(sandbox, AdapterOptions(baseURL: "http://127.0.0.1:1"), nil)
        do {
            _ = try adapter.referenceData()
            try adapter.checkAccess()
            Issue.record("\(ledger.name): answered without a server")
        } catch {
            #expect(error.kind == .unreachable, "\(ledger.name): \(error)")
            #expect(!error.mayHaveReachedLedger)
        }
    }
}
