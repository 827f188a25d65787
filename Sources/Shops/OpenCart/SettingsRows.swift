import Foundation

/// A shop's settings as rows of OpenCart's tables and `oc_setting` (a database export, every
/// column a string). `shopSettings()` makes the protocol's settings push from them, the same
/// mapping the shop extension makes.
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
    public var currency: [Row]
    public var store: [Row]?
    public var config: [Row]
    public var customField: [Row]?

    enum CodingKeys: String, CodingKey {
        case taxClass = "tax_class"
        case taxRate = "tax_rate"
        case taxRule = "tax_rule"
        case taxRateToCustomerGroup = "tax_rate_to_customer_group"
        case geoZone = "geo_zone"
        case zoneToGeoZoneCountries = "zone_to_geo_zone_countries"
        case orderStatus = "order_status"
        case paymentExtensions = "payment_extensions"
        case currency, store, config
        case customField = "custom_field"
    }

    /// Payment extension names live in language files, not in the database; these are the
    /// English titles of the ones OpenCart ships.
    static let knownPaymentNames = [
        "cod": "Cash On Delivery", "free_checkout": "Free Checkout", "bank_transfer": "Bank Transfer", "cheque": "Cheque / Money Order",
    ]

    public func shopSettings(countryISOCode2: String? = nil) throws -> ShopSettings {
        let settings = Dictionary(config.map { ($0.text("key"), $0.text("value")) }, uniquingKeysWith: { _, last in last })
        let groupsByRate = Dictionary(grouping: taxRateToCustomerGroup ?? [], by: { $0.text("tax_rate_id") })
        let shippingCodes = settings.keys.compactMap { key -> String? in
            guard key.hasPrefix("shipping_"), key.hasSuffix("_tax_class_id") else { return nil }
            return String(key.dropFirst("shipping_".count).dropLast("_tax_class_id".count))
        }.sorted()

        return ShopSettings(
            source: PushSource(platform: "opencart"),
            store: .init(
                name: settings["config_name"] ?? "", url: settings["config_url"], currency: settings["config_currency"] ?? "EUR",
                timezone: settings["config_timezone"], countryISOCode2: countryISOCode2, language: settings["config_language"]),
            taxClasses: try taxClass.map { .init(taxClassID: try $0.number("tax_class_id"), title: $0.text("title").htmlDecoded) },
            taxRates: try taxRate.map { row in
                .init(
                    taxRateID: try row.number("tax_rate_id"), geoZoneID: try row.number("geo_zone_id"),
                    name: row.text("name").htmlDecoded, rate: row.text("rate"), type: row.text("type"),
                    customerGroupIDs: try (groupsByRate[row.text("tax_rate_id")] ?? []).map { try $0.number("customer_group_id") })
            },
            taxRules: try taxRule.map { row in
                .init(
                    taxRuleID: try row.number("tax_rule_id"), taxClassID: try row.number("tax_class_id"),
                    taxRateID: try row.number("tax_rate_id"), based: row.text("based"), priority: try row.number("priority", fallback: 0))
            },
            geoZones: try geoZone.map { zone in
                let id = zone.text("geo_zone_id")
                return .init(
                    geoZoneID: try zone.number("geo_zone_id"), name: zone.text("name").htmlDecoded,
                    zones: try zoneToGeoZoneCountries.filter { $0.text("geo_zone_id") == id }.map { member in
                        .init(countryID: try member.number("country_id"), isoCode2: member.text("iso_code_2"), zoneID: try member.number("zone_id", fallback: 0))
                    })
            },
            orderStatuses: try orderStatus.map { .init(orderStatusID: try $0.number("order_status_id"), name: $0.text("name").htmlDecoded) },
            processingStatusIDs: Self.idList(settings["config_processing_status"]),
            completeStatusIDs: Self.idList(settings["config_complete_status"]),
            paymentMethods: paymentExtensions.map { row in
                let code = row.text("code")
                return .init(code: code, name: Self.knownPaymentNames[code] ?? code, enabled: row.text("status") == "1", taxClassID: nil)
            },
            shippingMethods: shippingCodes.map { code in
                .init(code: code, name: code, enabled: true, taxClassID: settings["shipping_\(code)_tax_class_id"].flatMap { Int64($0) })
            },
            currencies: try currency.map { row in
                .init(
                    code: row.text("code"), title: row.text("title"), value: row.text("value"),
                    decimalPlace: try row.number("decimal_place", fallback: 2), enabled: row.text("status") == "1")
            },
            stores: try (store ?? []).map { .init(storeID: try $0.number("store_id"), name: $0.text("name"), url: $0.text("url")) },
            customFields: try (customField ?? []).map { row in
                .init(
                    customFieldID: try row.number("custom_field_id"), name: row.text("name").htmlDecoded,
                    location: row.text("location"), type: row.text("type"), enabled: row.text("status") == "1")
            },
            vatCustomFieldID: nil
        )
    }

    /// `config_processing_status` is a serialized JSON list of ids as strings: `["5","1","2"]`.
    static func idList(_ json: String?) -> [Int64]? {
        guard let json, let ids = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else { return nil }
        return ids.compactMap { Int64($0) }
    }
}
