import Foundation
import Testing

@testable import OpenCart

/// The fixtures bent where the two builders could part: HTML escaping, custom field values that
/// are not strings, columns exported as numbers, JSON method columns, ids the extension refuses
/// to guess, settings the extension takes from its own tables. Both builders run on each bent
/// file and must still agree, and each bend must change the payload (or it tests nothing).
struct PayloadVariantTests {
    struct Variant: Sendable, CustomStringConvertible {
        var description: String
        var file: String
        var context = PayloadParityTests.ShopContext()
        var bend: @Sendable (inout [String: Any]) -> Void
    }

    static let variants: [Variant] = [
        Variant(
            description: "HTML-escaped e-mail, telephone and custom field values",
            file: "opencart3-order-gift-voucher.json"
        ) { rows in
            rows[order: "email"] = "sanne.o&#039;neill@example.nl"
            rows[order: "telephone"] = "06 &amp; 020"
            rows[order: "custom_field"] = #"{"1":"NL000099998B57","5":"O&#039;Neill &lt;BV&gt;"}"#
        },
        Variant(
            description: "custom fields holding numbers, nulls, booleans and lists, the VAT number in the address",
            file: "opencart3-order-1.json"
        ) { rows in
            rows[order: "custom_field"] = #" {"1":"NL123456789B01","2":5,"3":["4",5,null],"4":null,"6":true,"7":1.5} "#
            rows[order: "payment_custom_field"] = #"{"18":"NL000099998B57"}"#
            rows[order: "shipping_custom_field"] = #"{}"#
        },
        Variant(
            description: "4.0.2.3 storefront custom fields: grouped by location, and a JSON string holding the object",
            file: "opencart4-order-gift-voucher.json"
        ) { rows in
            rows[order: "custom_field"] =
                #"{"address":{"1":"NL000099998B57"},"account":{"1":"NL123456789B01","3":["4",5]},"2":"x"}"#
            rows[order: "shipping_custom_field"] = #" "{\"1\":\"NL123456789B01\",\"4\":null}" "#
        },
        Variant(description: "columns exported as JSON numbers and nulls", file: "opencart3-order-gift-voucher.json") {
            rows in
            rows[order: "order_id"] = 5
            rows[order: "store_id"] = 0
            rows[order: "total"] = 54.8899
            rows[order: "currency_value"] = 1
            rows[order: "fax"] = NSNull()
            rows[order: "telephone"] = NSNull()
            var products = rows["order_product"] as! [[String: Any]]
            products[0]["quantity"] = 1
            products[0]["price"] = 4.578
            products[0]["reward"] = 0
            rows["order_product"] = products
        },
        Variant(
            description: "4.0.2 JSON methods with a numeric tax class, an escaped name, or no JSON at all",
            file: "opencart4-order-gift-voucher.json"
        ) { rows in
            rows[order: "shipping_method"] =
                #"{"code":"flat.flat","name":"Flat &amp; Fast","cost":4.1322,"tax_class_id":9}"#
            rows[order: "payment_method"] = #"{"code":"cod.cod","name":"Cash On Delivery","tax_class_id":null"#
        },
        Variant(description: "ids the extension does not guess at", file: "opencart4-order-gift-voucher.json") { rows in
            rows[order: "invoice_no"] = "+5"
            rows[order: "payment_zone_id"] = " 12"
            rows[order: "payment_country_id"] = "-1"
            rows["shipping_iso_code_2"] = "nl"
            var products = rows["order_product"] as! [[String: Any]]
            products[0]["master_id"] = "x"
            products[0]["reward"] = ""
            rows["order_product"] = products
        },
        Variant(
            description: "the total from the last total row, dates and status from history",
            file: "opencart4-order-gift-voucher.json"
        ) { rows in
            for column in [
                "total", "order_status_id", "date_added", "date_modified", "currency_code", "currency_value",
            ] {
                rows[order: column] = nil
            }
            rows["order_total"] =
                (rows["order_total"] as! [[String: Any]]) + [
                    [
                        "order_total_id": "24", "order_id": "4", "extension": "opencart", "code": "total",
                        "title": "Total", "value": "64.9500", "sort_order": "9",
                    ]
                ]
        },
        Variant(
            description: "the extension's own VAT field setting in the export, other stores' settings beside it",
            file: "opencart3-settings.json", context: .init(timezone: nil)
        ) { rows in
            rows["config"] =
                (rows["config"] as! [[String: Any]]) + [
                    ["store_id": "0", "key": "module_koppel_vat_custom_field_id", "value": "1", "serialized": "0"],
                    ["store_id": "1", "key": "config_name", "value": "Second store", "serialized": "0"],
                    ["store_id": "0", "key": "config_name", "value": "Bakkerij &amp; Zn", "serialized": "0"],
                ]
        },
        Variant(
            description: "shipping extensions, repeated rows and unsorted customer groups",
            file: "opencart4-settings.json"
        ) { rows in
            rows["shipping_extensions"] = [
                ["extension_id": "99", "extension": "opencart", "type": "shipping", "code": "flat", "status": "1"],
                ["extension_id": "100", "extension": "opencart", "type": "shipping", "code": "weight", "status": "0"],
                [
                    "extension_id": "101", "extension": "opencart", "type": "shipping", "code": "Bad-Code",
                    "status": "1",
                ],
            ]
            rows["tax_rate_to_customer_group"] =
                (rows["tax_rate_to_customer_group"] as! [[String: Any]]) + [
                    ["tax_rate_id": "88", "customer_group_id": "2"], ["tax_rate_id": "88", "customer_group_id": "1"],
                ]
            rows["tax_class"] = (rows["tax_class"] as! [[String: Any]]) + [(rows["tax_class"] as! [[String: Any]])[0]]
            rows["store"] = [
                ["store_id": "1", "name": "Tweede &amp; winkel", "url": "https://two.example.nl/"],
                ["store_id": "0", "name": "x", "url": ""],
            ]
        },
    ]

    @Test(arguments: variants)
    func bothBuildersAgreeOnTheBentRows(variant: Variant) throws {
        let base = Fixtures.folder.appendingPathComponent(variant.file)
        var rows = try JSONSerialization.jsonObject(with: Data(contentsOf: base)) as! [String: Any]
        variant.bend(&rows)
        let bent = FileManager.default.temporaryDirectory.appendingPathComponent(
            "koppel-variant-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: rows).write(to: bent)
        let differences = try PayloadParityTests.differences(bent, variant.context)
        let changed =
            try PayloadParityTests.koppelPayload(bent, variant.context)
            != PayloadParityTests.koppelPayload(base, variant.context)
        try FileManager.default.removeItem(at: bent)

        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        #expect(changed, "the bend left the payload as it was")
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A column of the `order` row.
    subscript(order column: String) -> Any? {
        get { (self["order"] as! [String: Any])[column] }
        set {
            var order = self["order"] as! [String: Any]
            order[column] = newValue
            self["order"] = order
        }
    }
}
