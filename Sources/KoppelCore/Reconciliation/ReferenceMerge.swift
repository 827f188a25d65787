/// Walks the booked orders and the ledger's bookings side by side, both sorted by reference,
/// and hands over one reference at a time with what each side holds for it. Memory stays flat:
/// only one reference's bookings are held, however long the period.
public struct ReferenceMerge {
    public struct Group: Equatable {
        public var reference: String
        public var booked: BookedOrder?
        public var found: [LedgerBooking]
    }

    private let nextBooked: () throws -> BookedOrder?
    private let nextFound: () throws -> LedgerBooking?
    private var booked: BookedOrder?
    private var found: LedgerBooking?
    private var started = false

    /// - Parameters:
    ///   - booked: the next booked order in reference order (byte order of the UTF-8), unique.
    ///   - found: the next ledger booking in the same order; a reference may come more than once.
    public init(booked: @escaping () throws -> BookedOrder?, found: @escaping () throws -> LedgerBooking?) {
        self.nextBooked = booked
        self.nextFound = found
    }

    public mutating func next() throws -> Group? {
        if !started {
            booked = try nextBooked()
            found = try nextFound()
            started = true
        }
        let reference: String
        switch (booked, found) {
        case (nil, nil): return nil
        case (let order?, nil): reference = order.reference
        case (nil, let held?): reference = held.reference
        case (let order?, let held?):
            reference = Self.precedes(held.reference, order.reference) ? held.reference : order.reference
        }
        var group = Group(reference: reference, booked: nil, found: [])
        if let order = booked, order.reference == reference {
            group.booked = order
            booked = try nextBooked()
        }
        while let held = found, held.reference == reference {
            group.found.append(held)
            found = try nextFound()
        }
        return group
    }

    /// The order SQLite's BINARY collation sorts text in: byte by byte over UTF-8.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
