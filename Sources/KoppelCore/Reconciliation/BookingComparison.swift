/// Compares what koppel booked for one order number with what the ledger holds under it.
/// Pure: the reconciler reads both sides and hands them over one reference at a time.
public struct BookingComparison: Sendable {
    /// A difference larger than this is a mismatch; one up to it is still reported, as a notice
    /// (`withinTolerance`). None by default: a booking made correctly matches to the cent.
    public var tolerance: Cents
    /// Ledger clocks and ours differ a little: a version this many seconds after booking is
    /// still the booking's own (send and payment registration happen while booking).
    public var clockSlack: Int64
    /// Set for a ledger that confirms later: a booking absent from it is waited for within the
    /// grace period and `notImported` after it, never `missing`.
    public var deferredConfirmation: DeferredConfirmation?

    public init(tolerance: Cents = .zero, clockSlack: Int64 = 300, deferredConfirmation: DeferredConfirmation? = nil) {
        self.tolerance = tolerance
        self.clockSlack = clockSlack
        self.deferredConfirmation = deferredConfirmation
    }

    /// Whether the ledger has yet to confirm `booked`: it holds nothing under the reference, and
    /// the booking was delivered within the grace period of a ledger that confirms later.
    public func awaitsConfirmation(_ booked: BookedOrder, found: [LedgerBooking]) -> Bool {
        guard let deferred = deferredConfirmation else { return false }
        let held = found.contains { $0.creditOf == nil || $0.creditOf != booked.ledgerID }
        return !held && deferred.isWaiting(deliveredAt: booked.bookedAt)
    }

    /// Everything that differs for one order number.
    ///
    /// - Parameters:
    ///   - booked: what koppel booked, nil when no order with this number is booked here.
    ///   - found: the ledger's bookings carrying the reference.
    ///   - orderState: for a reference booked nowhere here: the state koppel has the order in, if
    ///     it knows the order at all.
    public func findings(
        reference: String, booked: BookedOrder?, found: [LedgerBooking], orderState: String? = nil
    ) -> [Finding] {
        guard let booked else {
            return found.map { orphan($0, orderState: orderState) }
        }
        // A credit of the booking (an order cancelled after booking) is part of it, not a duplicate.
        let found = found.filter { $0.creditOf == nil || $0.creditOf != booked.ledgerID }
        // A ledger that confirms later names its document only when it takes it in: koppel keeps the
        // delivery's id (Asperion: "2026-12-03/K7Q-1001"), so the first booking under the reference is its own.
        let ownIndex = found.firstIndex { $0.id == booked.ledgerID } ?? (deferredConfirmation == nil ? nil : found.indices.first)
        guard let primary = ownIndex.map({ found[$0] }) ?? found.first else {
            guard let deferred = deferredConfirmation else { return [missing(booked)] + shopChanges(booked) }
            if deferred.isWaiting(deliveredAt: booked.bookedAt) { return shopChanges(booked) }
            return [notImported(booked, deferred)] + shopChanges(booked)
        }
        var findings: [Finding] = []
        if ownIndex == nil {
            findings.append(finding(
                booked, primary, .missing, "booking", shop: .text(booked.ledgerID), ledger: .text(primary.id),
                hint: "de geboekte boeking \(booked.ledgerID) is verwijderd; \(primary.id) draagt nu het bestelnummer"))
        }
        for extra in found where extra.id != primary.id {
            findings.append(finding(
                booked, extra, .duplicate, "booking", shop: .text(booked.ledgerID), ledger: .cents(extra.gross),
                hint: "bestelling \(reference) staat meer dan eens in de boekhouding; verwijder de dubbele boeking \(extra.id)"))
        }
        findings += compare(booked, with: primary)
        findings += shopChanges(booked)
        if let edit = edited(booked, primary) { findings.append(edit) }
        return findings
    }

    /// Totals, VAT per code, payment, date and customer of one booking.
    func compare(_ booked: BookedOrder, with ledger: LedgerBooking) -> [Finding] {
        var findings: [Finding] = []
        let figures = booked.figures
        if figures.date != ledger.date {
            findings.append(finding(
                booked, ledger, .date, "date", shop: .text(figures.date), ledger: .text(ledger.date),
                hint: "de boekingsdatum is gewijzigd; controleer de btw-periode"))
        }
        for (field, shop, held) in [("gross", figures.gross, ledger.gross), ("net", figures.net, ledger.net)] {
            if let difference = amountDifference(shop, held, mismatch: .amount) {
                findings.append(finding(
                    booked, ledger, difference.kind, field, shop: .cents(shop), ledger: .cents(held), difference: difference.amount,
                    hint: Self.hint(difference.kind, "het bedrag in de boekhouding wijkt af van de bestelling")))
            }
        }
        // Most bookings match exactly: only a difference is worth sorting codes for.
        let codes = figures.vatByCode == ledger.vatByCode ? [] : Set(figures.vatByCode.keys).union(ledger.vatByCode.keys).sorted()
        for code in codes {
            let shop = figures.vatByCode[code] ?? .zero
            let held = ledger.vatByCode[code] ?? .zero
            if let difference = amountDifference(shop, held, mismatch: .vat) {
                findings.append(finding(
                    booked, ledger, difference.kind, "vat:\(code)", shop: .cents(shop), ledger: .cents(held),
                    difference: difference.amount,
                    hint: Self.hint(
                        difference.kind,
                        figures.vatByCode[code] == nil
                            ? "de boekhouding gebruikt een btw-tarief dat de bestelling niet heeft"
                            : "de btw van dit tarief wijkt af van de bestelling")))
            }
        }
        if let open = openBalance(booked, ledger) { findings.append(open) }
        if let expected = figures.customer {
            findings += compareCustomer(expected, ledger.customer.map(CustomerFields.init), booked, ledger)
        }
        return findings
    }

    private func compareCustomer(
        _ expected: CustomerFields, _ held: CustomerFields?, _ booked: BookedOrder, _ ledger: LedgerBooking
    ) -> [Finding] {
        guard let held else {
            return [finding(
                booked, ledger, .customer, "contact", shop: .text(expected.name), ledger: .none,
                hint: "de boeking heeft geen klant")]
        }
        guard expected != held else { return [] }
        // An order without an address (OpenCart 4.0.2 keeps none by default) books on the
        // customer's known contact: an address the order does not have is nothing to differ from.
        let addressFields: Set<String> = ["street", "postcode", "city"]
        let orderHasAddress = expected.named.contains { addressFields.contains($0.field) && !$0.value.isEmpty }
        return zip(expected.named, held.named).compactMap { shop, inLedger in
            guard orderHasAddress || !addressFields.contains(shop.field) else { return nil }
            guard shop.value != inLedger.value, CustomerFields.normalised(shop.value, field: shop.field)
                != CustomerFields.normalised(inLedger.value, field: shop.field)
            else { return nil }
            return finding(
                booked, ledger, .customer, shop.field, shop: .text(shop.value), ledger: .text(inLedger.value),
                hint: "de klant in de boekhouding wijkt af van de bestelling (koppel wijzigt bestaande klanten nooit)")
        }
    }

    /// A booking whose payment koppel registered, which the ledger does not show paid in full:
    /// an amount open (or paid twice) is reported whatever the tolerance.
    private func openBalance(_ booked: BookedOrder, _ ledger: LedgerBooking) -> Finding? {
        guard booked.paymentRegistered, let payment = ledger.payment, !payment.isSettled else { return nil }
        guard !payment.unpaid.isZero else {
            return finding(
                booked, ledger, .openBalance, "state", shop: .text("betaald"), ledger: .text(payment.state),
                hint: "koppel registreerde de betaling, maar de boeking staat in de boekhouding niet als betaald")
        }
        return finding(
            booked, ledger, .openBalance, "unpaid", shop: .cents(.zero), ledger: .cents(payment.unpaid), difference: payment.unpaid,
            hint: payment.unpaid > .zero
                ? "koppel registreerde de betaling, maar in de boekhouding staat nog een bedrag open (\(payment.state)); "
                    + "controleer de betaling en de boeking"
                : "in de boekhouding is meer betaald dan het totaal van de boeking (\(payment.state)); controleer de betalingen")
    }

    /// The order's total changed in the shop after it was booked.
    private func shopChanges(_ booked: BookedOrder) -> [Finding] {
        guard let now = booked.shopTotalNow,
            let difference = amountDifference(now, booked.figures.gross, mismatch: .shopChanged)
        else { return [] }
        return [Finding(
            reference: booked.reference, date: booked.figures.date, ledgerID: booked.ledgerID, orderID: booked.orderID,
            kind: difference.kind, field: "gross", shop: .cents(now), ledger: .cents(booked.figures.gross),
            difference: difference.amount,
            hint: Self.hint(
                difference.kind,
                "de bestelling is na het boeken gewijzigd in de webwinkel; corrigeer de boeking of maak een creditfactuur"))]
    }

    /// A notice when the ledger's version moved on since the last run, or (before any run) since
    /// the booking was made (where the ledger tells when it was edited: `editedAt`). A version is
    /// never read as a time: a hash of digits only would look like one.
    private func edited(_ booked: BookedOrder, _ ledger: LedgerBooking) -> Finding? {
        let isEdited: Bool
        if let seen = booked.ledgerVersionSeen {
            isEdited = seen != ledger.version
        } else if let editedAt = ledger.editedAt {
            isEdited = editedAt > booked.bookedAt + clockSlack
        } else {
            isEdited = false
        }
        guard isEdited else { return nil }
        return finding(
            booked, ledger, .changed, "version", shop: .text(booked.ledgerVersionSeen ?? "\(booked.bookedAt)"),
            ledger: .text(ledger.version), hint: "de boeking is in de boekhouding bewerkt na het boeken")
    }

    private func missing(_ booked: BookedOrder) -> Finding {
        Finding(
            reference: booked.reference, date: booked.figures.date, ledgerID: booked.ledgerID, orderID: booked.orderID,
            kind: .missing, field: "booking", shop: .cents(booked.figures.gross), ledger: .none,
            difference: -booked.figures.gross,
            hint: "de boeking is verwijderd uit de boekhouding; boek de bestelling opnieuw (koppel reprocess)")
    }

    private func notImported(_ booked: BookedOrder, _ deferred: DeferredConfirmation) -> Finding {
        let days = deferred.grace / 86_400
        let waited = days >= 1 ? "\(days) dag\(days == 1 ? "" : "en")" : "\(deferred.grace / 3600) uur"
        return Finding(
            reference: booked.reference, date: booked.figures.date, ledgerID: booked.ledgerID, orderID: booked.orderID,
            kind: .notImported, field: "booking", shop: .cents(booked.figures.gross), ledger: .none,
            difference: -booked.figures.gross,
            hint: "afgeleverd op \(DeferredConfirmation.day(booked.bookedAt)), na \(waited) nog niet in de boekhouding: "
                + "importeer het bestand van die dag (of is de boeking na de import verwijderd?)")
    }

    private func orphan(_ ledger: LedgerBooking, orderState: String?) -> Finding {
        let hint = orderState.map { "koppel kent bestelling \(ledger.reference) maar heeft die niet geboekt (\($0)); boeken zou een dubbele boeking maken" }
            ?? "geen bestelling met dit nummer is door koppel geboekt; handmatig geboekt of uit een andere webwinkel?"
        return Finding(
            reference: ledger.reference, date: ledger.date, ledgerID: ledger.id, orderID: nil, kind: .orphan,
            field: "booking", shop: .none, ledger: .cents(ledger.gross), difference: ledger.gross, hint: hint)
    }

    private func finding(
        _ booked: BookedOrder, _ ledger: LedgerBooking, _ kind: Finding.Kind, _ field: String, shop: Finding.Value,
        ledger value: Finding.Value, difference: Cents? = nil, hint: String
    ) -> Finding {
        Finding(
            reference: booked.reference, date: booked.figures.date, ledgerID: ledger.id, orderID: booked.orderID,
            kind: kind, field: field, shop: shop, ledger: value, difference: difference, hint: hint)
    }

    /// Ledger minus shop when they differ at all, with the kind of finding that is: `mismatch`
    /// beyond the tolerance, a notice within it. No cent goes unreported.
    private func amountDifference(
        _ shop: Cents, _ ledger: Cents, mismatch: Finding.Kind
    ) -> (kind: Finding.Kind, amount: Cents)? {
        let difference = ledger - shop
        guard !difference.isZero else { return nil }
        return (difference.magnitude > tolerance ? mismatch : .withinTolerance, difference)
    }

    /// A difference within the tolerance says so first.
    private static func hint(_ kind: Finding.Kind, _ text: String) -> String {
        kind == .withinTolerance ? "binnen de tolerantie: " + text : text
    }
}
