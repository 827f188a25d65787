import Foundation
import SandboxSupport

/// One order as the sandbox keeps it, independent of the shape it is answered in (`OrderRendering`).
/// Lines hold what the shop fixes, the price including VAT per rate; the excl. amounts, the VAT per rate
/// and the total are derived from them as the shop derives them (`SandboxMoney`).
struct SandboxOrder: Sendable {
    var number: Int
    var uuid: String
    /// `YYYY-MM-DD` and `HH:MM:SS` [SPEC `Order.date`, `Order.time`]; UTC in the sandbox [Guess: the live
    /// API's time zone is not documented, probably the store's own].
    var date: String
    var time: String
    var status: Int
    /// `YYYY-MM-DD HH:MM:SS` of the last status change, what `status_changed_start_date` filters on.
    var statusChanged: String
    var archived = false
    /// Test orders are left out unless `test=true` [SPEC `test` parameter].
    var test = false
    var currency = "EUR"
    var businessModel = "B2C"
    var reference: String?
    var taxStrategy = ""
    var taxRegion = "NL"
    var creditedOrderNumber: Int?
    var creditOrderNumbers: [Int] = []
    /// [SPEC `payment_status`] new, pending, authorized, captured, incomplete, failed, refunded, voided, unknown.
    var paymentStatus = "captured"
    var gatewayName = "basic"
    var methodName = "advance"
    var discountCode: String?
    /// The debtor object in the spec's shape (`OrderDebtor`), kept as it was given.
    var debtor: JSONValue
    var lines: [SandboxLine]
    /// `nil` renders the live API's `"country": []` in live mode and no shipping entry in spec mode.
    var shippingCountry: (description: String, isocode: String)?

    var debtorEmail: String? { debtor["email"]?.text }
    var debtorID: String? { debtor["id"]?.text }
}

/// An order line: `article`, `custom` [SPEC], `payment` [SPEC example], `discount` [CHG 2019-05-08] or
/// `shipping` [Inferred, §1.4].
struct SandboxLine: Sendable {
    var id: String
    var type: String
    var quantity: Int
    var description: String
    /// One portion per VAT rate. A line given with a list of portions is answered with `price` as a list
    /// (discount and payment lines spread over the rates, CHG 2019-05-08), else as one `TaxPrice`.
    var portions: [SandboxPortion]
    var priceIsList: Bool
}

struct SandboxPortion: Sendable {
    /// Hundredths of a percent: 2100 = 21 %.
    var rateBasisPoints: Int
    /// The line's price including VAT for this rate, in cents (`amount_including_tax`, exactly 2 decimals).
    var grossCents: Int64
}

extension SandboxOrder {
    /// An order from the body of `POST /sandbox/orders`: the spec's field names, lines as
    /// `{"type", "description", "quantity", "price": {"rate": "21.00", "amount_including_tax": "15.00"}}`
    /// (`price` may be a list), the debtor in the spec's shape. Omitted fields get the sandbox's defaults.
    static func parse(_ body: JSONValue, nextNumber: Int, now: Date) throws(MijnwebwinkelProblem) -> SandboxOrder {
        guard case .object = body else { throw .validation("the order must be a JSON object") }
        let number = try body["number"].map { value throws(MijnwebwinkelProblem) -> Int in
            guard let text = value.text, let number = Int(text), number > 0 else {
                throw .validation("number must be a positive whole number")
            }
            return number
        } ?? nextNumber
        let stamp = SandboxClock.stamp(now)
        let date = body["date"]?.text ?? String(stamp.prefix(10))
        let time = body["time"]?.text ?? String(stamp.suffix(8))
        guard SandboxClock.isDate(date), SandboxClock.isTime(time) else {
            throw .validation("date must be YYYY-MM-DD and time HH:MM:SS")
        }
        var order = SandboxOrder(
            number: number, uuid: body["uuid"]?.text ?? UUID().uuidString.lowercased(), date: date, time: time,
            status: try wholeNumber(body["status"], "status") ?? 1, statusChanged: date + " " + time,
            debtor: body["debtor"] ?? SandboxOrder.demoDebtor(number), lines: [])
        if let changed = body["status_changed"]?.text {
            guard let normal = SandboxClock.normalize(changed) else {
                throw .validation("status_changed must be YYYY-MM-DD HH:MM:SS")
            }
            order.statusChanged = normal
        }
        order.archived = body["archived"]?.boolValue ?? false
        order.test = body["test"]?.boolValue ?? false
        order.currency = body["currency"]?.text ?? "EUR"
        order.businessModel = body["business_model"]?.text ?? "B2C"
        order.reference = body["reference"]?.text
        order.taxStrategy = body["tax_strategy"]?.text ?? ""
        order.taxRegion = body["tax_region"]?.text ?? "NL"
        order.creditedOrderNumber = try wholeNumber(body["credited_order_number"], "credited_order_number")
        order.paymentStatus = body["payment_status"]?.text ?? "captured"
        order.gatewayName = body["payment"]?["gateway_name"]?.text ?? "basic"
        order.methodName = body["payment"]?["method_name"]?.text ?? "advance"
        order.discountCode = body["discountcode"]?.text
        if let country = body["shipping_country"], case .object = country {
            order.shippingCountry = (country["description"]?.text ?? "", country["isocode"]?.text ?? "")
        } else if body["shipping_country"] == nil {
            order.shippingCountry = ("Nederland", "NL")
        }
        guard let lines = body["lines"]?.arrayValue, !lines.isEmpty else { throw .validation("lines must be a non-empty list") }
        for line in lines {
            order.lines.append(try SandboxLine.parse(line))
        }
        return order
    }

    private static func wholeNumber(_ value: JSONValue?, _ name: String) throws(MijnwebwinkelProblem) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.text, let number = Int(text) else { throw .validation("\(name) must be a whole number") }
        return number
    }

    static func demoDebtor(_ number: Int) -> JSONValue {
        .object([
            ("email", .string("klant\(number)@example.nl")),
            ("address", .object([
                ("invoice", .object([
                    ("name", .string("Klant \(number)")), ("company", .string("")), ("street", .string("Molenstraat")),
                    ("number", .string("62")), ("zipcode", .string("5341GE")), ("city", .string("Oss")),
                    ("country", .string("Nederland")), ("country_code", .string("NL")), ("phone", .string("06-12345678")),
                    ("taxnumber", .string("")),
                ])),
            ])),
        ])
    }
}

extension SandboxLine {
    static func parse(_ line: JSONValue) throws(MijnwebwinkelProblem) -> SandboxLine {
        guard let type = line["type"]?.nonBlankText else { throw .validation("every line needs a type") }
        let quantity = line["quantity"]?.text.flatMap { Int($0) } ?? 1
        var portions: [SandboxPortion] = []
        let price = line["price"]
        let items = price?.arrayValue ?? (price.map { [$0] } ?? [])
        guard !items.isEmpty else { throw .validation("every line needs a price") }
        for item in items {
            guard let rateText = item["rate"]?.text, let rate = SandboxMoney.basisPoints(rateText),
                let grossText = item["amount_including_tax"]?.text, let gross = SandboxMoney.cents(grossText)
            else { throw .validation("a line price needs rate (\"21.00\") and amount_including_tax (\"15.00\")") }
            portions.append(SandboxPortion(rateBasisPoints: rate, grossCents: gross))
        }
        return SandboxLine(
            id: line["id"]?.text ?? UUID().uuidString.lowercased(), type: type, quantity: quantity,
            description: line["description"]?.text ?? type, portions: portions, priceIsList: price?.arrayValue != nil)
    }
}
