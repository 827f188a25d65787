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
    /// Changes whenever the booking is edited in the ledger.
    public var version: String

    public init(
        id: String, reference: String, date: String, gross: Cents, net: Cents, vatByCode: [String: Cents],
        customer: BookingCustomer?, version: String
    ) {
        self.id = id
        self.reference = reference
        self.date = date
        self.gross = gross
        self.net = net
        self.vatByCode = vatByCode
        self.customer = customer
        self.version = version
    }
}
