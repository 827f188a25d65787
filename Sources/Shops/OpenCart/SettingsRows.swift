import Foundation

/// A shop's settings as rows of OpenCart's tables and `oc_setting` (a database export, every
/// column as MySQL hands it to PHP). `shopSettings(vatCustomFieldID:)` makes the protocol's
/// settings push from them, the same mapping the shop extension's `SettingsPayload` makes (a
/// test compares the two on every fixture: Tests/OpenCartTests/PayloadParityTests.swift).
public struct SettingsRows: Decodable, Sendable {
    public typealias Row = [String: String?]

    public var taxClass: [Row]
    public var taxRate: [Row]
    public var taxRule: [Row]
    public var taxRateToCustomerGroup: [Row]?
    public var geoZone: [Row]
    public var zoneToGeoZoneCountries: [Row]
    public var orderStatus: [Row]
    public var paymentExtensions: [Row]
    /// `extension` rows of type shipping; exports without them take the shipping settings' codes.
    public var shippingExtensions: [Row]?
    public var currency: [Row]
    public var store: [Row]?
    /// `setting` rows: store_id, key, value, serialized.
    public var config: [Row]
    public var customField: [Row]?
    /// country_id and iso_code_2 of the store's country.
    public var country: [Row]?

    enum CodingKeys: String, CodingKey {
        case taxClass = "tax_class"
        case taxRate = "tax_rate"
        case taxRule = "tax_rule"
        case taxRateToCustomerGroup = "tax_rate_to_customer_group"
        case geoZone = "geo_zone"
        case zoneToGeoZoneCountries = "zone_to_geo_zone_countries"
        case orderStatus = "order_status"
        case paymentExtensions = "payment_extensions"
        case shippingExtensions = "shipping_extensions"
        case currency, store, config, country
        case customField = "custom_field"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taxClass = try container.decodeRows(forKey: .taxClass)
        taxRate = try container.decodeRows(forKey: .taxRate)
        taxRule = try container.decodeRows(forKey: .taxRule)
        taxRateToCustomerGroup = try container.decodeRowsIfPresent(forKey: .taxRateToCustomerGroup)
        geoZone = try container.decodeRows(forKey: .geoZone)
        zoneToGeoZoneCountries = try container.decodeRows(forKey: .zoneToGeoZoneCountries)
        orderStatus = try container.decodeRows(forKey: .orderStatus)
        paymentExtensions = try container.decodeRows(forKey: .paymentExtensions)
        shippingExtensions = try container.decodeRowsIfPresent(forKey: .shippingExtensions)
        currency = try container.decodeRows(forKey: .currency)
        store = try container.decodeRowsIfPresent(forKey: .store)
        config = try container.decodeRows(forKey: .config)
        customField = try container.decodeRowsIfPresent(forKey: .customField)
        country = try container.decodeRowsIfPresent(forKey: .country)
    }

    /// Payment extension names live in language files, not in the database; these are the
    /// English titles of the ones OpenCart ships (the extension's test scripts use the same).
    static let knownPaymentNames = [
        "cod": "Cash On Delivery", "free_checkout": "Free Checkout", "bank_transfer": "Bank Transfer",
        "cheque": "Cheque / Money Order",
    ]

    /// The extension's own setting for the VAT number field, when the export holds the
    /// extension's settings too (`module_koppel_vat_custom_field_id`).
    public var extensionVATCustomFieldID: Int64? {
        let id = ShopConfig(rows: config).text("module_koppel_vat_custom_field_id").wholeNumber ?? 0
        return id > 0 ? id : nil
    }
}
