/// One difference between what koppel booked and what the ledger holds: a line of the
/// accountant's report.
public struct Finding: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        /// Gross or net total differs by more than the tolerance.
        case amount
        /// VAT of one VAT code differs by more than the tolerance.
        case vat
        /// koppel registered the customer's payment, yet the ledger shows the booking not paid in
        /// full: something is open (or paid twice). Reported whatever the tolerance.
        case openBalance = "open_balance"
        /// Name, e-mail, address, country or VAT number differs.
        case customer
        /// The booking's date differs (it may have moved to another VAT period).
        case date
        /// Booked here, gone from the ledger.
        case missing
        /// Delivered to a ledger that confirms later (Asperion's day file, which the owner imports),
        /// and still not in it when the grace period after delivery is over: never imported, or
        /// removed after the import (the read-back cannot tell the two apart).
        case notImported = "not_imported"
        /// More than one ledger booking carries the order's reference.
        case duplicate
        /// A ledger booking with koppel's reference pattern that matches no order booked here.
        case orphan
        /// The shop changed the order after it was booked.
        case shopChanged = "shop_changed"
        /// An amount differs, by no more than the tolerance: a notice, listed so that no cent is
        /// hidden, but not an error of the order.
        case withinTolerance = "within_tolerance"
        /// Edited in the ledger since booking or since the last run; its figures may still match.
        case changed

        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public enum Value: Sendable, Equatable {
        case none
        case cents(Cents)
        case text(String)
    }

    /// The order number.
    public var reference: String
    /// The booking's date as koppel booked it, or as the ledger has it for orphans.
    public var date: String
    /// The ledger's id of the booking the finding is about ("" when there is none).
    public var ledgerID: String
    /// The store's id of the order, when koppel knows it.
    public var orderID: Int64?
    public var kind: Kind
    /// What differs: `gross`, `net`, `vat:<code>`, `name`, `email`, `street`, ..., `booking`.
    public var field: String
    public var shop: Value
    public var ledger: Value
    /// Ledger minus shop, for amounts.
    public var difference: Cents?
    /// What to do about it, for the accountant.
    public var hint: String

    public init(
        reference: String, date: String, ledgerID: String, orderID: Int64?, kind: Kind, field: String, shop: Value,
        ledger: Value, difference: Cents? = nil, hint: String
    ) {
        self.reference = reference
        self.date = date
        self.ledgerID = ledgerID
        self.orderID = orderID
        self.kind = kind
        self.field = field
        self.shop = shop
        self.ledger = ledger
        self.difference = difference
        self.hint = hint
    }

    /// Whether this is a mismatch (the order's booking is wrong) rather than a notice: an edit, or
    /// a difference within the tolerance.
    public var isMismatch: Bool { kind != .changed && kind != .withinTolerance }
}
