import Booking
import Foundation
import KoppelCore
import KoppelStore

/// The backlog estimate in the command line's words: the columns of `koppel connection list` and
/// the line under both lists that says how the time is made.
enum WaitingText {
    /// WAITING and LAST BOOKED BY: the count, and the local time the last is booked by (with the
    /// date when not today); "-" when nothing waits or the ledger cannot be booked into.
    static func columns(_ waiting: WaitingEstimate, now: Int64) -> [String] {
        guard let last = waiting.estimate?.lastBookedAt else { return ["\(waiting.waiting.count)", "-"] }
        return ["\(waiting.waiting.count)", localTime(last, now: now)]
    }

    /// "12 orders wait to be booked; the last around 14:35 (5.0 requests an order, nominal; the
    /// ledger allows 150 requests per 300 s)"; nil when nothing waits.
    static func line(_ waiting: WaitingEstimate, now: Int64) -> String? {
        let count = waiting.waiting.count
        guard count > 0 else { return nil }
        let orders = count == 1 ? "1 order waits" : "\(count) orders wait"
        guard let estimate = waiting.estimate, let last = estimate.lastBookedAt else {
            return "\(orders) to be booked; none is booked until the connection is set up (\(waiting.blocked ?? "no estimate"))"
        }
        return "\(orders) to be booked; the last around \(localTime(last, now: now)) (\(how(estimate)))"
    }

    /// How the time is made: requests per order (measured or nominal) and the ledger's limit.
    static func how(_ estimate: BacklogEstimate) -> String {
        let perOrder = String(format: "%.1f", estimate.requestsPerOrder)
        let source = estimate.measuredOrders > 0 ? "measured over the last \(estimate.measuredOrders) orders" : "nominal, nothing measured yet"
        return "\(perOrder) requests an order, \(source); the ledger allows \(estimate.limit) requests per \(estimate.windowSeconds) s"
    }

    /// "14:35" today, "2026-12-04 14:35" on another day (the machine's time zone).
    static func localTime(_ unixTime: Int64, now: Int64) -> String {
        let minute = localMinute(unixTime)
        return minute.prefix(10) == localMinute(now).prefix(10) ? String(minute.dropFirst(11)) : minute
    }
}
