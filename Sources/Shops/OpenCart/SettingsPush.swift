/// The body of `POST /api/v1/settings`: what booking needs to know of the shop's configuration
/// (see "Settings a sync extension should push" in the OpenCart notes). Stored as versions.
public struct ShopSettings: Codable, Sendable, Equatable {
    public var source: PushSource?
    public var store: StoreInfo
    public var taxClasses: [TaxClass]
    public var taxRates: [TaxRate]
    public var taxRules: [TaxRule]
    public var geoZones: [GeoZone]
    public var orderStatuses: [OrderStatus]
    public var processingStatusIDs: [Int64]?
    public var completeStatusIDs: [Int64]?
    public var paymentMethods: [Method]
    public var shippingMethods: [Method]?
    public var currencies: [Currency]
    public var stores: [Store]?
    public var customFields: [CustomField]?
    /// The custom field the shop owner chose as the customer's VAT number (extension setting).
    public var vatCustomFieldID: Int64?

    enum CodingKeys: String, CodingKey {
        case source, store
        case taxClasses = "tax_classes"
        case taxRates = "tax_rates"
        case taxRules = "tax_rules"
        case geoZones = "geo_zones"
        case orderStatuses = "order_statuses"
        case processingStatusIDs = "processing_status_ids"
        case completeStatusIDs = "complete_status_ids"
        case paymentMethods = "payment_methods"
        case shippingMethods = "shipping_methods"
        case currencies, stores
        case customFields = "custom_fields"
        case vatCustomFieldID = "vat_custom_field_id"
    }

    /// The default store's own settings (`config_*`).
    public struct StoreInfo: Codable, Sendable, Equatable {
        public var name: String
        public var url: String?
        /// `config_currency`: the currency every amount of an order is in.
        public var currency: String
        public var timezone: String?
        public var countryISOCode2: String?
        public var language: String?

        enum CodingKeys: String, CodingKey {
            case name, url, currency, timezone, language
            case countryISOCode2 = "country_iso_code_2"
        }
    }

    public struct TaxClass: Codable, Sendable, Equatable {
        public var taxClassID: Int64
        public var title: String

        enum CodingKeys: String, CodingKey {
            case taxClassID = "tax_class_id"
            case title
        }
    }

    public struct TaxRate: Codable, Sendable, Equatable {
        public var taxRateID: Int64
        public var geoZoneID: Int64
        public var name: String
        /// A percentage for type `P` ("21.0000"), a fixed amount per unit for type `F`.
        public var rate: String
        public var type: String
        public var customerGroupIDs: [Int64]?

        enum CodingKeys: String, CodingKey {
            case taxRateID = "tax_rate_id"
            case geoZoneID = "geo_zone_id"
            case name, rate, type
            case customerGroupIDs = "customer_group_ids"
        }
    }

    public struct TaxRule: Codable, Sendable, Equatable {
        public var taxRuleID: Int64
        public var taxClassID: Int64
        public var taxRateID: Int64
        public var based: String
        public var priority: Int64

        enum CodingKeys: String, CodingKey {
            case taxRuleID = "tax_rule_id"
            case taxClassID = "tax_class_id"
            case taxRateID = "tax_rate_id"
            case based, priority
        }
    }

    public struct GeoZone: Codable, Sendable, Equatable {
        public var geoZoneID: Int64
        public var name: String
        public var zones: [Zone]

        enum CodingKeys: String, CodingKey {
            case geoZoneID = "geo_zone_id"
            case name, zones
        }

        /// A country (and zone; 0 means all of the country) in a geo zone.
        public struct Zone: Codable, Sendable, Equatable {
            public var countryID: Int64
            public var isoCode2: String
            public var zoneID: Int64

            enum CodingKeys: String, CodingKey {
                case countryID = "country_id"
                case isoCode2 = "iso_code_2"
                case zoneID = "zone_id"
            }
        }
    }

    public struct OrderStatus: Codable, Sendable, Equatable {
        public var orderStatusID: Int64
        public var name: String

        enum CodingKeys: String, CodingKey {
            case orderStatusID = "order_status_id"
            case name
        }
    }

    /// A payment or shipping extension; `code` is what orders carry (`cod`, `flat`).
    public struct Method: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var enabled: Bool
        public var taxClassID: Int64?

        enum CodingKeys: String, CodingKey {
            case code, name, enabled
            case taxClassID = "tax_class_id"
        }
    }

    public struct Currency: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
        /// The factor from the default currency, `DECIMAL(15,8)`.
        public var value: String
        public var decimalPlace: Int64
        public var enabled: Bool

        enum CodingKeys: String, CodingKey {
            case code, title, value, enabled
            case decimalPlace = "decimal_place"
        }
    }

    public struct Store: Codable, Sendable, Equatable {
        public var storeID: Int64
        public var name: String
        public var url: String

        enum CodingKeys: String, CodingKey {
            case storeID = "store_id"
            case name, url
        }
    }

    public struct CustomField: Codable, Sendable, Equatable {
        public var customFieldID: Int64
        public var name: String
        public var location: String
        public var type: String
        public var enabled: Bool

        enum CodingKeys: String, CodingKey {
            case customFieldID = "custom_field_id"
            case name, location, type, enabled
        }
    }
}
