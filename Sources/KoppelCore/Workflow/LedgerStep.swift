/// One call that books part of an order into a ledger, in the order they are made. The first
/// creates the ledger's document; every later one acts on that document.
public enum LedgerStep: String, Sendable, Codable, CaseIterable, Comparable {
    case create
    /// Moneybird: the invoice leaves draft (delivered by hand or by e-mail) and gets its number.
    case send
    /// The ledger records that the customer paid the document's total.
    case registerPayment = "register_payment"
    /// The order was cancelled or refunded after booking: a credit document for the whole
    /// booking, linked to it (Moneybird: a credit invoice).
    case credit
    /// The credit document leaves draft.
    case sendCredit = "send_credit"
    /// An unpaid document and its credit settle each other: nothing stays open on either.
    case settleCredit = "settle_credit"

    public static func < (lhs: LedgerStep, rhs: LedgerStep) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a ledger holds for one order, as it answered a create or a look-up.
public struct LedgerDocumentStatus: Sendable, Equatable {
    public var id: String
    /// The steps the ledger shows as done; `create` always.
    public var done: Set<LedgerStep>
    /// The document's total as the ledger computed it: what a payment must cover.
    public var gross: Cents?
    /// The e-mail addresses of the document's customer, lower-case, as far as the ledger shows them.
    public var customerEmails: Set<String>
    /// The credit document made for it, when there is one (then `done` holds `credit`).
    public var creditID: String?

    public init(
        id: String, done: Set<LedgerStep> = [.create], gross: Cents? = nil, customerEmails: Set<String> = [], creditID: String? = nil
    ) {
        self.id = id
        self.done = done.union([.create])
        self.gross = gross
        self.customerEmails = customerEmails
        self.creditID = creditID
    }
}

/// What koppel asked the ledger to create, kept with the intent: how a document found by the
/// order's reference is told from one koppel did not make (by hand, by another program).
public struct IntendedDocument: Sendable, Equatable, Codable {
    public var gross: Cents
    /// The customer's e-mail, lower-case; nil when the booking goes on a fixed debtor.
    public var customerEmail: String?

    public init(gross: Cents, customerEmail: String?) {
        self.gross = gross
        self.customerEmail = customerEmail.map { $0.lowercased() }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether `found` is this booking: its total within a cent (the ledger computes VAT itself
    /// and may land a cent off what koppel sent), its customer the same where both are known.
    public func isMade(as found: LedgerDocumentStatus) -> Bool {
        if let gross = found.gross, (gross - self.gross).magnitude > Cents(1) { return false }
        if let email = customerEmail, !found.customerEmails.isEmpty, !found.customerEmails.contains(email) { return false }
        return true
    }
}

/// What koppel knows of an order's document in the ledger, kept in every state, errors included:
/// the one thing that must never be forgotten, or the next attempt books the order twice.
public struct LedgerTrail: Sendable, Equatable, Codable {
    /// The ledger's id of the document, once the ledger confirmed it.
    public var documentID: String?
    /// The document's total as the ledger computed it.
    public var documentGross: Cents?
    /// Steps the ledger confirmed, in step order; `create` whenever `documentID` is known.
    public var done: [LedgerStep]
    /// A step whose call may have reached the ledger without koppel hearing the answer (a crash,
    /// a timeout, a dropped connection, a 5xx). Before anything else the ledger is asked.
    public var inDoubt: LedgerStep?
    /// Counts bookings started afresh after the ledger lost the document: part of the
    /// idempotency key, so a booking made anew is not taken for the lost one.
    public var generation: Int
    /// What the create in doubt (or done) asked for.
    public var intended: IntendedDocument?
    /// The credit document, once the ledger confirmed it.
    public var creditID: String?

    public init(
        documentID: String? = nil, documentGross: Cents? = nil, done: [LedgerStep] = [], inDoubt: LedgerStep? = nil,
        generation: Int = 1, intended: IntendedDocument? = nil
    ) {
        self.intended = intended
        self.documentID = documentID
        self.documentGross = documentGross
        self.done = done
        self.inDoubt = inDoubt
        self.generation = generation
    }

    /// Whether the ledger holds, or may hold, a document for the order.
    public var mayExist: Bool { documentID != nil || inDoubt != nil }

    public func isDone(_ step: LedgerStep) -> Bool { done.contains(step) }

    mutating func markDone(_ steps: Set<LedgerStep>) {
        done = Set(done).union(steps).sorted()
    }
}
