import SandboxSupport

/// An order as `/v1/orders` answers it: the spec's `Order` schema [SPEC], or with `live` the shapes the
/// live API was seen to send (§1.4 "live deviations", [C-one: PY `tests/test_live_shapes.py`, CHANGELOG 1.0.2]):
///
/// | field | spec | live |
/// |---|---|---|
/// | `number` | integer | string `"1001"` |
/// | `price.tax` | list of `TaxPrice` (as the spec's example) | one object for a single rate, else a list |
/// | VAT and total amounts | 6 decimals, `"0.830000"` (the spec example's figures) | 2 decimals, `"11.80"` |
/// | `shipping[].country` without a country | no shipping entry | `[]` (a PHP serialisation artefact) |
/// | `credit_order_numbers` without credit orders | left out | `[]` |
///
/// Amounts are strings in both: the schema types them `string` [SPEC `TaxPrice`, `Order.price.total`].
struct OrderRendering {
    var live: Bool

    func render(_ order: SandboxOrder) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("number", live ? .string(String(order.number)) : .int(order.number)),
            ("uuid", .string(order.uuid)),
            ("date", .string(order.date)),
            ("time", .string(order.time)),
            ("status", .int(order.status)),
            ("status_changed_date", .string(String(order.statusChanged.prefix(10)))),
            ("status_changed_time", .string(String(order.statusChanged.suffix(8)))),
            ("archived", .bool(order.archived)),
            ("finished", .bool(true)),
            ("taxed", .string("include")),
            ("locale", .string("nl_NL")),
            ("currency", .string(order.currency)),
            ("currency_format_locale", .string("nl_NL")),
            ("business_model", .string(order.businessModel)),
            ("tax_region", .string(order.taxRegion)),
            ("tax_strategy", .string(order.taxStrategy)),
        ]
        if let code = order.discountCode { members.append(("discountcode", .string(code))) }
        if let reference = order.reference { members.append(("reference", .string(reference))) }
        if let credited = order.creditedOrderNumber { members.append(("credited_order_number", .int(credited))) }
        if !order.creditOrderNumbers.isEmpty || live {
            members.append(("credit_order_numbers", .array(order.creditOrderNumbers.map(JSONValue.int))))
        }
        members.append(("payment_status", .string(order.paymentStatus)))
        members.append(("payment", payment(order)))
        members.append(("debtor", order.debtor))
        members.append(("price", price(order)))
        members.append(("orderlines", .array(order.lines.map(line))))
        members.append(("shipping", shipping(order)))
        return .object(members)
    }

    /// `{gateway_name, method_name, status{id, text}}` [SPEC `OrderPaymentSummary`; PY saw the status object
    /// live]. Status 1 "Successful" for a captured or authorized payment, 5 "Pending" otherwise [Inferred].
    private func payment(_ order: SandboxOrder) -> JSONValue {
        let paid = ["captured", "authorized"].contains(order.paymentStatus)
        return .object([
            ("gateway_name", .string(order.gatewayName)), ("method_name", .string(order.methodName)),
            ("status", .object([("id", .int(paid ? 1 : 5)), ("text", .string(paid ? "Successful" : "Pending"))])),
        ])
    }

    private func price(_ order: SandboxOrder) -> JSONValue {
        var grossPerRate: [Int: Int64] = [:]
        for portion in order.lines.flatMap(\.portions) { grossPerRate[portion.rateBasisPoints, default: 0] += portion.grossCents }
        let taxes: [JSONValue] = grossPerRate.keys.sorted().map { rate in
            let vat = SandboxMoney.vatCents(grossCents: grossPerRate[rate]!, rateBasisPoints: rate)
            return .object([
                ("amount", .string(SandboxMoney.text(cents: vat, decimals: live ? 2 : 6))),
                ("rate", .string(SandboxMoney.rateText(rate))),
            ])
        }
        let total = grossPerRate.values.reduce(0, +)
        let tax: JSONValue = live && taxes.count == 1 ? taxes[0] : .array(taxes)
        return .object([("tax", tax), ("total", .string(SandboxMoney.text(cents: total, decimals: live ? 2 : 6)))])
    }

    /// `price` is one `TaxPrice` or a list of them [SPEC `OrderDetail.price` oneOf]; `amount` excl. VAT with
    /// 6 decimals, `amount_including_tax` with exactly 2 [SPEC `TaxPrice`, CHG 1.1.23].
    private func line(_ line: SandboxLine) -> JSONValue {
        let prices: [JSONValue] = line.portions.map { portion in
            .object([
                ("amount", .string(SandboxMoney.text(
                    millionths: SandboxMoney.netMillionths(grossCents: portion.grossCents, rateBasisPoints: portion.rateBasisPoints),
                    decimals: 6))),
                ("amount_including_tax", .string(SandboxMoney.text(cents: portion.grossCents))),
                ("rate", .string(SandboxMoney.rateText(portion.rateBasisPoints))),
            ])
        }
        return .object([
            ("id", .string(line.id)), ("type", .string(line.type)), ("quantity", .int(line.quantity)),
            ("weight", .string("0")), ("description", .string(line.description)),
            ("price", line.priceIsList ? .array(prices) : prices[0]),
        ])
    }

    private func shipping(_ order: SandboxOrder) -> JSONValue {
        guard let country = order.shippingCountry else { return live ? .array([.object([("country", .array([]))])]) : .array([]) }
        return .array([.object([
            ("country", .object([("description", .string(country.description)), ("isocode", .string(country.isocode))])),
        ])])
    }
}
