import KoppelCore

/// Walks the booked orders and the ledger's bookings side by side, both sorted by reference
/// (SQLite's BINARY order), one reference at a time. Memory stays flat: only one reference's rows
/// are held, however long the period. The booked orders are read where SQLite keeps them (their
/// references are unique); the ledger's rows are copied, so that the next can be looked at.
///
/// Most references are an order and its one booking that agree in everything the comparison
/// looks at. Those are told apart on the rows' bytes (`matches`) and handed over as `matching`,
/// without making either side into Swift values; every other reference comes as a
/// `ReferenceGroup` for `BookingComparison`. Making both sides into values and comparing them
/// was about a third of a full run's CPU (docs/benchmarks.md, "Matching pairs told apart on their
/// bytes").
public final class ReferenceWalk {
    public enum Step: Equatable {
        /// An order and its one ledger booking with nothing to report. `versionSeen` is the
        /// ledger's version to keep for the order when it had none kept yet.
        case matching(orderID: Int64, gross: Cents, versionSeen: String?)
        /// Any other reference, to be compared.
        case group(ReferenceGroup)
    }

    private let reader: BookedOrderReader
    private let booked: StatementRows
    private let found: RowStream
    private let clockSlack: Int64
    private let recognizesMatches: Bool

    /// - Parameter clockSlack: `BookingComparison.clockSlack`: an edit this soon after booking is
    ///   the booking's own.
    public convenience init(booked: BookedOrderReader, found: SortedLedgerBookings, clockSlack: Int64) {
        self.init(booked: booked, found: found, clockSlack: clockSlack, recognizesMatches: true)
    }

    /// - Parameter recognizesMatches: false hands every reference over as a group (to test against).
    init(booked: BookedOrderReader, found: SortedLedgerBookings, clockSlack: Int64, recognizesMatches: Bool) {
        self.reader = booked
        self.booked = booked.rows
        self.found = found.rows
        self.clockSlack = clockSlack
        self.recognizesMatches = recognizesMatches
    }

    /// The next reference, nil after the last.
    public func next() throws -> Step? {
        // Below zero the booked side's reference comes first, above zero the ledger's.
        let side: Int
        switch (booked.hasCurrent, found.hasCurrent) {
        case (false, false): return nil
        case (true, false): side = -1
        case (false, true): side = 1
        case (true, true): side = booked.current.compareText(Booked.reference, found.current, Held.reference)
        }
        if side == 0, recognizesMatches, !foundContinues, try matches(booked.current, found.current, registered: paymentRegistered) {
            let row = booked.current
            let step = Step.matching(
                orderID: row.integer(Booked.orderID) ?? 0, gross: Cents(row.integer(Booked.gross) ?? 0),
                versionSeen: row.isNull(Booked.versionSeen) ? found.current.text(Held.version) : nil)
            try booked.advance()
            try found.advance()
            return step
        }
        var group: ReferenceGroup
        if side <= 0 {
            let order = KoppelDatabase.bookedOrder(booked.current, paymentRegistered: try paymentRegistered())
            group = ReferenceGroup(reference: order.reference, booked: order, found: [])
            try booked.advance()
        } else {
            group = ReferenceGroup(reference: found.current.text(Held.reference) ?? "", booked: nil, found: [])
        }
        if side >= 0 {
            while true {
                let more = foundContinues
                group.found.append(LedgerSnapshot.booking(found.current))
                try found.advance()
                if !more { break }
            }
        }
        return .group(group)
    }

    /// Whether koppel registered the payment of the current booked order.
    private func paymentRegistered() throws -> Bool {
        try reader.paymentRegistered(orderID: booked.current.integer(Booked.orderID) ?? 0)
    }

    /// Whether the ledger's next booking carries the current one's reference too.
    private var foundContinues: Bool {
        found.hasFollowing && found.following.compareText(Held.reference, found.current, Held.reference) == 0
    }

    /// Whether `BookingComparison` finds nothing for this order and its only ledger booking, and
    /// the order's mismatch stays as it is (none): every field it compares is equal byte for byte
    /// as stored, where equal bytes make equal values. Anything else is left to the comparison,
    /// which also decides whatever differs only in form (case, spaces, NULL against "").
    /// `ReferenceWalkTests` holds this against `BookingComparison` on random pairs.
    ///
    /// - Parameter registered: whether koppel registered the order's payment; asked last, and
    ///   only when the ledger shows the booking not settled.
    func matches(_ order: some RowColumns, _ booking: some RowColumns, registered: () throws -> Bool) throws -> Bool {
        // Its own booking, not a credit of it or another document under the reference.
        guard booking.isNull(Held.creditOf), booking.sameText(Held.id, as: order, Booked.ledgerID) else { return false }
        guard booking.sameText(Held.date, as: order, Booked.date),
            booking.sameInteger(Held.gross, as: order, Booked.gross),
            booking.sameInteger(Held.net, as: order, Booked.net),
            // Both written by `VATByCodeText.encode` (codes sorted): equal text, equal VAT per code.
            booking.sameText(Held.vat, as: order, Booked.vat)
        else { return false }
        // Not changed in the shop since booking, and no mismatch shown from an earlier run.
        guard order.sameInteger(Booked.orderVersion, as: order, Booked.currentVersion), order.isNull(Booked.mismatch) else {
            return false
        }
        if !order.isNull(Booked.customerName) {
            guard booking.integer(Held.hasCustomer) == 1 else { return false }
            // Read back, a contact's fields are kept as stored (NULL as ""), except the country:
            // upper-cased, and NL when empty. Only a country already in capitals reads as stored.
            for (held, own) in zip(Held.customer, Booked.customer) where !booking.sameText(held, as: order, own, nullIsEmpty: true) {
                return false
            }
            guard booking.isUpperCaseLetters(Held.country) else { return false }
        }
        // Not edited since the last run, or before any run, not since booking.
        if order.isNull(Booked.versionSeen) {
            if let editedAt = booking.integer(Held.editedAt) {
                guard let bookedAt = order.integer(Booked.bookedAt), editedAt <= bookedAt + clockSlack else { return false }
            }
        } else {
            guard booking.sameText(Held.version, as: order, Booked.versionSeen) else { return false }
        }
        // A payment koppel registered must show as settled: paid, nothing open.
        let settled = booking.isNull(Held.paymentState) || (booking.integer(Held.paid) == 1 && booking.integer(Held.unpaid) == 0)
        return try settled || !registered()
    }

    /// The columns of `KoppelDatabase.bookedSelect`.
    enum Booked {
        static let orderID = 0, ledgerID = 1, reference = 2, date = 3, gross = 4, net = 5, vat = 6
        static let customerName = 7
        /// Name, e-mail, street, postcode, city, country, VAT number.
        static let customer = 7...13
        static let orderVersion = 14, bookedAt = 15, versionSeen = 16, currentVersion = 17, total = 18, mismatch = 19
    }

    /// The columns of `LedgerSnapshot.bookingColumns`.
    enum Held {
        static let reference = 0, id = 1, date = 2, gross = 3, net = 4, vat = 5, version = 6, hasCustomer = 7
        /// Name, e-mail, street, postcode, city, country, VAT number.
        static let customer = 8...14
        static let country = 13
        static let paymentState = 15, paid = 16, unpaid = 17, creditOf = 18, editedAt = 19
    }
}
