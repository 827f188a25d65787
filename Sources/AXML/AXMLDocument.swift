/// One aXML file as values: a header and the orders, each imported by Asperion as one concept
/// invoice. Amounts are whole cents of the order's currency; the file writes them as "12.50".
///
/// Neutral on purpose: it knows nothing of shops or booking documents (the Asperion ledger maps a
/// prepared booking onto it), and nothing of tag names (those are in `AXMLSchema`).
public struct AXMLDocument: Equatable, Sendable {
    public var header: AXMLHeader
    public var orders: [AXMLOrder]

    public init(header: AXMLHeader, orders: [AXMLOrder]) {
        self.header = header
        self.orders = orders
    }
}

public struct AXMLHeader: Equatable, Sendable {
    /// The aXML version the file follows.
    public var formatVersion: String
    /// `YYYY-MM-DDTHH:MM:SS`: given, never read from a clock, so the same input gives the same bytes.
    public var createdAt: String
    public var generator: String

    public init(formatVersion: String = "1.4", createdAt: String, generator: String = "koppel") {
        self.formatVersion = formatVersion
        self.createdAt = createdAt
        self.generator = generator
    }
}

public struct AXMLOrder: Equatable, Sendable {
    public var orderNumber: String
    public var description: String
    /// `YYYY-MM-DD`.
    public var orderDate: String
    /// `YYYY-MM-DD`.
    public var invoiceDate: String
    /// ISO 4217.
    public var currency: String
    public var paymentCode: String?
    public var debtor: AXMLDebtor
    public var lines: [AXMLOrderLine]

    public init(
        orderNumber: String, description: String, orderDate: String, invoiceDate: String, currency: String = "EUR",
        paymentCode: String? = nil, debtor: AXMLDebtor, lines: [AXMLOrderLine]
    ) {
        self.orderNumber = orderNumber
        self.description = description
        self.orderDate = orderDate
        self.invoiceDate = invoiceDate
        self.currency = currency
        self.paymentCode = paymentCode
        self.debtor = debtor
        self.lines = lines
    }

    /// Σ line amounts excluding VAT, in cents.
    public var totalExclVAT: Int64 { lines.reduce(0) { $0 + $1.amount } }
    /// Σ line VAT, in cents.
    public var totalVAT: Int64 { lines.reduce(0) { $0 + $1.vat } }
    /// What the invoice totals to, in cents.
    public var totalInclVAT: Int64 { totalExclVAT + totalVAT }
}

public struct AXMLDebtor: Equatable, Sendable {
    public var email: String
    public var name: String
    public var contactName: String?
    public var phone: String?
    public var vatNumber: String?
    public var address: AXMLAddress

    public init(
        email: String, name: String, contactName: String? = nil, phone: String? = nil, vatNumber: String? = nil,
        address: AXMLAddress
    ) {
        self.email = email
        self.name = name
        self.contactName = contactName
        self.phone = phone
        self.vatNumber = vatNumber
        self.address = address
    }
}

public struct AXMLAddress: Equatable, Sendable {
    public var street: String?
    public var postalCode: String?
    public var city: String?
    /// ISO 3166-1 alpha-2.
    public var country: String

    public init(street: String? = nil, postalCode: String? = nil, city: String? = nil, country: String) {
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
    }
}

public struct AXMLOrderLine: Equatable, Sendable {
    public var description: String
    public var quantity: Int64
    /// Cents, excluding VAT.
    public var unitPrice: Int64
    public var vatClass: AXMLVATClass
    /// Cents of VAT on the whole line.
    public var vat: Int64

    public init(description: String, quantity: Int64 = 1, unitPrice: Int64, vatClass: AXMLVATClass, vat: Int64) {
        self.description = description
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.vatClass = vatClass
        self.vat = vat
    }

    /// Quantity × unit price, in cents, excluding VAT.
    public var amount: Int64 { quantity * unitPrice }
}
