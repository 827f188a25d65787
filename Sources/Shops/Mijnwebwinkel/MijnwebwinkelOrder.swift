import KoppelCore

/// One Mijnwebwinkel order as koppel reads it, whatever shape it came in (the spec's or the live API's,
/// docs/mijnwebwinkel.md). Money is in whole cents; the shop's excl. amounts, which carry up to six
/// decimals [SPEC `TaxPrice.amount`], are kept exactly in millionths beside them.
public struct MijnwebwinkelOrder: Equatable, Sendable, Codable {
    /// The order number as text: it may come as a string, and test orders carry a "T-" marker (§1.4).
    public var number: String
    public var uuid: String
    /// `YYYY-MM-DD` and `HH:MM:SS`, in the store's time.
    public var date: String
    public var time: String
    public var status: MijnwebwinkelOrderStatus
    /// `YYYY-MM-DD HH:MM:SS` of the last status change, when the shop gives it.
    public var statusChangedAt: String?
    public var archived: Bool
    public var currency: String
    /// `B2C` or `B2B` [SPEC `business_model`].
    public var businessModel: String
    /// The customer's own reference (B2B only) [SPEC].
    public var customerReference: String?
    public var taxStrategy: TaxStrategy
    /// ISO 3166-1 alpha-2 of the region the VAT was worked out for [SPEC `tax_region`].
    public var taxRegion: String?
    /// Set on a credit order: the order it credits [SPEC `credited_order_number`].
    public var creditedOrderNumber: String?
    public var creditOrderNumbers: [String]
    public var discountCode: String?
    public var payment: MijnwebwinkelPayment
    public var debtor: MijnwebwinkelDebtor
    public var deliveryAddress: MijnwebwinkelAddress?
    public var shippingCountryCode: String?
    public var lines: [MijnwebwinkelOrderLine]
    /// The VAT the shop charged, per rate: the order's own figures [SPEC `price.tax`].
    public var vatTotals: [MijnwebwinkelVATTotal]
    /// What the customer pays, VAT included [SPEC `price.total`].
    public var grossTotal: Cents

    public init(
        number: String, uuid: String = "", date: String, time: String = "00:00:00", status: MijnwebwinkelOrderStatus,
        statusChangedAt: String? = nil, archived: Bool = false, currency: String = "EUR", businessModel: String = "B2C",
        customerReference: String? = nil, taxStrategy: TaxStrategy = .regular, taxRegion: String? = nil,
        creditedOrderNumber: String? = nil, creditOrderNumbers: [String] = [], discountCode: String? = nil,
        payment: MijnwebwinkelPayment = MijnwebwinkelPayment(), debtor: MijnwebwinkelDebtor,
        deliveryAddress: MijnwebwinkelAddress? = nil, shippingCountryCode: String? = nil, lines: [MijnwebwinkelOrderLine],
        vatTotals: [MijnwebwinkelVATTotal], grossTotal: Cents
    ) {
        self.number = number
        self.uuid = uuid
        self.date = date
        self.time = time
        self.status = status
        self.statusChangedAt = statusChangedAt
        self.archived = archived
        self.currency = currency
        self.businessModel = businessModel
        self.customerReference = customerReference
        self.taxStrategy = taxStrategy
        self.taxRegion = taxRegion
        self.creditedOrderNumber = creditedOrderNumber
        self.creditOrderNumbers = creditOrderNumbers
        self.discountCode = discountCode
        self.payment = payment
        self.debtor = debtor
        self.deliveryAddress = deliveryAddress
        self.shippingCountryCode = shippingCountryCode
        self.lines = lines
        self.vatTotals = vatTotals
        self.grossTotal = grossTotal
    }

    /// A credit order is booked as a credit note (§1.3).
    public var isCreditOrder: Bool { creditedOrderNumber != nil }

    /// The number as a whole number, for cursors and sorting; nil for a test order's "T-…" number.
    public var numericNumber: Int? { Int(number) }
}

public struct MijnwebwinkelOrderStatus: Equatable, Sendable, Codable {
    public var id: Int
    /// The store's own description of the status, from `/orderstatuses`; nil until it is looked up.
    public var name: String?
    /// True for a status that marks a credit order [CHG 1.0.7].
    public var isCreditStatus: Bool

    public init(id: Int, name: String? = nil, isCreditStatus: Bool = false) {
        self.id = id
        self.name = name
        self.isCreditStatus = isCreditStatus
    }
}

/// [SPEC `tax_strategy`]: regular VAT, 0 % across the EU border, or reverse-charged VAT on B2B sales within
/// the EU.
public enum TaxStrategy: Equatable, Sendable, Codable {
    case regular
    case zeroPercent
    case reverseCharged
    case other(String)

    init(_ text: String?) {
        switch text ?? "" {
        case "": self = .regular
        case "zero_percent": self = .zeroPercent
        case "reverse_charged_vat": self = .reverseCharged
        case let other: self = .other(other)
        }
    }
}

public struct MijnwebwinkelPayment: Equatable, Sendable, Codable {
    /// [SPEC `payment_status`] new, pending, authorized, captured, incomplete, failed, refunded, voided, unknown.
    public var status: String?
    public var gatewayName: String?
    public var methodName: String?
    /// Captured or authorized counts as paid [Inferred, §1.4]; so does the deprecated payment summary's
    /// status 1 "Successful" when `payment_status` is missing.
    public var isPaid: Bool

    public init(status: String? = nil, gatewayName: String? = nil, methodName: String? = nil, isPaid: Bool = false) {
        self.status = status
        self.gatewayName = gatewayName
        self.methodName = methodName
        self.isPaid = isPaid
    }
}

public struct MijnwebwinkelDebtor: Equatable, Sendable, Codable {
    public var email: String?
    /// The shop's customer uuid, if the order has a customer account [SPEC `OrderDebtor.id`].
    public var customerID: String?
    public var invoiceAddress: MijnwebwinkelAddress
    /// The VAT number the customer gave [SPEC `InvoiceAddress.taxnumber`].
    public var vatNumber: String?

    public init(email: String?, customerID: String? = nil, invoiceAddress: MijnwebwinkelAddress, vatNumber: String? = nil) {
        self.email = email
        self.customerID = customerID
        self.invoiceAddress = invoiceAddress
        self.vatNumber = vatNumber
    }
}

public struct MijnwebwinkelAddress: Equatable, Sendable, Codable {
    public var name: String?
    public var company: String?
    public var street: String?
    public var houseNumber: String?
    public var zipcode: String?
    public var city: String?
    /// The country's name in the request's language.
    public var country: String?
    public var countryCode: String?
    public var phone: String?

    public init(
        name: String? = nil, company: String? = nil, street: String? = nil, houseNumber: String? = nil, zipcode: String? = nil,
        city: String? = nil, country: String? = nil, countryCode: String? = nil, phone: String? = nil
    ) {
        self.name = name
        self.company = company
        self.street = street
        self.houseNumber = houseNumber
        self.zipcode = zipcode
        self.city = city
        self.country = country
        self.countryCode = countryCode
        self.phone = phone
    }
}

public struct MijnwebwinkelOrderLine: Equatable, Sendable, Codable {
    public enum Kind: Equatable, Sendable, Codable {
        /// [SPEC] `article` and `custom`; `payment` (surcharge) [SPEC example]; `discount` [CHG 2019-05-08];
        /// `shipping` [Inferred, §1.4]; anything else kept by name.
        case article, custom, payment, shipping, discount
        case other(String)

        init(_ text: String) {
            switch text {
            case "article": self = .article
            case "custom": self = .custom
            case "payment": self = .payment
            case "shipping": self = .shipping
            case "discount": self = .discount
            default: self = .other(text)
            }
        }
    }

    public var id: String?
    public var kind: Kind
    public var quantity: Int
    public var description: String
    /// One portion per VAT rate: one for most lines, several for payment and discount lines spread over the
    /// rates (CHG 2019-05-08).
    public var portions: [MijnwebwinkelLinePortion]

    public init(id: String? = nil, kind: Kind, quantity: Int = 1, description: String, portions: [MijnwebwinkelLinePortion]) {
        self.id = id
        self.kind = kind
        self.quantity = quantity
        self.description = description
        self.portions = portions
    }

    /// The line's price including VAT, all rates.
    public var gross: Cents { portions.map(\.gross).sum() }
}

/// A line's price at one VAT rate [SPEC `TaxPrice`]. Prices are for the whole line (all its units).
public struct MijnwebwinkelLinePortion: Equatable, Sendable, Codable {
    /// Hundredths of a percent: 2100 = 21 %.
    public var rateBasisPoints: Int
    /// Including VAT, exactly as the shop gives it (`amount_including_tax`, 2 decimals: the figure to book,
    /// CHG 1.1.23).
    public var gross: Cents
    /// Excluding VAT in millionths, exactly as given (`amount`, up to 6 decimals).
    public var netMillionths: Int64

    public init(rateBasisPoints: Int, gross: Cents, netMillionths: Int64) {
        self.rateBasisPoints = rateBasisPoints
        self.gross = gross
        self.netMillionths = netMillionths
    }

    /// Excluding VAT in cents, rounded half away from zero.
    public var net: Cents { Cents(MoneyText.roundedCents(millionths: netMillionths)) }
    /// The VAT in this portion: gross minus the rounded net.
    public var vat: Cents { gross - net }
}

public struct MijnwebwinkelVATTotal: Equatable, Sendable, Codable {
    public var rateBasisPoints: Int
    public var vat: Cents

    public init(rateBasisPoints: Int, vat: Cents) {
        self.rateBasisPoints = rateBasisPoints
        self.vat = vat
    }
}
