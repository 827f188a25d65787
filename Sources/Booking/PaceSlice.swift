import KoppelCore

/// The requests and finished orders of a booking run not stored yet: handed out in slices of
/// `orders` finished orders, so that a run of hours keeps the requests per order current.
struct PaceSlice {
    static let orders = 10

    private(set) var rest = BookingPace(orders: 0, requests: 0)

    /// Adds one order's requests (`finished`: the order got booked). Returns a full slice to
    /// store, and starts the next.
    mutating func add(requests: Int, finished: Bool) -> BookingPace? {
        rest = rest + BookingPace(orders: finished ? 1 : 0, requests: requests)
        guard rest.orders >= Self.orders else { return nil }
        defer { rest = BookingPace(orders: 0, requests: 0) }
        return rest
    }
}
