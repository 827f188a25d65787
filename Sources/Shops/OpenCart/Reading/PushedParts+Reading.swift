/// The objects inside an order, each read member by member in one pass (see `PushReader.object`).
/// The masks mark the required members by their position in the key table.
extension PushedCurrency {
    private static let keys = KeyTable("code", "value")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var code = "", value = ""
        try reader.object(Self.keys, required: 0b11) { position, reader throws(ReadFailure) in
            if position == 0 { code = try reader.string() } else { value = try reader.string() }
        }
        self.init(code: code, value: value)
    }
}

extension PushedCustomer {
    private static let keys = KeyTable(
        "customer_id", "customer_group_id", "firstname", "lastname", "email", "telephone", "custom_field")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var customerID: Int64 = 0, customerGroupID: Int64 = 0
        var firstname = "", lastname = "", email = ""
        var telephone: String?, customField: [String: CustomFieldValue]?
        try reader.object(Self.keys, required: 0b11111) { position, reader throws(ReadFailure) in
            switch position {
            case 0: customerID = try reader.wholeNumber()
            case 1: customerGroupID = try reader.wholeNumber()
            case 2: firstname = try reader.string()
            case 3: lastname = try reader.string()
            case 4: email = try reader.string()
            case 5: telephone = try reader.optionalString()
            default: customField = try reader.customFields()
            }
        }
        self.init(
            customerID: customerID, customerGroupID: customerGroupID, firstname: firstname, lastname: lastname,
            email: email, telephone: telephone, customField: customField)
    }
}

extension PushedAddress {
    private static let keys = KeyTable(
        "firstname", "lastname", "company", "address_1", "address_2", "city", "postcode", "country", "country_id",
        "iso_code_2", "zone", "zone_id", "custom_field")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var firstname = "", lastname = "", address1 = "", city = "", postcode = "", country = "", isoCode2 = ""
        var company: String?, address2: String?, zone: String?
        var countryID: Int64 = 0, zoneID: Int64?
        var customField: [String: CustomFieldValue]?
        try reader.object(Self.keys, required: 0b11_1110_1011) { position, reader throws(ReadFailure) in
            switch position {
            case 0: firstname = try reader.string()
            case 1: lastname = try reader.string()
            case 2: company = try reader.optionalString()
            case 3: address1 = try reader.string()
            case 4: address2 = try reader.optionalString()
            case 5: city = try reader.string()
            case 6: postcode = try reader.string()
            case 7: country = try reader.string()
            case 8: countryID = try reader.wholeNumber()
            case 9: isoCode2 = try reader.string()
            case 10: zone = try reader.optionalString()
            case 11: zoneID = try reader.optionalWholeNumber()
            default: customField = try reader.customFields()
            }
        }
        self.init(
            firstname: firstname, lastname: lastname, company: company, address1: address1, address2: address2,
            city: city, postcode: postcode, country: country, countryID: countryID, isoCode2: isoCode2, zone: zone,
            zoneID: zoneID, customField: customField)
    }
}

extension PushedMethod {
    private static let keys = KeyTable("code", "name", "tax_class_id")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var code = "", name = "", taxClassID: Int64?
        try reader.object(Self.keys, required: 0b11) { position, reader throws(ReadFailure) in
            switch position {
            case 0: code = try reader.string()
            case 1: name = try reader.string()
            default: taxClassID = try reader.optionalWholeNumber()
            }
        }
        self.init(code: code, name: name, taxClassID: taxClassID)
    }
}

extension PushedProduct {
    private static let keys = KeyTable(
        "order_product_id", "product_id", "master_id", "name", "model", "quantity", "price", "total", "tax", "reward",
        "options")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var orderProductID: Int64 = 0, productID: Int64 = 0, quantity: Int64 = 0
        var masterID: Int64?, reward: Int64?
        var name = "", model = "", price = "", total = "", tax = ""
        var options: [PushedOption]?
        try reader.object(Self.keys, required: 0b1_1111_1011) { position, reader throws(ReadFailure) in
            switch position {
            case 0: orderProductID = try reader.wholeNumber()
            case 1: productID = try reader.wholeNumber()
            case 2: masterID = try reader.optionalWholeNumber()
            case 3: name = try reader.string()
            case 4: model = try reader.string()
            case 5: quantity = try reader.wholeNumber()
            case 6: price = try reader.string()
            case 7: total = try reader.string()
            case 8: tax = try reader.string()
            case 9: reward = try reader.optionalWholeNumber()
            default:
                options = try reader.optionalArray { reader throws(ReadFailure) in try PushedOption(reading: &reader) }
            }
        }
        self.init(
            orderProductID: orderProductID, productID: productID, masterID: masterID, name: name, model: model,
            quantity: quantity, price: price, total: total, tax: tax, reward: reward, options: options)
    }
}

extension PushedOption {
    private static let keys = KeyTable("product_option_id", "product_option_value_id", "name", "value", "type")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var productOptionID: Int64 = 0, productOptionValueID: Int64 = 0
        var name = "", value = "", type = ""
        try reader.object(Self.keys, required: 0b11111) { position, reader throws(ReadFailure) in
            switch position {
            case 0: productOptionID = try reader.wholeNumber()
            case 1: productOptionValueID = try reader.wholeNumber()
            case 2: name = try reader.string()
            case 3: value = try reader.string()
            default: type = try reader.string()
            }
        }
        self.init(
            productOptionID: productOptionID, productOptionValueID: productOptionValueID, name: name, value: value,
            type: type)
    }
}

extension PushedVoucher {
    private static let keys = KeyTable("code", "description", "amount")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var code = "", description = "", amount = ""
        try reader.object(Self.keys, required: 0b111) { position, reader throws(ReadFailure) in
            switch position {
            case 0: code = try reader.string()
            case 1: description = try reader.string()
            default: amount = try reader.string()
            }
        }
        self.init(code: code, description: description, amount: amount)
    }
}

extension PushedTotal {
    private static let keys = KeyTable("code", "title", "value", "sort_order", "extension")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var code = "", title = "", value = "", sortOrder: Int64 = 0, `extension`: String?
        try reader.object(Self.keys, required: 0b1111) { position, reader throws(ReadFailure) in
            switch position {
            case 0: code = try reader.string()
            case 1: title = try reader.string()
            case 2: value = try reader.string()
            case 3: sortOrder = try reader.wholeNumber()
            default: `extension` = try reader.optionalString()
            }
        }
        self.init(code: code, title: title, value: value, sortOrder: sortOrder, extension: `extension`)
    }
}

extension PushedHistory {
    private static let keys = KeyTable("order_status_id", "date_added", "comment")

    init(reading reader: inout PushReader) throws(ReadFailure) {
        var orderStatusID: Int64 = 0, dateAdded = "", comment: String?
        try reader.object(Self.keys, required: 0b11) { position, reader throws(ReadFailure) in
            switch position {
            case 0: orderStatusID = try reader.wholeNumber()
            case 1: dateAdded = try reader.string()
            default: comment = try reader.optionalString()
            }
        }
        self.init(orderStatusID: orderStatusID, dateAdded: dateAdded, comment: comment)
    }
}
