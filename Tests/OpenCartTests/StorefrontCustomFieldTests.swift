import Foundation
import KoppelCore
import Testing

@testable import OpenCart

/// OpenCart 4.0.2.3's storefront stores an order's custom fields in two shapes its API does not
/// (the corpus orders `storefront-guest` and `storefront-reward-points-and-credit`): grouped by
/// location for a guest, and encoded twice for a logged-in customer. Both are read as the fields
/// they hold, so the push is accepted and a VAT number in them is kept.
struct StorefrontCustomFieldTests {
    static let corpus = Fixtures.folder.appendingPathComponent("corpus")

    static func rows(_ name: String) throws -> OrderRows {
        try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: corpus.appendingPathComponent(name)))
    }

    @Test(arguments: [
        ("opencart4-storefront-guest.json", #"{"account":{"1":""}}"#),
        ("opencart4-storefront-reward-points-and-credit.json", #""{\"1\":\"\"}""#),
    ])
    func theStorefrontsOrdersAreValidPushes(file: String, column: String) throws {
        let rows = try Self.rows(file)
        #expect(rows.order["custom_field"] == column)
        let order = try rows.pushedOrder()
        #expect(order.customer.customField == ["1": .text("")])
        try OrderBatch(orders: [order]).validate()
    }

    @Test(arguments: [
        #"{"account":{"1":"NL123456789B01"}}"#,
        #" "{\"1\":\"NL123456789B01\"}" "#,
        #"{"address":{"1":"NL000099998B57"},"account":{"1":"NL123456789B01","3":["4","5"]}}"#,
        #"{"1":"NL123456789B01","account":{"1":"NL000099998B57","3":["4","5"]}}"#,
    ])
    func aVATNumberInEitherShapeIsKept(column: String) throws {
        var rows = try Self.rows("opencart4-storefront-guest.json")
        rows.order["custom_field"] = column
        let fields = try #require(try rows.pushedOrder().customer.customField)
        #expect(fields["1"] == .text("NL123456789B01"))
        #expect(fields.keys.allSatisfy { Int($0) != nil })
    }
}
