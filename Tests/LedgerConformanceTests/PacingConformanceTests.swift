import Foundation
import KoppelCore
import Ledger
import Testing

/// 4. Pacing at the ledger's limit: the adapter's budget starts from the ledger's own policy and
/// learns the sandbox's lower limit from the rate headers; a backlog of bookings then waits for each
/// window's end instead of running into a 429. Every booking succeeds, the sandbox sees every request
/// once (none refused, none resent), and at least 95% of the allowed rate is used.
@Suite struct PacingConformanceTests {
    static let limit = 10
    /// The budget waits in whole seconds and rounds the reset up: up to 2 s late a window (about 1 s
    /// on average). At 60 s that stays under 4%, with room for a busy machine.
    static let windowSeconds = 60
    static let bookings = 10

    @Test(arguments: LedgerUnderTest.all)
    func aBacklogIsPacedAtTheLimitWithoutFailures(ledger: LedgerUnderTest) throws {
        let sandbox = try ledger.startSandbox(ledger.sandboxRateLimit(Self.limit, Self.windowSeconds))
        let start = Date()
        let connected = try ledger.connect(sandbox)
        var failed: [String] = []
        for number in 1...Self.bookings {
            // Unpaid: the create alone, so that both ledgers book in the same number of steps.
            let booking = try connected.prepared(ConformanceFixture.all[1], reference: "pace-\(number)", isPaid: false)
            do {
                try connected.book(booking, idempotencyKey: "pace-\(number)")
            } catch {
                failed.append("\(booking.document.reference): \(error)")
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        #expect(failed.isEmpty, "\(ledger.name): \(failed)")
        let requests = connected.requestsSent
        #expect(try sandbox.requestsReceived() == requests, "\(ledger.name): the sandbox refused or received more than was sent")

        // The least possible time: a window for every `limit` requests but the last ones, which
        // start the last window. Rate use is that over the time taken.
        let windows = (requests + Self.limit - 1) / Self.limit
        let least = Double((windows - 1) * Self.windowSeconds)
        let rateUse = least / elapsed
        print(String(
            format: "conformance %@ pacing: %d bookings, %d requests at %d per %d s in %.1f s (least possible %.0f s): rate use %.1f%%, %d failed",
            ledger.name, Self.bookings, requests, Self.limit, Self.windowSeconds, elapsed, least, rateUse * 100, failed.count))
        #expect(windows >= 3, "\(ledger.name): too few requests to wait for a window")
        #expect(rateUse >= 0.95, "\(ledger.name): \(rateUse)")
        #expect(rateUse <= 1.0, "\(ledger.name): faster than the limit allows")
    }
}
