import Foundation

/// An order as rows of OpenCart's own tables (`oc_order`, `oc_order_product`, `oc_order_option`,
/// `oc_order_total`, `oc_order_history`), every column a string as MySQL hands it to PHP. This is
/// what a database export holds; `pushedOrder(defaults:)` turns it into the protocol's shape, the
/// same mapping the shop extension makes before it pushes.
public struct OrderRows: Decodable, Sendable {
    public typealias Row = [String: String?]

    public var order: Row
    public var paymentISOCode2: String?
    public var shippingISOCode2: String?
    public var orderProduct: [Row]
    public var orderOption: [Row]?
    public var orderTotal: [Row]
    public var orderHistory: [Row]?

    enum CodingKeys: String, CodingKey {
        case order
        case paymentISOCode2 = "payment_iso_code_2"
        case shippingISOCode2 = "shipping_iso_code_2"
        case orderProduct = "order_product"
        case orderOption = "order_option"
        case orderTotal = "order_total"
        case orderHistory = "order_history"
    }

    /// What to assume where an export lacks a column: the store's default currency.
    public struct Defaults: Sendable {
        public var currencyCode: String
        public var timezone: String?

        public init(currencyCode: String = "EUR", timezone: String? = nil) {
            self.currencyCode = currencyCode
            self.timezone = timezone
        }
    }

    public enum ConversionError: Error, Equatable, CustomStringConvertible {
        case missingColumn(String)
        case notANumber(column: String)

        public var description: String {
            switch self {
            case .missingColumn(let column): return "the export has no value for \(column)"
            case .notANumber(let column): return "\(column) is not a whole number"
            }
        }
    }
}

extension OrderRows {
    public func pushedOrder(defaults: Defaults = Defaults()) throws -> PushedOrder {
        let history = (orderHistory ?? []).map { row in
            PushedHistory(
                orderStatusID: Int64(row.text("order_status_id")) ?? 0,
                dateAdded: row.text("date_added"),
                comment: row.text("comment")
            )
        }
        // Some exports leave out the header columns that also live elsewhere: the status is the
        // last history entry's, the total the `total` row's, the dates the history's.
        let statusID = try order.number("order_status_id", fallback: history.last.map { $0.orderStatusID })
        let totalRow = orderTotal.first { $0.text("code") == "total" }
        let total = order.optionalText("total") ?? totalRow?.text("value")
        guard let total else { throw ConversionError.missingColumn("order.total") }
        guard let dateAdded = order.optionalText("date_added") ?? history.first?.dateAdded else {
            throw ConversionError.missingColumn("order.date_added")
        }
        let dateModified = order.optionalText("date_modified") ?? history.last?.dateAdded ?? dateAdded

        let options = orderOption ?? []
        let products = try orderProduct.map { row in
            let lineID = row.text("order_product_id")
            return PushedProduct(
                orderProductID: try row.number("order_product_id"),
                productID: try row.number("product_id"),
                masterID: row.optionalText("master_id").flatMap { Int64($0) },
                name: row.text("name").htmlDecoded,
                model: row.text("model").htmlDecoded,
                quantity: try row.number("quantity"),
                price: row.text("price"),
                total: row.text("total"),
                tax: row.text("tax"),
                reward: row.optionalText("reward").flatMap { Int64($0) },
                options: try options.filter { $0.text("order_product_id") == lineID }.map { option in
                    PushedOption(
                        productOptionID: try option.number("product_option_id"),
                        productOptionValueID: try option.number("product_option_value_id"),
                        name: option.text("name").htmlDecoded,
                        value: option.text("value").htmlDecoded,
                        type: option.text("type")
                    )
                }
            )
        }

        return PushedOrder(
            orderID: try order.number("order_id"),
            storeID: try order.number("store_id", fallback: 0),
            storeName: order.optionalText("store_name")?.htmlDecoded,
            storeURL: order.optionalText("store_url"),
            invoicePrefix: order.optionalText("invoice_prefix"),
            invoiceNumber: order.optionalText("invoice_no").flatMap { Int64($0) },
            orderStatusID: statusID,
            dateAdded: dateAdded,
            dateModified: dateModified,
            timezone: defaults.timezone,
            languageCode: order.optionalText("language_code"),
            currency: PushedCurrency(
                code: order.optionalText("currency_code") ?? defaults.currencyCode,
                value: order.optionalText("currency_value") ?? "1.00000000"
            ),
            customer: PushedCustomer(
                customerID: try order.number("customer_id", fallback: 0),
                customerGroupID: try order.number("customer_group_id", fallback: 0),
                firstname: order.text("firstname").htmlDecoded,
                lastname: order.text("lastname").htmlDecoded,
                email: order.text("email"),
                telephone: order.optionalText("telephone"),
                customField: Self.customFields(order.text("custom_field"))
            ),
            paymentAddress: try address(prefix: "payment", isoCode: paymentISOCode2),
            shippingAddress: try address(prefix: "shipping", isoCode: shippingISOCode2),
            paymentMethod: method(name: "payment_method", code: "payment_code") ?? PushedMethod(code: "unknown", name: ""),
            shippingMethod: method(name: "shipping_method", code: "shipping_code"),
            products: products,
            vouchers: nil,
            totals: try orderTotal.map { row in
                PushedTotal(
                    code: row.text("code"),
                    title: row.text("title").htmlDecoded,
                    value: row.text("value"),
                    sortOrder: try row.number("sort_order", fallback: 0),
                    extension: row.optionalText("extension")
                )
            },
            total: total,
            comment: order.optionalText("comment")?.htmlDecoded,
            history: history.isEmpty ? nil : history
        )
    }

    /// An address, or nil when OpenCart left it empty (4.0.2 keeps no payment address by default;
    /// downloads have no shipping address).
    func address(prefix: String, isoCode: String?) throws -> PushedAddress? {
        let column = { (name: String) in self.order.text("\(prefix)_\(name)") }
        let countryID = Int64(column("country_id")) ?? 0
        guard !(column("firstname").isEmpty && column("address_1").isEmpty && countryID == 0) else { return nil }
        return PushedAddress(
            firstname: column("firstname").htmlDecoded,
            lastname: column("lastname").htmlDecoded,
            company: column("company").htmlDecoded,
            address1: column("address_1").htmlDecoded,
            address2: column("address_2").htmlDecoded,
            city: column("city").htmlDecoded,
            postcode: column("postcode").htmlDecoded,
            country: column("country").htmlDecoded,
            countryID: countryID,
            isoCode2: isoCode ?? "",
            zone: column("zone").htmlDecoded,
            zoneID: Int64(column("zone_id")),
            customField: Self.customFields(column("custom_field"))
        )
    }

    /// OpenCart 3 keeps a method's name and code in two columns; 4.0.2+ one JSON object.
    func method(name nameColumn: String, code codeColumn: String) -> PushedMethod? {
        guard let raw = order.optionalText(nameColumn) else { return nil }
        if raw.hasPrefix("{"), let object = try? JSONDecoder().decode(JSONMethod.self, from: Data(raw.utf8)) {
            return PushedMethod(code: object.code, name: object.name.htmlDecoded, taxClassID: object.taxClassID.flatMap { Int64($0) })
        }
        return PushedMethod(code: order.optionalText(codeColumn) ?? "unknown", name: raw.htmlDecoded)
    }

    private struct JSONMethod: Decodable {
        var code: String
        var name: String
        var taxClassID: String?

        enum CodingKeys: String, CodingKey {
            case code, name
            case taxClassID = "tax_class_id"
        }
    }

    /// `custom_field` columns hold `{"1":"NL123456789B01"}`, or `[]` when empty (PHP's empty array).
    static func customFields(_ json: String) -> [String: CustomFieldValue]? {
        guard json.hasPrefix("{"), let fields = try? JSONDecoder().decode([String: CustomFieldValue].self, from: Data(json.utf8)),
            !fields.isEmpty
        else { return nil }
        return fields
    }
}

extension [String: String?] {
    func text(_ column: String) -> String {
        (self[column] ?? nil) ?? ""
    }

    func optionalText(_ column: String) -> String? {
        guard let value = self[column] ?? nil, !value.isEmpty else { return nil }
        return value
    }

    func number(_ column: String, fallback: Int64? = nil) throws -> Int64 {
        guard let text = optionalText(column) else {
            guard let fallback else { throw OrderRows.ConversionError.missingColumn(column) }
            return fallback
        }
        guard let value = Int64(text) else { throw OrderRows.ConversionError.notANumber(column: column) }
        return value
    }
}

extension String {
    /// OpenCart stores customer input HTML-escaped (`O&#039;Brien`); the protocol carries plain text.
    var htmlDecoded: String {
        guard contains("&") else { return self }
        var result = self
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#039;", "'"), ("&#39;", "'"), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }
}
