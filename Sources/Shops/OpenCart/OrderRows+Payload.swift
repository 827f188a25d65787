import Foundation

/// The protocol's ORDER from the rows, field for field as `Koppel\OrderPayload::build` in the
/// extension (extensions/opencart/src/lib/OrderPayload.php) makes it. A change here is a change
/// there too; PayloadParityTests fails until both agree.
extension OrderRows {
    public func pushedOrder(defaults: Defaults = Defaults()) throws -> PushedOrder {
        let history = try (orderHistory ?? []).map { row in
            PushedHistory(
                orderStatusID: try row.number("order_status_id", fallback: 0),
                dateAdded: row.text("date_added"),
                comment: row.text("comment").htmlDecoded
            )
        }
        // Some exports leave out the header columns that also live elsewhere: the status is the
        // last history entry's, the total the `total` row's, the dates the history's.
        let statusID = try order.number("order_status_id", fallback: history.last.map { $0.orderStatusID })
        let totalRow = orderTotal.last { $0.text("code") == "total" }
        guard let total = order.optionalText("total") ?? totalRow?.text("value") else {
            throw ConversionError.missingColumn("order.total")
        }
        guard let dateAdded = order.optionalText("date_added") ?? history.first?.dateAdded else {
            throw ConversionError.missingColumn("order.date_added")
        }
        let dateModified = order.optionalText("date_modified") ?? history.last?.dateAdded ?? dateAdded

        return PushedOrder(
            orderID: try order.number("order_id"),
            storeID: try order.number("store_id", fallback: 0),
            storeName: order.optionalText("store_name")?.htmlDecoded,
            storeURL: order.optionalText("store_url"),
            invoicePrefix: order.optionalText("invoice_prefix"),
            invoiceNumber: order.optionalNumber("invoice_no"),
            orderStatusID: statusID,
            dateAdded: dateAdded,
            dateModified: dateModified,
            timezone: defaults.timezone.flatMap { $0.isEmpty ? nil : $0 },
            languageCode: order.optionalText("language_code"),
            currency: PushedCurrency(
                code: order.optionalText("currency_code")
                    ?? (defaults.currencyCode.isEmpty ? "EUR" : defaults.currencyCode),
                value: order.optionalText("currency_value") ?? "1.00000000"
            ),
            customer: PushedCustomer(
                customerID: try order.number("customer_id", fallback: 0),
                customerGroupID: try order.number("customer_group_id", fallback: 0),
                firstname: order.text("firstname").htmlDecoded,
                lastname: order.text("lastname").htmlDecoded,
                email: order.text("email").htmlDecoded,
                telephone: order.optionalText("telephone")?.htmlDecoded,
                // The VAT number lives here (or in an address's custom fields); the settings say
                // which field it is (`vat_custom_field_id`).
                customField: CustomFieldColumn.fields(order.text("custom_field"))
            ),
            paymentAddress: address(prefix: "payment", isoCode: paymentISOCode2),
            shippingAddress: address(prefix: "shipping", isoCode: shippingISOCode2),
            paymentMethod: method(name: "payment_method", code: "payment_code")
                ?? PushedMethod(code: "unknown", name: ""),
            shippingMethod: method(name: "shipping_method", code: "shipping_code"),
            products: try products(),
            vouchers: vouchers(),
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

    func products() throws -> [PushedProduct] {
        let options = orderOption ?? []
        return try orderProduct.map { row in
            let lineID = row.text("order_product_id")
            return PushedProduct(
                orderProductID: try row.number("order_product_id"),
                productID: try row.number("product_id"),
                masterID: row.optionalNumber("master_id"),
                name: row.text("name").htmlDecoded,
                model: row.text("model").htmlDecoded,
                quantity: try row.number("quantity"),
                price: row.text("price"),
                total: row.text("total"),
                tax: row.text("tax"),
                reward: row.optionalNumber("reward"),
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
    }

    /// Gift vouchers sold: part of the `sub_total` row, so an order without them does not add up.
    func vouchers() -> [PushedVoucher]? {
        guard let rows = orderVoucher, !rows.isEmpty else { return nil }
        return rows.map { row in
            PushedVoucher(
                code: row.text("code").htmlDecoded, description: row.text("description").htmlDecoded,
                amount: row.text("amount"))
        }
    }

    /// An address, or nil when OpenCart left it empty (4.0.2 keeps no payment address by default;
    /// downloads have no shipping address).
    func address(prefix: String, isoCode: String?) -> PushedAddress? {
        let column = { (name: String) in self.order.text("\(prefix)_\(name)") }
        let countryID = column("country_id").naturalNumber ?? 0
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
            // Only a real ISO 3166 code; the protocol's "" says unknown.
            isoCode2: isoCode.flatMap { $0.isISOCountryCode ? $0 : nil } ?? "",
            zone: column("zone").htmlDecoded,
            zoneID: order.optionalNumber("\(prefix)_zone_id"),
            customField: CustomFieldColumn.fields(column("custom_field"))
        )
    }

    /// OpenCart 3 keeps a method's name and code in two columns; 4.0.2+ one JSON object
    /// (`{"code":"cod.cod","name":"Cash On Delivery"}`, shipping with its `tax_class_id`, which
    /// may be a string or a number).
    func method(name nameColumn: String, code codeColumn: String) -> PushedMethod? {
        guard let raw = order.optionalText(nameColumn) else { return nil }
        if raw.hasPrefix("{"),
            let object = try? JSONDecoder().decode([String: ExportedValue].self, from: Data(raw.utf8)),
            case .text(let code)? = object["code"], case .text(let name)? = object["name"]
        {
            let taxClass = object["tax_class_id"]?.phpText ?? ""
            return PushedMethod(code: code, name: name.htmlDecoded, taxClassID: taxClass.naturalNumber)
        }
        // A 3.0 name, or JSON without a code and a name: read as a name, as the extension does.
        return PushedMethod(code: order.optionalText(codeColumn) ?? "unknown", name: raw.htmlDecoded)
    }
}
