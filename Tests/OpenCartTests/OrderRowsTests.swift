import Foundation
import KoppelCore
@testable import OpenCart
import Testing

struct OrderRowsTests {
    @Test func everyFixtureBecomesAValidPush() throws {
        #expect(Fixtures.orderFiles.count == 9)
        for file in Fixtures.orderFiles {
            let order = try Fixtures.order(file.lastPathComponent)
            try OrderBatch(orders: [order]).validate()
        }
    }

    @Test func openCart3OrderKeepsOpenCartsOwnValues() throws {
        let order = try Fixtures.order("opencart3-order-1.json")
        #expect(order.orderID == 1)
        #expect(order.orderStatusID == 2)
        #expect(order.total == "40.8469")
        #expect(order.currency == PushedCurrency(code: "EUR", value: "1.00000000"))
        #expect(order.paymentMethod == PushedMethod(code: "cod", name: "Cash On Delivery"))
        #expect(order.shippingMethod == PushedMethod(code: "flat.flat", name: "Flat Shipping Rate"))
        #expect(order.customer.customField == ["1": .text("NL123456789B01")])
        #expect(order.paymentAddress?.company == "De Vries Handel B.V.")
        #expect(order.paymentAddress?.isoCode2 == "NL")
        #expect(order.products.map(\.name) == ["iPod Shuffle", "iPhone"])
        #expect(order.products.map(\.tax) == ["0.4120", "1.7269"])
        #expect(order.totals.map(\.code) == ["sub_total", "shipping", "coupon", "tax", "tax", "total"])
        #expect(order.totals.map(\.value) == ["33.8253", "4.1322", "-3.3825", "5.5303", "0.7416", "40.8469"])
        #expect(order.history?.map(\.orderStatusID) == [1, 2])
    }

    @Test func openCart3ForeignCurrencyKeepsItsFactor() throws {
        let order = try Fixtures.order("opencart3-order-2.json")
        #expect(order.currency == PushedCurrency(code: "GBP", value: "0.78065260"))
        #expect(order.customer.customField == nil)  // "[]" is PHP's empty array
        #expect(order.totals.filter { $0.code == "tax" }.map(\.title) == ["Eco Tax (-2.00)", "VAT (20%)"])
    }

    @Test func openCart4OrderWithoutPaymentAddress() throws {
        let order = try Fixtures.order("opencart4-order-1.json")
        #expect(order.paymentAddress == nil)
        #expect(order.shippingAddress?.isoCode2 == "NL")
        #expect(order.paymentMethod == PushedMethod(code: "cod.cod", name: "Cash On Delivery"))
        // This export lacks the header columns; status, total and dates come from history and totals.
        #expect(order.orderStatusID == 2)
        #expect(order.total == "40.8469")
        #expect(order.dateAdded == "2026-11-22 23:37:46")
        #expect(order.products.first?.masterID == 0)
        #expect(order.totals.first?.extension == "opencart")
    }

    @Test func decodesOpenCartsHTMLEscaping() throws {
        var rows = try Fixtures.rows("opencart3-order-1.json")
        rows.order["lastname"] = "O&#039;Brien &amp; Zn &lt;b&gt;"
        rows.order["payment_company"] = "&quot;Café&quot;"
        let order = try rows.pushedOrder()
        #expect(order.customer.lastname == "O'Brien & Zn <b>")
        #expect(order.paymentAddress?.company == "\"Café\"")
    }

    @Test func refusesAnExportWithoutOrderID() throws {
        var rows = try Fixtures.rows("opencart3-order-1.json")
        rows.order["order_id"] = nil
        #expect(throws: OrderRows.ConversionError.missingColumn("order_id")) { try rows.pushedOrder() }
    }

    @Test func settingsExportsBecomeValidPushes() throws {
        for name in ["opencart3-settings.json", "opencart4-settings.json"] {
            let settings = try Fixtures.settings(name)
            try settings.validate()
            #expect(settings.store.currency == "EUR")
            #expect(settings.taxRates.first { $0.taxRateID == 88 } == .init(taxRateID: 88, geoZoneID: 5, name: "BTW 21%", rate: "21.0000", type: "P", customerGroupIDs: [1]))
            #expect(settings.geoZones.first { $0.geoZoneID == 5 }?.zones.map(\.isoCode2) == ["NL"])
            #expect(settings.processingStatusIDs == [5, 1, 2, 12, 3])
            #expect(settings.shippingMethods?.first == .init(code: "flat", name: "flat", enabled: true, taxClassID: 9))
            #expect(settings.paymentMethods.map(\.code) == ["cod", "free_checkout"])
        }
    }

    @Test func canonicalContentIgnoresFormattingAndKeyOrder() throws {
        let order = try Fixtures.order("opencart3-order-1.json")
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(order))
        let pretty = try JSONSerialization.data(withJSONObject: ["orders": [object], "unknown": 1], options: [.prettyPrinted])
        let compact = try JSONSerialization.data(withJSONObject: ["orders": [object]], options: [.sortedKeys])
        let first = try PushDecoding.orderBatch(from: pretty).orders[0].incoming()
        let second = try PushDecoding.orderBatch(from: compact).orders[0].incoming()
        #expect(first.contentDigest == second.contentDigest)
        var changed = order
        changed.orderStatusID = 3
        #expect(try changed.incoming().contentDigest != first.contentDigest)
    }
}
