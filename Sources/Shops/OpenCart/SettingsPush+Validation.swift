import KoppelCore

extension ShopSettings {
    /// Checks every list; ids must be unique within their list so that later lookups are exact.
    public func validate() throws(FieldError) {
        let root = FieldPath()
        try Check.text(store.name, root.key("store").key("name"))
        try Check.text(store.url, root.key("store").key("url"), maxLength: 2048)
        try Check.code(store.currency, root.key("store").key("currency"), pattern: .currency)
        try Check.timeZone(store.timezone, root.key("store").key("timezone"))
        if let country = store.countryISOCode2 {
            try Check.code(country, root.key("store").key("country_iso_code_2"), pattern: .country)
        }

        try each(taxClasses, "tax_classes", idField: "tax_class_id", id: \.taxClassID) { item, path throws(FieldError) in
            try Check.text(item.title, path.key("title"), maxLength: 255)
        }
        try each(taxRates, "tax_rates", idField: "tax_rate_id", id: \.taxRateID) { item, path throws(FieldError) in
            try Check.identifier(item.geoZoneID, path.key("geo_zone_id"))
            try Check.text(item.name, path.key("name"), maxLength: 255)
            try Check.amount(item.rate, path.key("rate"), allowNegative: false)
            guard item.type == "P" || item.type == "F" else {
                throw path.key("type").error("must be \"P\" (percentage) or \"F\" (fixed amount)")
            }
            for (position, group) in (item.customerGroupIDs ?? []).enumerated() {
                try Check.identifier(group, path.key("customer_group_ids").index(position))
            }
        }
        try each(taxRules, "tax_rules", idField: "tax_rule_id", id: \.taxRuleID) { item, path throws(FieldError) in
            try Check.identifier(item.taxClassID, path.key("tax_class_id"))
            try Check.identifier(item.taxRateID, path.key("tax_rate_id"))
            guard ["shipping", "payment", "store"].contains(item.based) else {
                throw path.key("based").error("must be \"shipping\", \"payment\" or \"store\"")
            }
        }
        try each(geoZones, "geo_zones", idField: "geo_zone_id", id: \.geoZoneID) { item, path throws(FieldError) in
            try Check.text(item.name, path.key("name"), maxLength: 255)
            try Check.count(item.zones.count, path.key("zones"), at: 10_000)
            for (position, zone) in item.zones.enumerated() {
                let zonePath = path.key("zones").index(position)
                try Check.identifier(zone.countryID, zonePath.key("country_id"))
                try Check.code(zone.isoCode2, zonePath.key("iso_code_2"), pattern: .country)
                try Check.identifier(zone.zoneID, zonePath.key("zone_id"))
            }
        }
        try each(orderStatuses, "order_statuses", idField: "order_status_id", id: \.orderStatusID) { item, path throws(FieldError) in
            try Check.text(item.name, path.key("name"), maxLength: 255)
        }
        for (name, ids) in [("processing_status_ids", processingStatusIDs), ("complete_status_ids", completeStatusIDs)] {
            for (position, id) in (ids ?? []).enumerated() {
                try Check.identifier(id, root.key(name).index(position))
            }
        }
        for (name, methods) in [("payment_methods", paymentMethods), ("shipping_methods", shippingMethods ?? [])] {
            try Check.count(methods.count, root.key(name), at: 1000)
            var codes = Set<String>()
            for (position, method) in methods.enumerated() {
                let path = root.key(name).index(position)
                try Check.code(method.code, path.key("code"), pattern: .extensionCode)
                try Check.text(method.name, path.key("name"))
                if let taxClass = method.taxClassID { try Check.identifier(taxClass, path.key("tax_class_id")) }
                guard codes.insert(method.code).inserted else { throw path.key("code").error("appears more than once") }
            }
        }
        try Check.count(currencies.count, root.key("currencies"), at: 1000, atLeast: 1)
        for (position, currency) in currencies.enumerated() {
            let path = root.key("currencies").index(position)
            try PushedCurrency(code: currency.code, value: currency.value).validate(path)
            try Check.text(currency.title, path.key("title"))
            guard (0...8).contains(currency.decimalPlace) else {
                throw path.key("decimal_place").error("must be a whole number from 0 to 8")
            }
        }
        try each(stores ?? [], "stores", idField: "store_id", id: \.storeID) { item, path throws(FieldError) in
            try Check.text(item.name, path.key("name"))
            try Check.text(item.url, path.key("url"), maxLength: 2048)
        }
        if let vatCustomFieldID {
            try Check.identifier(vatCustomFieldID, root.key("vat_custom_field_id"))
            guard vatCustomFieldID == 0 || (customFields ?? []).contains(where: { $0.customFieldID == vatCustomFieldID }) else {
                throw root.key("vat_custom_field_id").error("must be one of the custom_fields, or 0 for none")
            }
        }
        try each(customFields ?? [], "custom_fields", idField: "custom_field_id", id: \.customFieldID) { item, path throws(FieldError) in
            try Check.text(item.name, path.key("name"))
            try Check.text(item.location, path.key("location"), maxLength: 32)
            try Check.text(item.type, path.key("type"), maxLength: 32)
        }
    }

    private func each<Item>(
        _ items: [Item], _ name: String, idField: String, id: KeyPath<Item, Int64>,
        _ check: (Item, FieldPath) throws(FieldError) -> Void
    ) throws(FieldError) {
        let path = FieldPath().key(name)
        try Check.count(items.count, path, at: 10_000)
        var seen = Set<Int64>()
        for (position, item) in items.enumerated() {
            let itemPath = path.index(position)
            try Check.identifier(item[keyPath: id], itemPath.key(idField))
            guard seen.insert(item[keyPath: id]).inserted else {
                throw itemPath.key(idField).error("appears more than once")
            }
            try check(item, itemPath)
        }
    }
}
