import KoppelCore

extension OrderBatch {
    /// Checks the whole batch; the first refused field ends the check, so a batch is taken
    /// whole or not at all.
    public func validate() throws(FieldError) {
        let path = FieldPath().key("orders")
        try Check.count(orders.count, path, at: OrderBatch.maximumCount, atLeast: 1)
        var seen = Set<Int64>()
        for (position, order) in orders.enumerated() {
            let orderPath = path.index(position)
            try order.validate(orderPath)
            guard seen.insert(order.orderID).inserted else {
                throw orderPath.key("order_id").error("appears more than once in this batch")
            }
        }
    }
}

extension PushedOrder {
    func validate(_ path: FieldPath) throws(FieldError) {
        try Check.identifier(orderID, path.key("order_id"), allowZero: false)
        try Check.identifier(storeID, path.key("store_id"))
        try Check.text(storeName, path.key("store_name"), maxLength: 255)
        try Check.text(storeURL, path.key("store_url"), maxLength: 2048)
        try Check.text(invoicePrefix, path.key("invoice_prefix"), maxLength: 26)
        if let invoiceNumber { try Check.identifier(invoiceNumber, path.key("invoice_no")) }
        try Check.identifier(orderStatusID, path.key("order_status_id"))
        try Check.dateTime(dateAdded, path.key("date_added"))
        try Check.dateTime(dateModified, path.key("date_modified"))
        try Check.timeZone(timezone, path.key("timezone"))
        try Check.text(languageCode, path.key("language_code"), maxLength: 16)
        try currency.validate(path.key("currency"))
        try customer.validate(path.key("customer"))
        try paymentAddress?.validate(path.key("payment_address"))
        try shippingAddress?.validate(path.key("shipping_address"))
        try paymentMethod.validate(path.key("payment_method"))
        try shippingMethod?.validate(path.key("shipping_method"))

        try Check.count(products.count, path.key("products"), at: 1000)
        for (position, product) in products.enumerated() {
            try product.validate(path.key("products").index(position))
        }
        let vouchers = self.vouchers ?? []
        try Check.count(vouchers.count, path.key("vouchers"), at: 100)
        for (position, voucher) in vouchers.enumerated() {
            try voucher.validate(path.key("vouchers").index(position))
        }

        try Check.count(totals.count, path.key("totals"), at: 100, atLeast: 1)
        for (position, row) in totals.enumerated() {
            try row.validate(path.key("totals").index(position))
        }
        guard totals.contains(where: { $0.code == "total" }) else {
            throw path.key("totals").error("must contain the row with code \"total\"")
        }
        try Check.amount(total, path.key("total"))
        try Check.text(comment, path.key("comment"), maxLength: 65_535)

        let history = self.history ?? []
        try Check.count(history.count, path.key("history"), at: 1000)
        for (position, entry) in history.enumerated() {
            let entryPath = path.key("history").index(position)
            try Check.identifier(entry.orderStatusID, entryPath.key("order_status_id"))
            try Check.dateTime(entry.dateAdded, entryPath.key("date_added"))
            try Check.text(entry.comment, entryPath.key("comment"), maxLength: 65_535)
        }
    }
}

extension PushedCurrency {
    func validate(_ path: FieldPath) throws(FieldError) {
        try Check.code(code, path.key("code"), pattern: .currency)
        // DECIMAL(15,8): a positive factor with up to 8 decimals.
        let factor: Int64
        do {
            factor = try parseFixedPoint(value, decimals: 8, maxWholeDigits: 7)
        } catch {
            throw path.key("value").error("must be a positive decimal number as a string, with at most 8 decimals")
        }
        guard factor > 0 else { throw path.key("value").error("must be more than 0") }
    }
}

extension PushedCustomer {
    func validate(_ path: FieldPath) throws(FieldError) {
        try Check.identifier(customerID, path.key("customer_id"))
        try Check.identifier(customerGroupID, path.key("customer_group_id"))
        try Check.text(firstname, path.key("firstname"), maxLength: 128)
        try Check.text(lastname, path.key("lastname"), maxLength: 128)
        try Check.text(email, path.key("email"), maxLength: 254)
        try Check.text(telephone, path.key("telephone"), maxLength: 64)
        try validateCustomFields(customField, path.key("custom_field"))
    }
}

extension PushedAddress {
    func validate(_ path: FieldPath) throws(FieldError) {
        try Check.text(firstname, path.key("firstname"), maxLength: 128)
        try Check.text(lastname, path.key("lastname"), maxLength: 128)
        try Check.text(company, path.key("company"), maxLength: 128)
        try Check.text(address1, path.key("address_1"), maxLength: 255)
        try Check.text(address2, path.key("address_2"), maxLength: 255)
        try Check.text(city, path.key("city"), maxLength: 128)
        try Check.text(postcode, path.key("postcode"), maxLength: 16)
        try Check.text(country, path.key("country"), maxLength: 128)
        try Check.identifier(countryID, path.key("country_id"))
        try Check.code(isoCode2, path.key("iso_code_2"), pattern: .countryOrEmpty)
        try Check.text(zone, path.key("zone"), maxLength: 128)
        if let zoneID { try Check.identifier(zoneID, path.key("zone_id")) }
        try validateCustomFields(customField, path.key("custom_field"))
    }
}

extension PushedMethod {
    func validate(_ path: FieldPath) throws(FieldError) {
        try Check.code(code, path.key("code"), pattern: .extensionCode)
        try Check.text(name, path.key("name"), maxLength: 255)
        if let taxClassID { try Check.identifier(taxClassID, path.key("tax_class_id")) }
    }
}

extension PushedProduct {
    func validate(_ path: FieldPath) throws(FieldError) {
        try Check.identifier(orderProductID, path.key("order_product_id"))
        try Check.identifier(productID, path.key("product_id"))
        if let masterID { try Check.identifier(masterID, path.key("master_id")) }
        try Check.text(name, path.key("name"), maxLength: 255, required: true)
        try Check.text(model, path.key("model"), maxLength: 64)
        guard (1...1_000_000).contains(quantity) else {
            throw path.key("quantity").error("must be a whole number from 1 to 1000000")
        }
        try Check.amount(price, path.key("price"), allowNegative: false)
        try Check.amount(total, path.key("total"), allowNegative: false)
        try Check.amount(tax, path.key("tax"))
        if let reward { try Check.identifier(reward, path.key("reward")) }
        let options = self.options ?? []
        try Check.count(options.count, path.key("options"), at: 100)
        for (position, option) in options.enumerated() {
            let optionPath = path.key("options").index(position)
            try Check.identifier(option.productOptionID, optionPath.key("product_option_id"))
            try Check.identifier(option.productOptionValueID, optionPath.key("product_option_value_id"))
            try Check.text(option.name, optionPath.key("name"), maxLength: 255)
            try Check.text(option.value, optionPath.key("value"), maxLength: 65_535)
            try Check.text(option.type, optionPath.key("type"), maxLength: 32)
        }
    }
}

extension PushedVoucher {
    func validate(_ path: FieldPath) throws(FieldError) {
        try Check.text(code, path.key("code"), maxLength: 64)
        try Check.text(description, path.key("description"), maxLength: 255)
        try Check.amount(amount, path.key("amount"), allowNegative: false)
    }
}

extension PushedTotal {
    func validate(_ path: FieldPath) throws(FieldError) {
        try Check.code(code, path.key("code"), pattern: .extensionCode)
        try Check.text(title, path.key("title"), maxLength: 255)
        try Check.amount(value, path.key("value"))
        guard (-1_000_000...1_000_000).contains(sortOrder) else {
            throw path.key("sort_order").error("must be a whole number from -1000000 to 1000000")
        }
        try Check.text(`extension`, path.key("extension"), maxLength: 128)
    }
}

func validateCustomFields(_ fields: [String: CustomFieldValue]?, _ path: FieldPath) throws(FieldError) {
    guard let fields else { return }
    try Check.count(fields.count, path, at: 100)
    for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
        guard (1...10).contains(key.utf8.count), key.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw path.error("keys must be custom_field_id numbers")
        }
        switch value {
        case .text(let text): try Check.text(text, path.key(key), maxLength: 1024)
        case .list(let items):
            try Check.count(items.count, path.key(key), at: 100)
            for (position, item) in items.enumerated() { try Check.text(item, path.key(key).index(position), maxLength: 1024) }
        }
    }
}
