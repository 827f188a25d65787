/// One order number with what each side holds for it: the order koppel booked under it (nil when
/// none) and the ledger's bookings carrying it (none when the ledger holds nothing under it).
public struct ReferenceGroup: Equatable, Sendable {
    public var reference: String
    public var booked: BookedOrder?
    public var found: [LedgerBooking]

    public init(reference: String, booked: BookedOrder?, found: [LedgerBooking]) {
        self.reference = reference
        self.booked = booked
        self.found = found
    }
}
