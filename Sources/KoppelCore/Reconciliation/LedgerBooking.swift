/// A booking as the ledger holds it, read back: what reconciliation compares with the order.
public struct LedgerBooking: Sendable, Equatable {
    public var id: String
    public var reference: String
    public var date: String
    public var gross: Cents
    public var net: Cents
    /// VAT per rate as the ledger computed it, keyed by the ledger's VAT code.
    public var vatByCode: [String: Cents]
    public var customer: BookingCustomer?
    /// Changes whenever the booking is edited in the ledger; opaque, compared for equality only.
    public var version: String
    /// When the booking was last edited, in Unix seconds, where the ledger tells (Moneybird's
    /// `version` is its `updated_at`); nil for ledgers whose version is no time (Minox: a hash).
    public var editedAt: Int64?
    /// How far the booking is paid, as the ledger says; nil when the ledger does not tell.
    public var payment: LedgerPayment?
    /// Set on a credit document: the id of the booking it credits (which carries the same reference).
    public var creditOf: String?

    public init(
        id: String, reference: String, date: String, gross: Cents, net: Cents, vatByCode: [String: Cents],
        customer: BookingCustomer?, version: String, editedAt: Int64? = nil, payment: LedgerPayment? = nil,
        creditOf: String? = nil
    ) {
        self.editedAt = editedAt
        self.creditOf = creditOf
        self.id = id
        self.reference = reference
        self.date = date
        self.gross = gross
        self.net = net
        self.vatByCode = vatByCode
        self.customer = customer
        self.version = version
        self.payment = payment
    }
}

/// A booking's payment as the ledger holds it.
public struct LedgerPayment: Sendable, Equatable {
    /// The ledger's own word for the booking's state (Moneybird: draft, open, late, paid, ...).
    public var state: String
    /// Whether that state means paid in full.
    public var isPaid: Bool
    /// What the ledger still expects the customer to pay; negative when more was paid.
    public var unpaid: Cents

    public init(state: String, isPaid: Bool, unpaid: Cents) {
        self.state = state
        self.isPaid = isPaid
        self.unpaid = unpaid
    }

    /// Whether nothing is open: paid in full, and not a cent more or less.
    public var isSettled: Bool { isPaid && unpaid == .zero }
}
