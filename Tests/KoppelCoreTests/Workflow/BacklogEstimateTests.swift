import KoppelCore
import Testing

/// When the last waiting order is booked: the orders times the requests each costs, at the
/// ledger's limit spread over its window, from now.
struct BacklogEstimateTests {
    static let now: Int64 = 1_800_000_000

    @Test func theLastIsBookedAtTheLedgersPace() {
        // Factuursturen: 60 requests an hour, 2.4 requests an order measured over 200 orders.
        let estimate = BacklogEstimate(
            waiting: 100, measured: BookingPace(orders: 200, requests: 480), nominalRequestsPerOrder: 3, limit: 60,
            windowSeconds: 3600, now: Self.now)
        #expect(estimate.requestsPerOrder == 2.4)
        #expect(estimate.measuredOrders == 200)
        // 100 × 2.4 = 240 requests at one a minute: 4 hours.
        #expect(estimate.lastBookedAt == Self.now + 4 * 3600)
        #expect(estimate.secondsLeft(now: Self.now + 3600) == Int64(3 * 3600))
    }

    @Test func withNothingMeasuredTheLedgersNominalFigureCounts() {
        for measured in [nil, BookingPace(orders: 0, requests: 7)] {
            // Moneybird, 150 requests per 300 s: 2 seconds a request, 5 requests an order.
            let estimate = BacklogEstimate(
                waiting: 12, measured: measured, nominalRequestsPerOrder: 5, limit: 150, windowSeconds: 300, now: Self.now)
            #expect(estimate.requestsPerOrder == 5)
            #expect(estimate.measuredOrders == 0)
            #expect(estimate.lastBookedAt == Self.now + 12 * 5 * 2)
        }
    }

    @Test func aPartSecondIsRoundedUp() {
        // 7 orders × 3 requests at 20 per 120 s = 126 s; 1 order × 1 request at 3 per 10 s = 3.33 s → 4.
        let minox = BacklogEstimate(
            waiting: 7, measured: BookingPace(orders: 10, requests: 30), nominalRequestsPerOrder: 2, limit: 20,
            windowSeconds: 120, now: Self.now)
        #expect(minox.lastBookedAt == Self.now + 126)
        let small = BacklogEstimate(
            waiting: 1, measured: BookingPace(orders: 1, requests: 1), nominalRequestsPerOrder: 2, limit: 3, windowSeconds: 10,
            now: Self.now)
        #expect(small.lastBookedAt == Self.now + 4)
    }

    @Test func nothingWaitingHasNoTime() {
        let estimate = BacklogEstimate(
            waiting: 0, measured: BookingPace(orders: 5, requests: 15), nominalRequestsPerOrder: 3, limit: 60,
            windowSeconds: 3600, now: Self.now, notBefore: Self.now + 500)
        #expect(estimate.lastBookedAt == nil)
        #expect(estimate.secondsLeft(now: Self.now) == nil)
        #expect(estimate.requestsPerOrder == 3)
    }

    @Test func anOrderThatMayNotBeTriedYetIsBookedNoEarlier() {
        // One order retried in an hour (a backoff): the pace alone would say 10 seconds.
        let estimate = BacklogEstimate(
            waiting: 1, measured: nil, nominalRequestsPerOrder: 5, limit: 150, windowSeconds: 300, now: Self.now,
            notBefore: Self.now + 3600)
        #expect(estimate.lastBookedAt == Self.now + 3600)
        // A wait already over does not move it.
        let over = BacklogEstimate(
            waiting: 1, measured: nil, nominalRequestsPerOrder: 5, limit: 150, windowSeconds: 300, now: Self.now,
            notBefore: Self.now - 60)
        #expect(over.lastBookedAt == Self.now + 10)
    }

    @Test func aLedgerWithoutALimitBooksAtOnce() {
        let estimate = BacklogEstimate(
            waiting: 40, measured: nil, nominalRequestsPerOrder: 3, limit: 0, windowSeconds: 300, now: Self.now)
        #expect(estimate.lastBookedAt == Self.now)
    }

    @Test func pacesAddUp() {
        #expect(BookingPace(orders: 10, requests: 31) + BookingPace(orders: 3, requests: 9) == BookingPace(orders: 13, requests: 40))
    }
}
