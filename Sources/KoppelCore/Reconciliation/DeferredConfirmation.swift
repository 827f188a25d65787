/// How long a ledger that confirms later (`LedgerCapabilities.deferredConfirmation`: Asperion's day
/// file, imported by the owner when they choose) may take before a delivered booking that is not
/// in its read-back is reported: within the grace period it is waited for, silently; after it, it
/// is `notImported`, not `missing`.
public struct DeferredConfirmation: Sendable, Equatable {
    /// Seconds after delivery (the order's booked time: when the send step completed).
    public var grace: Int64
    /// Unix seconds of the run.
    public var now: Int64

    public init(grace: Int64 = DeferredConfirmation.defaultGrace, now: Int64) {
        self.grace = grace
        self.now = now
    }

    /// Three days: a file delivered on Friday night is imported on Monday.
    public static let defaultGrace: Int64 = 3 * 86_400

    /// Whether a booking delivered at `deliveredAt` is still within the grace period.
    public func isWaiting(deliveredAt: Int64) -> Bool { now < deliveredAt + grace }

    /// The UTC day of `seconds`, `YYYY-MM-DD`, for the report.
    static func day(_ seconds: Int64) -> String {
        CivilDay(serial: Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)).text
    }
}
