/// One order as any ledger books it: an invoice for Moneybird and Factuursturen, a journal entry
/// for Minox (one debit of `grossTotal`, a credit per line, VAT per code), an XML invoice for
/// Asperion. Shop adapters build it; ledger adapters only translate it.
///
/// Every figure is in whole cents of `currency` and the document adds up exactly:
/// `Σ line net + Σ line VAT + Σ payments == grossTotal` (a rounding line, if any, is one of the
/// lines), `Σ line VAT == Σ vatTotals.vat`, and per rate `Σ line net == vatTotal.netBase`.
public struct BookingDocument: Equatable, Sendable, Codable {
    /// The shop's order number as text; goes into the booking's description/reference.
    public var reference: String
    /// The order date, `YYYY-MM-DD`, in the shop's own time zone.
    public var orderDate: String
    /// ISO 4217 code of every amount in the document.
    public var currency: String
    public var customer: BookingCustomer
    public var lines: [BookingLine]
    /// VAT per rate: the authoritative figures (what the shop charged).
    public var vatTotals: [VATTotal]
    /// Payments made inside the shop after tax: gift vouchers redeemed, store credit. Negative,
    /// as in the order: they lower what the customer still pays.
    public var payments: [BookingPayment]
    /// What the customer paid: total including VAT, after vouchers and store credit.
    public var grossTotal: Cents
    /// Intra-EU supply to a business (0 %, reverse charge): needs a valid VAT number.
    public var isICP: Bool
    /// Sale outside the EU (0 %).
    public var isExport: Bool
    /// Set when the customer saw another currency than the one the amounts are in.
    public var foreignCurrency: ForeignCurrency?

    public init(
        reference: String, orderDate: String, currency: String, customer: BookingCustomer, lines: [BookingLine],
        vatTotals: [VATTotal], payments: [BookingPayment], grossTotal: Cents, isICP: Bool = false,
        isExport: Bool = false, foreignCurrency: ForeignCurrency? = nil
    ) {
        self.reference = reference
        self.orderDate = orderDate
        self.currency = currency
        self.customer = customer
        self.lines = lines
        self.vatTotals = vatTotals
        self.payments = payments
        self.grossTotal = grossTotal
        self.isICP = isICP
        self.isExport = isExport
        self.foreignCurrency = foreignCurrency
    }

    /// Σ net of all lines, rounding line included.
    public var netTotal: Cents { lines.map(\.net).sum() }
    /// Σ VAT of all lines.
    public var vatTotal: Cents { lines.map(\.vat).sum() }
    /// Σ payments (negative or zero).
    public var paymentTotal: Cents { payments.map(\.amount).sum() }
    /// The rounding line's amount, zero when there is none.
    public var rounding: Cents { lines.filter { $0.kind == .rounding }.map(\.net).sum() }
}

/// The currency the customer paid in when it differs from the document's.
public struct ForeignCurrency: Equatable, Sendable, Codable {
    public var code: String
    /// The shop's frozen factor from the document currency to `code`, as text ("0.78065260").
    public var factor: String
    /// What the customer paid in `code`.
    public var paid: Cents

    public init(code: String, factor: String, paid: Cents) {
        self.code = code
        self.factor = factor
        self.paid = paid
    }
}

public struct BookingCustomer: Equatable, Sendable, Codable {
    /// Company, or first and last name: the ledger contact's name.
    public var displayName: String
    public var firstName: String
    public var lastName: String
    public var company: String?
    public var email: String
    public var phone: String?
    /// Street and house number, as one line.
    public var street: String
    public var postcode: String
    public var city: String
    /// ISO 3166 alpha-2, NL when the shop gave none.
    public var countryCode: String
    /// Normalised (upper case, no spaces or dots), with its country prefix; nil when absent.
    public var vatNumber: String?

    public init(
        firstName: String, lastName: String, company: String? = nil, email: String, phone: String? = nil,
        street: String = "", postcode: String = "", city: String = "", countryCode: String = "NL",
        vatNumber: String? = nil
    ) {
        let person = [firstName, lastName].filter { !$0.isEmpty }.joined(separator: " ")
        let company = company.flatMap { $0.isEmpty ? nil : $0 }
        self.displayName = company ?? person
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.email = email
        self.phone = phone.flatMap { $0.isEmpty ? nil : $0 }
        self.street = street
        self.postcode = postcode
        self.city = city
        self.countryCode = countryCode.isEmpty ? "NL" : countryCode.uppercased()
        self.vatNumber = vatNumber.flatMap { $0.isEmpty ? nil : $0 }
    }
}

public struct BookingLine: Equatable, Sendable, Codable {
    public var description: String
    public var quantity: Int64
    /// Net amount of the whole line (not per unit), negative for discounts.
    public var net: Cents
    public var rate: VATRate
    /// VAT of the whole line; the lines of one rate add up to that rate's `VATTotal.vat`.
    public var vat: Cents
    public var kind: Kind
    /// Filled from the connection's configuration (`VATMapping.resolve`): the ledger's account
    /// id and VAT code for this line.
    public var ledgerAccount: String?
    public var ledgerVATCode: String?

    public enum Kind: String, Equatable, Sendable, Codable, CaseIterable {
        case product
        case shipping
        /// Handling, low-order and payment fees, and unknown third-party totals.
        case fee
        /// Coupons and reward points: negative, before tax.
        case discount
        /// A gift voucher sold in the order: a liability, not revenue.
        case giftVoucher
        /// A fixed per-unit tax that is not VAT (OpenCart's eco tax).
        case levy
        /// The difference between the rounded parts and what the customer paid.
        case rounding
    }

    public init(
        description: String, quantity: Int64 = 1, net: Cents, rate: VATRate, vat: Cents, kind: Kind,
        ledgerAccount: String? = nil, ledgerVATCode: String? = nil
    ) {
        self.description = description
        self.quantity = quantity
        self.net = net
        self.rate = rate
        self.vat = vat
        self.kind = kind
        self.ledgerAccount = ledgerAccount
        self.ledgerVATCode = ledgerVATCode
    }

    /// Net plus VAT.
    public var gross: Cents { net + vat }
}

/// VAT of one rate over the whole document.
public struct VATTotal: Equatable, Sendable, Codable {
    public var rate: VATRate
    /// Σ net of the lines at this rate.
    public var netBase: Cents
    /// The VAT the shop charged at this rate.
    public var vat: Cents
    public var ledgerVATCode: String?

    public init(rate: VATRate, netBase: Cents, vat: Cents, ledgerVATCode: String? = nil) {
        self.rate = rate
        self.netBase = netBase
        self.vat = vat
        self.ledgerVATCode = ledgerVATCode
    }
}

/// A payment inside the shop after tax; booked to a liability/clearing account, never a discount.
public struct BookingPayment: Equatable, Sendable, Codable {
    public var kind: Kind
    public var description: String
    /// Negative: what the voucher or credit took off the amount to pay.
    public var amount: Cents
    public var ledgerAccount: String?

    public enum Kind: String, Equatable, Sendable, Codable {
        /// A gift voucher redeemed (Dutch: meervoudige waardebon, no VAT on redemption).
        case giftVoucher
        case storeCredit
    }

    public init(kind: Kind, description: String, amount: Cents, ledgerAccount: String? = nil) {
        self.kind = kind
        self.description = description
        self.amount = amount
        self.ledgerAccount = ledgerAccount
    }
}
