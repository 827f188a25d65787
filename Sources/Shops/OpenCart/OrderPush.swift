/// The body of `POST /api/v1/orders`: one order or a batch of up to 500, as docs/protocol.md
/// describes. Field names and amounts are OpenCart's own: amounts are decimal strings with up to
/// four decimals, exactly as the `DECIMAL(15,4)` columns hold them.
public struct OrderBatch: Codable, Sendable {
    public var source: PushSource?
    public var orders: [PushedOrder]

    public static let maximumCount = 500

    public init(source: PushSource? = nil, orders: [PushedOrder]) {
        self.source = source
        self.orders = orders
    }
}

/// Which shop software sent a push; informative, shown to operators.
public struct PushSource: Codable, Sendable, Equatable {
    public var platform: String
    public var version: String?
    public var extensionVersion: String?

    enum CodingKeys: String, CodingKey {
        case platform, version
        case extensionVersion = "extension_version"
    }

    public init(platform: String, version: String? = nil, extensionVersion: String? = nil) {
        self.platform = platform
        self.version = version
        self.extensionVersion = extensionVersion
    }
}

/// One OpenCart order with everything booking needs.
public struct PushedOrder: Codable, Sendable, Equatable {
    public var orderID: Int64
    public var storeID: Int64
    public var storeName: String?
    public var storeURL: String?
    public var invoicePrefix: String?
    public var invoiceNumber: Int64?
    public var orderStatusID: Int64
    public var dateAdded: String
    public var dateModified: String
    public var timezone: String?
    public var languageCode: String?
    public var currency: PushedCurrency
    public var customer: PushedCustomer
    public var paymentAddress: PushedAddress?
    public var shippingAddress: PushedAddress?
    public var paymentMethod: PushedMethod
    public var shippingMethod: PushedMethod?
    public var products: [PushedProduct]
    public var vouchers: [PushedVoucher]?
    public var totals: [PushedTotal]
    public var total: String
    public var comment: String?
    public var history: [PushedHistory]?

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case storeID = "store_id"
        case storeName = "store_name"
        case storeURL = "store_url"
        case invoicePrefix = "invoice_prefix"
        case invoiceNumber = "invoice_no"
        case orderStatusID = "order_status_id"
        case dateAdded = "date_added"
        case dateModified = "date_modified"
        case timezone
        case languageCode = "language_code"
        case currency, customer
        case paymentAddress = "payment_address"
        case shippingAddress = "shipping_address"
        case paymentMethod = "payment_method"
        case shippingMethod = "shipping_method"
        case products, vouchers, totals, total, comment, history
    }
}

/// The currency the customer saw; amounts stay in the store's default currency and
/// `value` is OpenCart's frozen factor from default to this currency.
public struct PushedCurrency: Codable, Sendable, Equatable {
    public var code: String
    public var value: String
}

public struct PushedCustomer: Codable, Sendable, Equatable {
    public var customerID: Int64
    public var customerGroupID: Int64
    public var firstname: String
    public var lastname: String
    public var email: String
    public var telephone: String?
    public var customField: [String: CustomFieldValue]?

    enum CodingKeys: String, CodingKey {
        case customerID = "customer_id"
        case customerGroupID = "customer_group_id"
        case firstname, lastname, email, telephone
        case customField = "custom_field"
    }
}

public struct PushedAddress: Codable, Sendable, Equatable {
    public var firstname: String
    public var lastname: String
    public var company: String?
    public var address1: String
    public var address2: String?
    public var city: String
    public var postcode: String
    public var country: String
    public var countryID: Int64
    public var isoCode2: String
    public var zone: String?
    public var zoneID: Int64?
    public var customField: [String: CustomFieldValue]?

    enum CodingKeys: String, CodingKey {
        case firstname, lastname, company
        case address1 = "address_1"
        case address2 = "address_2"
        case city, postcode, country
        case countryID = "country_id"
        case isoCode2 = "iso_code_2"
        case zone
        case zoneID = "zone_id"
        case customField = "custom_field"
    }
}

/// A payment or shipping method: OpenCart 3 keeps the code and the name in two columns,
/// OpenCart 4.0.2+ in one JSON column; the protocol always has both.
public struct PushedMethod: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var taxClassID: Int64?

    enum CodingKeys: String, CodingKey {
        case code, name
        case taxClassID = "tax_class_id"
    }
}

public struct PushedProduct: Codable, Sendable, Equatable {
    public var orderProductID: Int64
    public var productID: Int64
    public var masterID: Int64?
    public var name: String
    public var model: String
    public var quantity: Int64
    /// Net unit price, options and specials included.
    public var price: String
    /// Net line total: price × quantity.
    public var total: String
    /// VAT per unit, before discounts.
    public var tax: String
    public var reward: Int64?
    public var options: [PushedOption]?

    enum CodingKeys: String, CodingKey {
        case orderProductID = "order_product_id"
        case productID = "product_id"
        case masterID = "master_id"
        case name, model, quantity, price, total, tax, reward, options
    }
}

public struct PushedOption: Codable, Sendable, Equatable {
    public var productOptionID: Int64
    public var productOptionValueID: Int64
    public var name: String
    public var value: String
    public var type: String

    enum CodingKeys: String, CodingKey {
        case productOptionID = "product_option_id"
        case productOptionValueID = "product_option_value_id"
        case name, value, type
    }
}

/// A gift voucher bought in the order; part of the sub-total, untaxed.
public struct PushedVoucher: Codable, Sendable, Equatable {
    public var code: String
    public var description: String
    public var amount: String
}

/// A row of `order_total`: the authority for taxes, discounts and the total.
public struct PushedTotal: Codable, Sendable, Equatable {
    public var code: String
    public var title: String
    public var value: String
    public var sortOrder: Int64
    public var `extension`: String?

    enum CodingKeys: String, CodingKey {
        case code, title, value
        case sortOrder = "sort_order"
        case `extension`
    }
}

public struct PushedHistory: Codable, Sendable, Equatable {
    public var orderStatusID: Int64
    public var dateAdded: String
    public var comment: String?

    enum CodingKeys: String, CodingKey {
        case orderStatusID = "order_status_id"
        case dateAdded = "date_added"
        case comment
    }
}

/// A custom field's value: text, or the list a checkbox field holds.
public enum CustomFieldValue: Codable, Sendable, Equatable {
    case text(String)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([String].self) {
            self = .list(list)
        } else {
            throw DecodingError.typeMismatch(
                CustomFieldValue.self, .init(codingPath: decoder.codingPath, debugDescription: "not a string or list of strings"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .list(let items): try container.encode(items)
        }
    }
}
