/// The counts of one reconcile run: what was compared and what was found, per kind.
public struct ReconcileSummary: Sendable, Equatable {
    public var period: DatePeriod
    /// Differences up to this were notices in this run, larger ones mismatches.
    public var tolerance: Cents
    /// Orders booked here in the period.
    public var booked = 0
    /// Bookings the ledger holds in the period.
    public var inLedger = 0
    /// Σ gross of what koppel booked in the period, and of what the ledger holds there.
    public var bookedGross = Cents.zero
    public var ledgerGross = Cents.zero
    public var counts: [Finding.Kind: Int] = [:]
    /// Orders (or orphan bookings) with at least one mismatch.
    public var mismatchedBookings = 0
    /// Orders with at least one difference within the tolerance.
    public var bookingsWithinTolerance = 0
    /// Requests sent to the ledger.
    public var requests = 0
    /// Orders delivered to a ledger that confirms later and not in it yet, within the grace period:
    /// waited for, no finding.
    public var awaitingConfirmation = 0

    public init(period: DatePeriod, tolerance: Cents = .zero) {
        self.period = period
        self.tolerance = tolerance
    }

    /// Findings that make a booking wrong: every kind but the notices.
    public var mismatches: Int {
        counts.filter { $0.key != .changed && $0.key != .withinTolerance }.values.reduce(0, +)
    }
    public var withinTolerance: Int { counts[.withinTolerance] ?? 0 }
    /// Nothing differs at all: no mismatch and no difference within the tolerance. An edit that
    /// kept every figure is only a notice.
    public var isClean: Bool { mismatches == 0 && withinTolerance == 0 }

    /// Counts an order whose one ledger booking matches it in everything: no findings.
    public mutating func addMatching(gross: Cents) {
        booked += 1
        inLedger += 1
        bookedGross += gross
        ledgerGross += gross
    }

    /// Counts one reference's group and its findings.
    public mutating func add(_ group: ReferenceGroup, findings: [Finding]) {
        if let booked = group.booked {
            self.booked += 1
            bookedGross += booked.figures.gross
        }
        // A credit of the booking (an order cancelled after booking) is part of it, as in the
        // comparison: not a booking of its own, so a credited order totals what koppel booked.
        let found = group.found.filter { $0.creditOf == nil || $0.creditOf != group.booked?.ledgerID }
        inLedger += found.count
        ledgerGross += found.map(\.gross).sum()
        for finding in findings { counts[finding.kind, default: 0] += 1 }
        if findings.contains(where: \.isMismatch) { mismatchedBookings += 1 }
        if findings.contains(where: { $0.kind == .withinTolerance }) { bookingsWithinTolerance += 1 }
    }
}
