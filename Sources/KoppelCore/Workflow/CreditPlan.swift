/// The steps a ledger needs to credit a booking whole once its order is cancelled or refunded,
/// `create` first: the ledger's own, declared by its adapter and carried into the flow with the
/// examination, so that the flow stays the same for every ledger.
public struct CreditPlan: Sendable, Equatable, Codable {
    /// While no payment is registered on the document.
    public var unpaid: [LedgerStep]
    /// Once a payment is registered on it (the refund is then booked apart).
    public var paid: [LedgerStep]

    public init(unpaid: [LedgerStep], paid: [LedgerStep]) {
        self.unpaid = unpaid
        self.paid = paid
    }

    /// A credit invoice (Moneybird): the invoice is sent first (a draft is sent, so that invoice
    /// and credit both stand in the books), its credit made and sent, and an invoice nobody paid
    /// settled against its credit. A paid one keeps its credit open until the refund is booked.
    /// What every stored state written before ledgers declared their own plan was made under.
    public static let creditInvoice = CreditPlan(
        unpaid: [.create, .send, .credit, .sendCredit, .settleCredit], paid: [.create, .send, .credit, .sendCredit])

    /// A reversing entry (Minox): one posted entry that undoes the booking; nothing to send or settle.
    public static let reversingEntry = CreditPlan(unpaid: [.create, .credit], paid: [.create, .credit])

    public func steps(paymentRegistered: Bool) -> [LedgerStep] {
        paymentRegistered ? paid : unpaid
    }
}
