import Foundation
import KoppelCore
@testable import OpenCart
import Testing

/// Every refused field is named exactly, and the message explains what is expected.
struct ValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var path: String
        var value: String  // JSON text of the new value; "<remove>" removes the field
        var field: String
        var message: String

        var testDescription: String { "\(path) = \(value)" }
    }

    static let cases: [Case] = [
        Case(path: "orders[0].order_id", value: "<remove>", field: "orders[0].order_id", message: "is required"),
        Case(path: "orders[0].order_id", value: "\"1\"", field: "orders[0].order_id", message: "must be a whole number"),
        Case(path: "orders[0].order_id", value: "0", field: "orders[0].order_id", message: "1 or more"),
        Case(path: "orders[0].order_id", value: "-7", field: "orders[0].order_id", message: "1 or more"),
        Case(path: "orders[0].order_id", value: "1.5", field: "orders[0].order_id", message: "must be a whole number"),
        Case(path: "orders[0].order_id", value: "1e30", field: "orders[0].order_id", message: "must be a whole number"),
        Case(path: "orders[0].order_id", value: "\"1; DROP TABLE shop_order\"", field: "orders[0].order_id", message: "whole number"),
        Case(path: "orders[0].total", value: "40.8469", field: "orders[0].total", message: "must be a string"),
        Case(path: "orders[0].total", value: "\"40,85\"", field: "orders[0].total", message: "decimal number"),
        Case(path: "orders[0].total", value: "\"1e9\"", field: "orders[0].total", message: "decimal number"),
        Case(path: "orders[0].total", value: "\"123456789012.00\"", field: "orders[0].total", message: "less than"),
        Case(path: "orders[0].totals[2].value", value: "\"-3.38251\"", field: "orders[0].totals[2].value", message: "at most 4 decimals"),
        Case(path: "orders[0].totals[2].value", value: "null", field: "orders[0].totals[2].value", message: "not null"),
        Case(path: "orders[0].totals[5].code", value: "\"<script>alert(1)</script>\"", field: "orders[0].totals[5].code", message: "a-z"),
        Case(path: "orders[0].totals", value: "[]", field: "orders[0].totals", message: "at least 1"),
        Case(path: "orders[0].totals[5].code", value: "\"grand_total\"", field: "orders[0].totals", message: "\"total\""),
        Case(path: "orders[0].products[1].quantity", value: "-1", field: "orders[0].products[1].quantity", message: "1 to 1000000"),
        Case(path: "orders[0].products[1].quantity", value: "0", field: "orders[0].products[1].quantity", message: "1 to 1000000"),
        Case(path: "orders[0].products[0].price", value: "\"-4.5780\"", field: "orders[0].products[0].price", message: "not be negative"),
        Case(path: "orders[0].products[0].name", value: "\"\"", field: "orders[0].products[0].name", message: "not be empty"),
        Case(path: "orders[0].products[0].name", value: "\"a\\u0000b\"", field: "orders[0].products[0].name", message: "NUL"),
        Case(path: "orders[0].products", value: "{}", field: "orders[0].products", message: "an array"),
        Case(path: "orders[0].currency.code", value: "\"eur\"", field: "orders[0].currency.code", message: "ISO 4217"),
        Case(path: "orders[0].currency.value", value: "\"0\"", field: "orders[0].currency.value", message: "more than 0"),
        Case(path: "orders[0].currency.value", value: "\"-1.0\"", field: "orders[0].currency.value", message: "more than 0"),
        Case(path: "orders[0].date_added", value: "\"2026-02-30 10:00:00\"", field: "orders[0].date_added", message: "date and time"),
        Case(path: "orders[0].date_added", value: "\"2026-11-22T23:37:28Z\"", field: "orders[0].date_added", message: "date and time"),
        Case(path: "orders[0].timezone", value: "\"Europe/Amsterdm\"", field: "orders[0].timezone", message: "time zone name"),
        Case(path: "orders[0].timezone", value: "\"+02:00\"", field: "orders[0].timezone", message: "time zone name"),
        Case(path: "orders[0].timezone", value: "\"\"", field: "orders[0].timezone", message: "time zone name"),
        Case(path: "orders[0].timezone", value: "1", field: "orders[0].timezone", message: "must be a string"),
        Case(path: "orders[0].payment_address.iso_code_2", value: "\"Netherlands\"", field: "orders[0].payment_address.iso_code_2", message: "ISO 3166"),
        Case(path: "orders[0].customer.email", value: "\"\(String(repeating: "a", count: 300))@x.nl\"", field: "orders[0].customer.email", message: "at most 254"),
        Case(path: "orders[0].customer.custom_field", value: "{\"vat\": \"NL1\"}", field: "orders[0].customer.custom_field", message: "custom_field_id"),
        Case(path: "orders[0].customer.custom_field", value: "{\"1\": 5}", field: "orders[0].customer.custom_field.1", message: "a string or an array of strings"),
        Case(path: "orders[0].payment_method.code", value: "\"../../etc/passwd\"", field: "orders[0].payment_method.code", message: "a-z"),
        Case(path: "orders[0].customer", value: "<remove>", field: "orders[0].customer", message: "is required"),
        Case(path: "orders", value: "[]", field: "orders", message: "at least 1"),
        Case(path: "orders", value: "\"all\"", field: "orders", message: "an array"),
    ]

    @Test(arguments: cases)
    func namesTheRefusedField(_ testCase: Case) throws {
        var object = try Fixtures.batchObject()
        let value: Any? = testCase.value == "<remove>" ? nil : try JSONSerialization.jsonObject(with: Data(testCase.value.utf8), options: .fragmentsAllowed)
        object = editing(object, at: testCase.path, to: value)
        do {
            _ = try PushDecoding.orderBatch(from: jsonData(object))
            Issue.record("accepted")
        } catch .invalidField(let error) {
            #expect(error.field == testCase.field)
            #expect(error.message.contains(testCase.message), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func refusesTheSameOrderTwiceInABatch() throws {
        let object = try Fixtures.batchObject(["opencart3-order-1.json", "opencart3-order-2.json", "opencart3-order-3.json"])
        let twice = editing(object, at: "orders[2].order_id", to: 1)
        #expect(throws: PushRejection.invalidField(FieldError(field: "orders[2].order_id", message: "appears more than once in this batch"))) {
            try PushDecoding.orderBatch(from: jsonData(twice))
        }
    }

    @Test func refusesBatchesOverFiveHundred() throws {
        let order = (try Fixtures.batchObject()["orders"] as! [Any])[0] as! [String: Any]
        let orders = (1...501).map { editing(order, at: "order_id", to: $0) }
        #expect(throws: PushRejection.invalidField(FieldError(field: "orders", message: "must have at most 500 entries"))) {
            try PushDecoding.orderBatch(from: jsonData(["orders": orders]))
        }
        let fiveHundred = try PushDecoding.orderBatch(from: jsonData(["orders": Array(orders.prefix(500))]))
        #expect(fiveHundred.orders.count == 500)
    }

    @Test(arguments: [
        ("", PushRejection.malformedJSON("the body is empty (at byte 0)")),
        ("{", .malformedJSON("the body ends inside a JSON value (at byte 1)")),
        ("[1,", .malformedJSON("the body ends inside a JSON value (at byte 3)", field: "[1]")),
        ("null x", .malformedJSON("there is more after the JSON value (at byte 5)")),
        ("{\"orders\": [}", .malformedJSON("expected a JSON value (at byte 12)", field: "orders[0]")),
    ])
    func malformedJSONIsNotAFieldError(body: String, rejection: PushRejection) {
        #expect(throws: rejection) {
            try PushDecoding.orderBatch(from: Data(body.utf8))
        }
    }

    @Test func nonUTF8IsRefusedAsSuch() {
        #expect(throws: PushRejection.malformedJSON("the body is not valid UTF-8 (at byte 2)")) {
            try PushDecoding.orderBatch(from: Data([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))
        }
    }

    /// What OpenCart's settings offer (PHP's `timezone_identifiers_list()`), an older alias of a
    /// name, and no zone at all are taken.
    @Test(arguments: ["Europe/Amsterdam", "UTC", "Europe/Kiev", nil] as [String?])
    func takesTheTimeZonesOpenCartOffers(_ zone: String?) throws {
        let object = editing(try Fixtures.batchObject(), at: "orders[0].timezone", to: zone)
        #expect(try PushDecoding.orderBatch(from: jsonData(object)).orders[0].timezone == zone)
    }

    @Test func refusesAnUnknownTimeZoneInTheSettings() throws {
        let settings = try Fixtures.settings("opencart3-settings.json")
        let object = editing(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as! [String: Any],
            at: "store.timezone", to: "Europe/Amsterdm")
        #expect(throws: PushRejection.invalidField(FieldError(
            field: "store.timezone", message: "must be a time zone name like \"Europe/Amsterdam\" or \"UTC\""))) {
            try PushDecoding.settings(from: jsonData(object))
        }
    }

    @Test func settingsFieldsAreNamedToo() throws {
        let settings = try Fixtures.settings("opencart3-settings.json")
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as! [String: Any]
        object = editing(object, at: "tax_rates[1].type", to: "X")
        #expect(throws: PushRejection.invalidField(FieldError(field: "tax_rates[1].type", message: "must be \"P\" (percentage) or \"F\" (fixed amount)"))) {
            try PushDecoding.settings(from: jsonData(object))
        }
        let duplicate = editing(try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as! [String: Any],
                                at: "tax_classes[1].tax_class_id", to: 9)
        #expect(throws: PushRejection.invalidField(FieldError(field: "tax_classes[1].tax_class_id", message: "appears more than once"))) {
            try PushDecoding.settings(from: jsonData(duplicate))
        }
    }
}
