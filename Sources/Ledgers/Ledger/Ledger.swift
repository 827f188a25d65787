import KoppelCore

/// A ledger koppel books into. Each ledger (Moneybird, Factuursturen: invoices; Minox: journal
/// entries; Asperion: a daily XML file) implements it in a folder of its own under Ledgers/.
///
/// An adapter holds an HTTP client with one libcurl handle, so it belongs to one thread; the
/// state worth sharing between threads (the rate budget, tokens) lives outside it.
public protocol Ledger {
    /// Books one order. Returns the ledger's id for the booking once the ledger holds it.
    /// The caller stored its intent before, and looks the reference up after an uncertain failure.
    func book(_ booking: PreparedBooking) throws(LedgerError) -> String

    /// The booking made for `reference` (the order number), or nil when the ledger has none:
    /// how an attempt whose answer was lost is settled without booking twice.
    func findBooking(reference: String) throws(LedgerError) -> LedgerBooking?

    /// Every booking dated within `period`, read in bulk and handed over one at a time, so that
    /// memory stays flat however long the period (the reconciler's read-back).
    func bookings(in period: DatePeriod, _ each: (LedgerBooking) throws -> Void) throws

    /// The ledger's own lists the configuration maps onto: VAT codes, revenue accounts, ...
    func referenceData() throws(LedgerError) -> LedgerReferenceData

    /// Requests sent to the ledger so far by this adapter.
    var requestCount: Int { get }
}

/// A booking document made ready for one ledger: every line and VAT total carries the ledger's
/// VAT code and account, resolved from the connection's configuration.
public struct PreparedBooking: Sendable, Equatable {
    public var document: BookingDocument
    /// Whether the order is paid, so that the ledger registers the payment (Moneybird).
    public var isPaid: Bool
    /// A debtor to book on instead of the customer (payment method mapped to a fixed debtor).
    public var fixedDebtorID: String?

    public init(document: BookingDocument, isPaid: Bool, fixedDebtorID: String? = nil) {
        self.document = document
        self.isPaid = isPaid
        self.fixedDebtorID = fixedDebtorID
    }
}

/// The ledger's lists that a connection's configuration refers to by id.
public struct LedgerReferenceData: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var id: String
        public var name: String
        /// A VAT code's percentage ("21.0"), an account's number ("8000"), ...
        public var detail: String

        public init(id: String, name: String, detail: String) {
            self.id = id
            self.name = name
            self.detail = detail
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
