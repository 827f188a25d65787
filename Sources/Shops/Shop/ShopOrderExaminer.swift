import KoppelCore

/// koppel's rules for one connection that the shop's examiner applies; the statuses as text, as
/// the store keeps them.
public struct ShopBookingRules: Sendable {
    /// The statuses whose orders are booked.
    public var bookedStatuses: Set<String>
    /// The statuses that mean cancelled or refunded: a booking that exists is credited.
    public var cancelStatuses: Set<String>
    public var vatMapping: VATMapping?
    public var roundingTolerance: Cents
    /// Payment method code → the ledger debtor its orders are booked on (never for ICP orders).
    public var fixedDebtors: [String: String]
    /// How the connection's bookings are referenced in the ledger.
    public var reference: BookingReference
    public var administrationCurrency: String

    public init(
        bookedStatuses: Set<String>, cancelStatuses: Set<String> = [], vatMapping: VATMapping? = nil,
        roundingTolerance: Cents = Cents(1), fixedDebtors: [String: String] = [:], reference: BookingReference,
        administrationCurrency: String = "EUR"
    ) {
        self.bookedStatuses = bookedStatuses
        self.cancelStatuses = cancelStatuses
        self.vatMapping = vatMapping
        self.roundingTolerance = roundingTolerance
        self.fixedDebtors = fixedDebtors
        self.reference = reference
        self.administrationCurrency = administrationCurrency
    }
}

/// What one stored order version says for booking: the status facts, and when it is to be booked
/// or credited the document with its reference, VAT resolved, and what stands in the way.
public struct ShopOrderExamination: Sendable {
    public var statusIsBooked: Bool
    /// The status as the shop names it, for "status X is not booked".
    public var statusName: String
    /// Cancelled or refunded: a booking that exists is credited.
    public var cancelled: Bool
    /// Whether the shop says the order is paid, so that the ledger registers the payment.
    public var paid: Bool
    /// The document to book (its reference set, VAT codes resolved); nil when nothing is booked.
    public var document: BookingDocument?
    /// Blocking problems of the prechecks; none for an order that is only credited.
    public var problems: [BookingProblem]
    /// The ledger debtor the order goes on instead of its customer.
    public var fixedDebtorID: String?
    /// The account for rounding differences, when the mapping names one.
    public var roundingAccount: String?
    /// The day the order was cancelled (YYYY-MM-DD), when the shop tells: a credit's date.
    public var cancelledOn: String?
    /// The shop's code of the order's payment method (OpenCart's `payment_code`, Mijnwebwinkel's
    /// `gateway.method`), for ledgers that map it (Asperion's payment codes).
    public var paymentMethod: String?

    public init(
        statusIsBooked: Bool, statusName: String, cancelled: Bool = false, paid: Bool = false, document: BookingDocument? = nil,
        problems: [BookingProblem] = [], fixedDebtorID: String? = nil, roundingAccount: String? = nil,
        cancelledOn: String? = nil, paymentMethod: String? = nil
    ) {
        self.paymentMethod = paymentMethod
        self.statusIsBooked = statusIsBooked
        self.statusName = statusName
        self.cancelled = cancelled
        self.paid = paid
        self.document = document
        self.problems = problems
        self.fixedDebtorID = fixedDebtorID
        self.roundingAccount = roundingAccount
        self.cancelledOn = cancelledOn
    }

    /// A stored order koppel cannot read: held as an error, never guessed at.
    public static func unreadable(hint: String) -> ShopOrderExamination {
        ShopOrderExamination(
            statusIsBooked: true, statusName: "?",
            problems: [BookingProblem(.invalidAmount, "the stored order could not be read", hint: hint)])
    }
}

/// Turns one stored order version (its canonical JSON, as the store keeps it) into what booking
/// needs. One per connection and run, made by the shop's provider.
public protocol ShopOrderExaminer: Sendable {
    func examine(payload: String) -> ShopOrderExamination
}
