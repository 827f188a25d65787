import KoppelCore

/// A ledger that lists its bookings' ids and versions without the bookings, and hands over the
/// bookings of given ids: the nightly reconcile asks what changed and reads only that (Moneybird's
/// synchronization endpoints). A ledger without it is read in full every night.
public protocol LedgerChanges: Ledger {
    /// At most this many ids go into one `bookings(ids:)` request.
    var idsPerRead: Int { get }

    /// The id and version of every booking dated within `period` (the same bookings as
    /// `bookings(in:)` hands over), one at a time.
    func versions(in period: DatePeriod, _ each: (LedgerVersion) throws -> Void) throws

    /// The bookings with these ids (at most `idsPerRead`) that the ledger still holds.
    func bookings(ids: [String], _ each: (LedgerBooking) throws -> Void) throws
}

/// A booking's id and version as a synchronization list gives them.
public struct LedgerVersion: Sendable, Equatable {
    public var id: String
    /// Compared for equality with `LedgerBooking.version`, spelled the same way.
    public var version: String

    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }
}
