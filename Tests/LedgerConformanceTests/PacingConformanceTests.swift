import Foundation
import KoppelCore
import Ledger
import Testing

/// 4. Pacing at the ledger's limit: the adapter's budget starts from the ledger's own policy and
/// learns the sandbox's lower limit from the rate headers (and the window's end, where they tell it); a backlog of bookings then waits for each
/// window's end instead of running into a 429. Every booking succeeds, the sandbox sees every request
/// once (none refused, none resent), and at least 95% of the allowed rate is used.
@Suite struct PacingConformanceTests {
    static let limit = 10
    /// The budget waits in whole seconds and rounds the reset up: up to 2 s late a window (about 1 s
    /// on average). At 60 s that stays under 4%, with room for a busy machine.
    static let windowSeconds = 60
    static let bookings = 10

    struct Run: Sendable {
        var requestsSent: Int
        var requestsReceived: Int
        var seconds: Double
        var failed: [String]
    }

    /// Not for a ledger whose answers tell no limit (Asperion): nothing to learn the sandbox's lower
    /// limit from, and its one write is a day's file, so there is no backlog of writes to pace.
    @Test(arguments: LedgerUnderTest.all.filter(\.answersTellRateLimit))
    func aBacklogIsPacedAtTheLimitWithoutFailures(ledger: LedgerUnderTest) async throws {
        let run = try await onOwnThread { try Self.book(ledger) }
        #expect(run.failed.isEmpty, "\(ledger.name): \(run.failed)")
        #expect(run.requestsReceived == run.requestsSent, "\(ledger.name): the sandbox refused or received more than was sent")

        // The least possible time: a window for every `limit` requests but the last ones, which
        // start the last window. Rate use is that over the time taken.
        let windows = (run.requestsSent + Self.limit - 1) / Self.limit
        let least = Double((windows - 1) * Self.windowSeconds)
        let rateUse = least / run.seconds
        print(String(
            format: "conformance %@ pacing: %d bookings, %d requests at %d per %d s in %.1f s (least possible %.0f s): rate use %.1f%%, %d failed",
            ledger.name, Self.bookings, run.requestsSent, Self.limit, Self.windowSeconds, run.seconds, least, rateUse * 100,
            run.failed.count))
        #expect(windows >= 3, "\(ledger.name): too few requests to wait for a window")
        #expect(rateUse >= 0.95, "\(ledger.name): \(rateUse)")
        #expect(rateUse <= 1.0, "\(ledger.name): faster than the limit allows")
    }

    static func book(_ ledger: LedgerUnderTest) throws -> Run {
        let sandbox = try ledger.startSandbox(limit: limit, windowSeconds: windowSeconds)
        let start = Date()
        var options = AdapterOptions()
        if !ledger.rateHeadersTellReset {
            // The limit is still learned from the answers; the window's length is the policy's, scaled as the sandbox's.
            options.budget = RateBudget(limit: ledger.provider.ratePolicy.limit, windowSeconds: Int64(windowSeconds))
        }
        let connected = try ledger.connect(sandbox, options)
        var failed: [String] = []
        for number in 1...bookings {
            // Unpaid: the create alone, so that both ledgers book in the same number of steps.
            let booking = try connected.prepared(ConformanceFixture.all[1], reference: "pace-\(number)", isPaid: false)
            do {
                try connected.book(booking, idempotencyKey: "pace-\(number)")
            } catch {
                failed.append("\(booking.document.reference): \(error)")
            }
        }
        return Run(
            requestsSent: connected.requestsSent, requestsReceived: try sandbox.requestsReceived(),
            seconds: Date().timeIntervalSince(start), failed: failed)
    }
}

/// Runs `work` on a thread of its own: the rate budget's waits sleep the thread, which must not be
/// one of the few the test runner shares between all tests.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
