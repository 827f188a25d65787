import Foundation

/// Which order statuses koppel books. A store's status ids are its own and only id 1 "Order Pending" is
/// documented [SPEC `/orderstatuses` example]; the client names every status from `/orderstatuses`, so the
/// default policy goes by name. The manuals book "Betaald", "Verzonden", "Betaald en verzonden" and
/// "Afgehaald" (manual 001 Mijnwebwinkel → Minox, "Werking"; manual 004 Mijnwebwinkel → Factuursturen,
/// "Werking") and allow other statuses by choice; the English names are the same statuses in a store whose
/// language is English [Guess: the English wording is not documented].
///
/// The sandbox seeds 1 In afwachting, 2 Betaald, 3 Verzonden, 4 Afgehaald, 5 Geannuleerd, 6 Gecrediteerd
/// (`credit_order: true`) [Inferred ids, apis-ledgers-shops.md §5]: by name, 2, 3 and 4 are booked, 5 is
/// cancelled, 6 is a credit status.
public struct MijnwebwinkelStatusPolicy: Sendable, Equatable, Codable {
    public static let defaultBookedNames: Set<String> = [
        "betaald", "verzonden", "betaald en verzonden", "afgehaald",
        "paid", "shipped", "paid and shipped", "picked up",
    ]
    /// [Guess: the name of the cancelled status is not documented; the sandbox uses "Geannuleerd".]
    public static let defaultCancelledNames: Set<String> = ["geannuleerd", "cancelled", "canceled"]

    /// Status names (compared lower case, trimmed) that are booked.
    public var bookedNames: Set<String>
    /// Status ids that are booked whatever their name: the owner's own choice of statuses.
    public var bookedIDs: Set<Int>
    public var cancelledNames: Set<String>
    public var cancelledIDs: Set<Int>

    public init(
        bookedNames: Set<String> = Self.defaultBookedNames, bookedIDs: Set<Int> = [],
        cancelledNames: Set<String> = Self.defaultCancelledNames, cancelledIDs: Set<Int> = []
    ) {
        self.bookedNames = Set(bookedNames.map(Self.key))
        self.bookedIDs = bookedIDs
        self.cancelledNames = Set(cancelledNames.map(Self.key))
        self.cancelledIDs = cancelledIDs
    }

    public enum Decision: Equatable, Sendable {
        /// Book it as a sale.
        case book
        /// A credit order (or one in a credit status): book it as a credit note [SPEC, §1.3; CHG 1.0.7].
        case bookAsCredit
        /// Cancelled: book nothing; a booking already made for it is to be credited.
        case cancelled
        /// Not (yet) in a status that is booked.
        case wait
    }

    public func decision(for order: MijnwebwinkelOrder) -> Decision {
        let status = order.status
        let name = status.name.map(Self.key)
        if cancelledIDs.contains(status.id) || name.map(cancelledNames.contains) == true { return .cancelled }
        if order.isCreditOrder || status.isCreditStatus { return .bookAsCredit }
        if bookedIDs.contains(status.id) || name.map(bookedNames.contains) == true { return .book }
        return .wait
    }

    static func key(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
