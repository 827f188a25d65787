/// What koppel booked for one order, kept beside the order when the ledger accepted it, so that
/// the reconciler compares the ledger with it without rebuilding the booking document.
public struct BookedFigures: Sendable, Equatable {
    /// The order number: the booking's reference in the ledger.
    public var reference: String
    /// The booking's date, `YYYY-MM-DD`.
    public var date: String
    /// What the customer paid, VAT included: the order's paid total.
    public var gross: Cents
    /// Gross minus all VAT: what a ledger shows as the total excluding VAT (vouchers and store
    /// credit redeemed are lines outside VAT, so they count here too).
    public var net: Cents
    /// VAT per ledger VAT code, as the shop charged it (the order's tax rows).
    public var vatByCode: [String: Cents]
    /// The customer as booked; nil when the order went onto a fixed debtor, whose data is not
    /// the customer's.
    public var customer: CustomerFields?

    public init(
        reference: String, date: String, gross: Cents, net: Cents, vatByCode: [String: Cents], customer: CustomerFields?
    ) {
        self.reference = reference
        self.date = date
        self.gross = gross
        self.net = net
        self.vatByCode = vatByCode
        self.customer = customer
    }

    /// The figures of a booking document as its ledger received it.
    public init(document: BookingDocument, onFixedDebtor: Bool) {
        var vat: [String: Cents] = [:]
        for total in document.vatTotals {
            vat[total.ledgerVATCode ?? total.rate.label, default: .zero] += total.vat
        }
        let allVAT = document.vatTotals.map(\.vat).sum()
        self.init(
            reference: document.reference, date: document.orderDate, gross: document.grossTotal,
            net: document.grossTotal - allVAT, vatByCode: vat,
            customer: onFixedDebtor && !document.isICP ? nil : CustomerFields(document.customer))
    }
}

/// A booked order as the reconciler sees it: the figures booked, the ledger's id, and what has
/// happened since.
public struct BookedOrder: Sendable, Equatable {
    /// The store's row id of the order.
    public var orderID: Int64
    public var ledgerID: String
    public var figures: BookedFigures
    /// When the ledger held the booking (Unix seconds).
    public var bookedAt: Int64
    /// The ledger's version of the booking when it was last reconciled; nil before the first run.
    public var ledgerVersionSeen: String?
    /// The order's paid total now, when the shop pushed a newer version after it was booked.
    public var shopTotalNow: Cents?
    /// Whether koppel registered the customer's payment on the booking (the ledger confirmed the
    /// booking's payment step): the ledger must then show it paid in full.
    public var paymentRegistered: Bool
    /// The mismatch the order shows from the last reconcile (with its errors); nil when none.
    public var ledgerMismatch: String?

    public init(
        orderID: Int64, ledgerID: String, figures: BookedFigures, bookedAt: Int64, ledgerVersionSeen: String? = nil,
        shopTotalNow: Cents? = nil, paymentRegistered: Bool = false, ledgerMismatch: String? = nil
    ) {
        self.orderID = orderID
        self.ledgerID = ledgerID
        self.figures = figures
        self.bookedAt = bookedAt
        self.ledgerVersionSeen = ledgerVersionSeen
        self.shopTotalNow = shopTotalNow
        self.paymentRegistered = paymentRegistered
        self.ledgerMismatch = ledgerMismatch
    }

    public var reference: String { figures.reference }
}
