/// How many orders wait to be booked and when the last of them will be, at the ledger's pace.
///
/// The orders that wait are those the booking job books without a person (the store counts
/// them, `KoppelDatabase.waitingToBeBooked`):
/// - a version not examined yet (pushed or fetched, `received`), unless the order is booked
///   already: that version usually needs nothing or one step. Whether its status is one that is
///   booked is known only once examined, so an order of a status that is not booked is counted
///   until then (an over-estimate that lasts until the next run);
/// - `queued` (a step is due) and `booking` (a call under way, or a run stopped during it);
/// - `waiting`: postponed by the ledger's rate limit, or a retry after a failure (at its time).
/// Not counted: `open` (the shop's status is not booked, or cancelled before booking), `error`
/// (needs a person: a refusal, a failed precheck, a choice missing in the ledger's setup) and
/// `booked`.
///
/// The pace is the ledger's limit spread evenly: `limit / windowSeconds` requests a second from
/// now, each order costing `requestsPerOrder`. That ignores what is left of the current window (a
/// fresh window lets up to `limit` requests go at once, so a backlog smaller than a window is done
/// sooner; one used up delays the start by up to a window), the time the ledger takes to answer
/// (a backlog the limit never holds back goes at the ledger's speed instead), and when the
/// booking worker's next run starts.
public struct BacklogEstimate: Sendable, Equatable {
    /// Orders waiting to be booked.
    public var waiting: Int
    /// Ledger requests one order costs: measured, or the ledger's nominal figure.
    public var requestsPerOrder: Double
    /// The orders the figure was measured over; 0 when it is the nominal one.
    public var measuredOrders: Int
    /// The ledger's limit: `limit` requests per `windowSeconds`.
    public var limit: Int
    public var windowSeconds: Int64
    /// Unix seconds the last waiting order is booked by; nil when none waits.
    public var lastBookedAt: Int64?

    /// - Parameters:
    ///   - measured: the requests and orders the booking job recorded recently (`BookingPace`);
    ///     used when it holds at least one finished order, else `nominalRequestsPerOrder`.
    ///   - notBefore: the latest time a waiting order may be tried again (a retry's backoff, the
    ///     rate limit's reset): the last is booked no earlier.
    public init(
        waiting: Int, measured: BookingPace?, nominalRequestsPerOrder: Double, limit: Int, windowSeconds: Int64, now: Int64,
        notBefore: Int64 = 0
    ) {
        self.waiting = waiting
        self.limit = limit
        self.windowSeconds = windowSeconds
        // Requests per order as a fraction, so that the time is exact (2.4 is no binary fraction):
        // measured, or the nominal figure in tenths.
        let perOrder: (requests: Int64, orders: Int64)
        if let measured, measured.orders > 0 {
            perOrder = (Int64(measured.requests), Int64(measured.orders))
            measuredOrders = measured.orders
        } else {
            perOrder = (Int64((max(0, nominalRequestsPerOrder) * 10).rounded()), 10)
            measuredOrders = 0
        }
        requestsPerOrder = Double(perOrder.requests) / Double(perOrder.orders)
        guard waiting > 0 else {
            lastBookedAt = nil
            return
        }
        lastBookedAt = max(now + Self.seconds(
            requests: Int64(waiting), perOrder: perOrder, limit: Int64(limit), windowSeconds: windowSeconds), notBefore)
    }

    /// waiting × requests per order × window / limit, rounded up to a whole second; a century
    /// ("never") when the figures overflow.
    static func seconds(requests waiting: Int64, perOrder: (requests: Int64, orders: Int64), limit: Int64, windowSeconds: Int64) -> Int64 {
        guard limit > 0 else { return 0 }
        let century: Int64 = 3_155_760_000
        let (requests, overflow) = waiting.multipliedReportingOverflow(by: perOrder.requests)
        let (numerator, overflowAgain) = requests.multipliedReportingOverflow(by: max(0, windowSeconds))
        let (denominator, overflowOnce) = perOrder.orders.multipliedReportingOverflow(by: limit)
        guard !overflow, !overflowAgain, !overflowOnce else { return century }
        return min(century, (numerator + denominator - 1) / denominator)
    }

    /// Seconds from `now` until the last is booked; nil when none waits.
    public func secondsLeft(now: Int64) -> Int64? {
        lastBookedAt.map { max(0, $0 - now) }
    }
}

/// What booking cost in ledger requests: every request the booking job made (for orders booked,
/// and for those that failed or were postponed on the way) and the orders it finished booking.
public struct BookingPace: Sendable, Equatable {
    public var orders: Int
    public var requests: Int

    public init(orders: Int, requests: Int) {
        self.orders = orders
        self.requests = requests
    }

    public static func + (left: BookingPace, right: BookingPace) -> BookingPace {
        BookingPace(orders: left.orders + right.orders, requests: left.requests + right.requests)
    }
}
