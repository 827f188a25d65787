/// The objects inside an order in canonical form, members in the UTF-8 order of their keys.
extension PushedCurrency {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        writer.key("code"); writer.string(code)
        writer.key("value"); writer.string(value)
        writer.closeObject()
    }
}

extension PushedCustomer {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        if let customField { writer.key("custom_field"); writer.customFields(customField) }
        writer.key("customer_group_id"); writer.number(customerGroupID)
        writer.key("customer_id"); writer.number(customerID)
        writer.key("email"); writer.string(email)
        writer.key("firstname"); writer.string(firstname)
        writer.key("lastname"); writer.string(lastname)
        if let telephone { writer.key("telephone"); writer.string(telephone) }
        writer.closeObject()
    }
}

extension PushedAddress {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        writer.key("address_1"); writer.string(address1)
        if let address2 { writer.key("address_2"); writer.string(address2) }
        writer.key("city"); writer.string(city)
        if let company { writer.key("company"); writer.string(company) }
        writer.key("country"); writer.string(country)
        writer.key("country_id"); writer.number(countryID)
        if let customField { writer.key("custom_field"); writer.customFields(customField) }
        writer.key("firstname"); writer.string(firstname)
        writer.key("iso_code_2"); writer.string(isoCode2)
        writer.key("lastname"); writer.string(lastname)
        writer.key("postcode"); writer.string(postcode)
        if let zone { writer.key("zone"); writer.string(zone) }
        if let zoneID { writer.key("zone_id"); writer.number(zoneID) }
        writer.closeObject()
    }
}

extension PushedMethod {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        writer.key("code"); writer.string(code)
        writer.key("name"); writer.string(name)
        if let taxClassID { writer.key("tax_class_id"); writer.number(taxClassID) }
        writer.closeObject()
    }
}

extension PushedProduct {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        if let masterID { writer.key("master_id"); writer.number(masterID) }
        writer.key("model"); writer.string(model)
        writer.key("name"); writer.string(name)
        if let options { writer.key("options"); writer.array(options) { $1.write(to: &$0) } }
        writer.key("order_product_id"); writer.number(orderProductID)
        writer.key("price"); writer.string(price)
        writer.key("product_id"); writer.number(productID)
        writer.key("quantity"); writer.number(quantity)
        if let reward { writer.key("reward"); writer.number(reward) }
        writer.key("tax"); writer.string(tax)
        writer.key("total"); writer.string(total)
        writer.closeObject()
    }
}

extension PushedOption {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        writer.key("name"); writer.string(name)
        writer.key("product_option_id"); writer.number(productOptionID)
        writer.key("product_option_value_id"); writer.number(productOptionValueID)
        writer.key("type"); writer.string(type)
        writer.key("value"); writer.string(value)
        writer.closeObject()
    }
}

extension PushedVoucher {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        writer.key("amount"); writer.string(amount)
        writer.key("code"); writer.string(code)
        writer.key("description"); writer.string(description)
        writer.closeObject()
    }
}

extension PushedTotal {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        writer.key("code"); writer.string(code)
        if let `extension` { writer.key("extension"); writer.string(`extension`) }
        writer.key("sort_order"); writer.number(sortOrder)
        writer.key("title"); writer.string(title)
        writer.key("value"); writer.string(value)
        writer.closeObject()
    }
}

extension PushedHistory {
    func write(to writer: inout CanonicalWriter) {
        writer.openObject()
        if let comment { writer.key("comment"); writer.string(comment) }
        writer.key("date_added"); writer.string(dateAdded)
        writer.key("order_status_id"); writer.number(orderStatusID)
        writer.closeObject()
    }
}
