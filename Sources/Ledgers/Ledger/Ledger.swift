import KoppelCore

/// A ledger koppel books into. Each ledger (Moneybird, Factuursturen: invoices; Minox: journal
/// entries; Asperion: a daily XML file) implements it in a folder of its own under Ledgers/.
///
/// An adapter holds an HTTP client with one libcurl handle, so it belongs to one thread; the
/// state worth sharing between threads (the rate budget, tokens) lives outside it.
public protocol Ledger {
    /// The steps that book `booking` in this ledger, `create` first: the booking flow makes them
    /// one at a time, storing each intent before its call.
    func steps(for booking: PreparedBooking) -> [LedgerStep]

    /// The steps that credit a booking whole once its order is cancelled or refunded, `create`
    /// first, for a document with or without a payment registered on it (`CreditPlan`).
    func creditSteps(paymentRegistered: Bool) -> [LedgerStep]

    /// Creates the order's document. `idempotencyKey` is the same for every attempt at this
    /// booking, for ledgers that take one.
    func create(_ booking: PreparedBooking, idempotencyKey: String) throws(LedgerError) -> LedgerDocumentStatus

    /// Makes a later step (not `create`, not `credit`) on the document the ledger created.
    func perform(_ step: LedgerStep, on document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError)

    /// Makes the credit document for the whole booking, linked to it; returns its id.
    func credit(_ document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) -> String

    /// What the ledger holds for an order: the document with this id when koppel knows it,
    /// else the one made for `reference`; nil when there is none. With `includingCredit`, also
    /// its credit document. How a step whose answer was lost is settled without making it twice.
    func inspect(documentID: String?, reference: String, includingCredit: Bool) throws(LedgerError) -> LedgerDocumentStatus?

    /// What the ledger holds for an order when koppel does not know the document's id (a create
    /// whose answer was lost): `idempotencyKeys` are the keys of every create koppel made for the
    /// order, newest first. A ledger that keys documents by them looks them up directly; the
    /// others search by `reference` (the default).
    func inspect(idempotencyKeys: [String], reference: String, includingCredit: Bool) throws(LedgerError) -> LedgerDocumentStatus?

    /// The booking made for `reference` (the order number) as the reconciler compares it, or nil
    /// when the ledger has none.
    func findBooking(reference: String) throws(LedgerError) -> LedgerBooking?

    /// Every booking dated within `period`, read in bulk and handed over one at a time, so that
    /// memory stays flat however long the period (the reconciler's read-back). `each` must not
    /// use the ledger: the next page may be on its way meanwhile (`RequestAhead`).
    func bookings(in period: DatePeriod, _ each: (LedgerBooking) throws -> Void) throws

    /// The ledger's own lists the configuration maps onto: VAT codes, revenue accounts, ...
    func referenceData() throws(LedgerError) -> LedgerReferenceData

    /// One cheap request that fails `unauthorized` when the credentials no longer work: the
    /// reconciler's check before it reads.
    func checkAccess() throws(LedgerError)

    /// Requests sent to the ledger so far by this adapter.
    var requestCount: Int { get }

    /// What a person must still choose before anything is booked (Minox: the journal); nil when
    /// the connection is ready. Orders wait for it without spending attempts.
    var setupProblem: BookingProblem? { get }
}

extension Ledger {
    public var setupProblem: BookingProblem? { nil }

    /// Both variants of `creditSteps`, as the booking flow keeps them.
    public var creditPlan: CreditPlan {
        CreditPlan(unpaid: creditSteps(paymentRegistered: false), paid: creditSteps(paymentRegistered: true))
    }

    /// By default a look-up by a reference no order has (one request where the ledger finds by reference).
    public func checkAccess() throws(LedgerError) {
        _ = try findBooking(reference: "koppel-access-check")
    }

    public func inspect(idempotencyKeys: [String], reference: String, includingCredit: Bool) throws(LedgerError) -> LedgerDocumentStatus? {
        try inspect(documentID: nil, reference: reference, includingCredit: includingCredit)
    }
}

/// The document a later step acts on: its id and its total as the ledger computed it.
public struct LedgerDocumentReference: Sendable, Equatable {
    public var id: String
    public var gross: Cents?
    /// Its credit document, for the steps that act on that one.
    public var creditID: String?

    public init(id: String, gross: Cents?, creditID: String? = nil) {
        self.id = id
        self.gross = gross
        self.creditID = creditID
    }
}

/// A booking document made ready for one ledger: every line and VAT total carries the ledger's
/// VAT code and account, resolved from the connection's configuration.
public struct PreparedBooking: Sendable, Equatable {
    public var document: BookingDocument
    /// Whether the order is paid, so that the ledger registers the payment (Moneybird).
    public var isPaid: Bool
    /// A debtor to book on instead of the customer (payment method mapped to a fixed debtor).
    public var fixedDebtorID: String?
    /// The account for rounding differences, for lines a ledger adds to land on the shop's figures.
    public var roundingAccount: String?
    /// A cancelled order: the day it was cancelled (`YYYY-MM-DD`) when the shop says, for a credit
    /// document dated by it; nil when not known.
    public var cancelledOn: String?
    /// The shop's code of the payment method ("cod", "bank_transfer"), for ledgers that map it
    /// (Asperion's payment code); nil when not known.
    public var paymentMethod: String?

    public init(
        document: BookingDocument, isPaid: Bool, fixedDebtorID: String? = nil, roundingAccount: String? = nil, cancelledOn: String? = nil,
        paymentMethod: String? = nil
    ) {
        self.paymentMethod = paymentMethod
        self.cancelledOn = cancelledOn
        self.document = document
        self.isPaid = isPaid
        self.fixedDebtorID = fixedDebtorID
        self.roundingAccount = roundingAccount
    }
}

/// The ledger's lists that a connection's configuration refers to by id.
public struct LedgerReferenceData: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var name: String
        /// A VAT code's percentage ("21.0"), an account's number ("8000"), ...
        public var detail: String
        /// A VAT code for another member state's rate (OSS): its country, ISO 3166 alpha-2.
        public var country: String?

        public init(id: String, name: String, detail: String, country: String? = nil) {
            self.id = id
            self.name = name
            self.detail = detail
            self.country = country
        }
    }

    public var vatCodes: [Entry]
    public var revenueAccounts: [Entry]
    /// Moneybird: workflows and document styles; Minox: journals.
    public var extras: [String: [Entry]]

    public init(vatCodes: [Entry], revenueAccounts: [Entry], extras: [String: [Entry]] = [:]) {
        self.vatCodes = vatCodes
        self.revenueAccounts = revenueAccounts
        self.extras = extras
    }
}
