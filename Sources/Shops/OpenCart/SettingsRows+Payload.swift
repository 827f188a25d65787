import Foundation

/// The protocol's settings from the rows, field for field as `Koppel\SettingsPayload::build` in
/// the extension (extensions/opencart/src/lib/SettingsPayload.php) makes them. Lists keep the
/// first row of every id; ids are whole numbers (an empty column reads as 0).
extension SettingsRows {
    /// - Parameter vatCustomFieldID: the custom field holding the customers' VAT number, which
    ///   booking reads from each order's custom fields; nil: the extension's own setting when the
    ///   export has it. 0 or none: no such field.
    public func shopSettings(vatCustomFieldID: Int64? = nil) throws -> ShopSettings {
        let settings = ShopConfig(rows: config)
        let optional = { (key: String) in settings.text(key).isEmpty ? nil : settings.text(key) }
        let groupsByRate = try Dictionary(
            grouping: taxRateToCustomerGroup ?? [], by: { try $0.number("tax_rate_id", fallback: 0) })
        let vatField = vatCustomFieldID ?? extensionVATCustomFieldID ?? 0

        return ShopSettings(
            source: PushSource(platform: "opencart"),
            store: .init(
                name: settings.text("config_name").htmlDecoded, url: nil, currency: settings.text("config_currency"),
                timezone: optional("config_timezone"),
                countryISOCode2: countryISOCode2(id: settings.text("config_country_id")),
                language: optional("config_language")),
            taxClasses: try unique(taxClass, "tax_class_id") {
                .init(taxClassID: try $0.number("tax_class_id"), title: $0.text("title").htmlDecoded)
            },
            taxRates: try unique(taxRate, "tax_rate_id") { row in
                let id = try row.number("tax_rate_id")
                let groups = try (groupsByRate[id] ?? []).map { try $0.number("customer_group_id", fallback: 0) }
                return .init(
                    taxRateID: id, geoZoneID: try row.number("geo_zone_id", fallback: 0),
                    name: row.text("name").htmlDecoded,
                    rate: row.text("rate"), type: row.text("type"), customerGroupIDs: Array(Set(groups)).sorted())
            },
            taxRules: try unique(taxRule, "tax_rule_id") { row in
                .init(
                    taxRuleID: try row.number("tax_rule_id"), taxClassID: try row.number("tax_class_id", fallback: 0),
                    taxRateID: try row.number("tax_rate_id", fallback: 0), based: row.text("based"),
                    priority: try row.number("priority", fallback: 0))
            },
            geoZones: try geoZones(),
            orderStatuses: try unique(orderStatus, "order_status_id") {
                .init(orderStatusID: try $0.number("order_status_id"), name: $0.text("name").htmlDecoded)
            },
            processingStatusIDs: settings.ids("config_processing_status"),
            completeStatusIDs: settings.ids("config_complete_status"),
            paymentMethods: try methods(paymentExtensions, type: "payment", settings: settings),
            shippingMethods: try methods(
                shippingExtensions ?? configuredShipping(settings), type: "shipping", settings: settings),
            currencies: try unique(currency, "code") { row in
                .init(
                    code: row.text("code"), title: row.text("title").htmlDecoded, value: row.text("value"),
                    decimalPlace: try row.number("decimal_place", fallback: 0),
                    enabled: try row.number("status", fallback: 0) != 0)
            },
            stores: try stores(),
            customFields: try unique(customField ?? [], "custom_field_id") { row in
                .init(
                    customFieldID: try row.number("custom_field_id"), name: row.text("name").htmlDecoded,
                    location: row.text("location"), type: row.text("type"),
                    enabled: try row.number("status", fallback: 0) != 0)
            },
            vatCustomFieldID: vatField > 0 ? vatField : nil
        )
    }

    /// Maps rows, keeping the first row of every id (ids are unique within their list).
    func unique<T>(_ rows: [Row], _ idColumn: String, _ map: (Row) throws -> T) rethrows -> [T] {
        var seen: Set<String> = []
        return try rows.filter { !$0.text(idColumn).isEmpty && seen.insert($0.text(idColumn)).inserted }.map(map)
    }

    func geoZones() throws -> [ShopSettings.GeoZone] {
        // A zone whose country no longer exists has no ISO code and means nothing.
        let members = zoneToGeoZoneCountries.filter { $0.text("iso_code_2").isISOCountryCode }
        let zones = try Dictionary(grouping: members, by: { try $0.number("geo_zone_id", fallback: 0) })
        return try unique(geoZone, "geo_zone_id") { zone in
            let id = try zone.number("geo_zone_id")
            return .init(
                geoZoneID: id, name: zone.text("name").htmlDecoded,
                zones: try (zones[id] ?? []).map { member in
                    .init(
                        countryID: try member.number("country_id", fallback: 0), isoCode2: member.text("iso_code_2"),
                        zoneID: try member.number("zone_id", fallback: 0))
                })
        }
    }

    /// Payment or shipping extensions: enabled by the row's status or the `<type>_<code>_status`
    /// setting; shipping methods carry their `shipping_<code>_tax_class_id`.
    func methods(_ rows: [Row], type: String, settings: ShopConfig) throws -> [ShopSettings.Method] {
        var seen: Set<String> = []
        return try rows.compactMap { row in
            let code = row.text("code")
            guard Self.isMethodCode(code), seen.insert(code).inserted else { return nil }
            let status = row["status"].flatMap { $0 } ?? settings.text("\(type)_\(code)_status")
            let taxClass = settings.text("\(type)_\(code)_tax_class_id").wholeNumber ?? 0
            return .init(
                code: code, name: type == "payment" ? Self.knownPaymentNames[code] ?? code : code,
                enabled: (status.isEmpty ? 0 : try Self.flag(status, "\(type)_\(code)_status")) != 0,
                taxClassID: type == "shipping" && taxClass > 0 ? taxClass : nil)
        }
    }

    /// Exports without the extension table: the shipping methods that have settings
    /// (`shipping_flat_tax_class_id` …); enabled unless their status says otherwise.
    func configuredShipping(_ settings: ShopConfig) -> [Row] {
        var codes: [String] = []
        for key in settings.keys where key.hasPrefix("shipping_") {
            let name = key.dropFirst("shipping_".count)
            for suffix in ["_status", "_tax_class_id", "_cost"] where name.hasSuffix(suffix) {
                let code = String(name.dropLast(suffix.count))
                if !code.isEmpty, code.utf8.allSatisfy(Self.isCodeByte), !codes.contains(code) { codes.append(code) }
            }
        }
        return codes.map { code in
            let status = "shipping_\(code)_status"
            return ["code": code, "status": settings.has(status) ? settings.text(status) : "1"]
        }
    }

    func stores() throws -> [ShopSettings.Store] {
        var seen: Set<Int64> = []
        return try (store ?? []).compactMap { row in
            let id = try row.number("store_id", fallback: 0)
            guard id > 0, seen.insert(id).inserted else { return nil }
            return .init(storeID: id, name: row.text("name").htmlDecoded, url: row.text("url"))
        }
    }

    /// The ISO code of the store's country, from the country rows or the geo zones' countries.
    func countryISOCode2(id: String) -> String? {
        let match = ((country ?? []) + zoneToGeoZoneCountries).first { row in
            row.text("country_id") == id && row.text("iso_code_2").isISOCountryCode
        }
        return match?.text("iso_code_2")
    }

    /// `[a-z0-9_.]{1,128}`, the codes the protocol takes.
    static func isMethodCode(_ code: String) -> Bool {
        (1...128).contains(code.utf8.count) && code.utf8.allSatisfy { isCodeByte($0) || $0 == UInt8(ascii: ".") }
    }

    static func isCodeByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "_")
    }

    static func flag(_ text: String, _ name: String) throws -> Int64 {
        guard let value = text.wholeNumber else { throw OrderRows.ConversionError.notANumber(column: name) }
        return value
    }
}
