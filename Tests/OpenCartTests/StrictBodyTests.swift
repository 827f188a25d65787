import Foundation
import KoppelCore
import Testing

@testable import OpenCart

/// Push bodies a decoder could read two ways are refused as malformed JSON, naming the place,
/// before anything is decoded. Foundation's decoder alone takes them, as each test shows first.
struct StrictBodyTests {
    static func batchText(_ names: [String] = ["opencart3-order-1.json"]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: try Fixtures.batchObject(names), options: .sortedKeys)
        return String(decoding: data, as: UTF8.self)
    }

    static func settingsText() throws -> String {
        let data = try JSONEncoder().encode(try Fixtures.settings("opencart3-settings.json"))
        let object = try JSONSerialization.jsonObject(with: data)
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
    }

    /// `text` with its first `target` replaced, failing the test when it is not there.
    static func replacing(_ target: String, with replacement: String, in text: String) throws -> Data {
        let range = try #require(text.range(of: target), "\(target) not in the body")
        return Data(text.replacingCharacters(in: range, with: replacement).utf8)
    }

    static func expectMalformed(
        _ body: Data, field: String?, message: String, decode: (Data) throws(PushRejection) -> Void
    ) {
        do {
            try decode(body)
            Issue.record("accepted")
        } catch .malformedJSON(let text, let named) {
            #expect(named == field)
            #expect(text.contains(message), "\(text)")
            #expect(text.contains("(at byte "), "\(text)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func anOrderIDTwiceIsRefusedNotReadAsTheFirst() throws {
        let body = try Self.replacing(
            "\"order_id\":1,", with: "\"order_id\":9101,\"order_id\":9102,", in: Self.batchText())
        #expect(try JSONDecoder().decode(OrderBatch.self, from: body).orders[0].orderID == 9101)
        Self.expectMalformed(body, field: "orders[0].order_id", message: "more than once") {
            body throws(PushRejection) in
            _ = try PushDecoding.orderBatch(from: body)
        }
    }

    @Test func aKeyTwiceInAnUnknownFieldIsRefusedToo() throws {
        let body = try Self.replacing(
            "\"orders\":[{", with: "\"orders\":[{\"extra\":{\"a\":1,\"a\":2},", in: Self.batchText())
        Self.expectMalformed(body, field: "orders[0].extra.a", message: "more than once") {
            body throws(PushRejection) in
            _ = try PushDecoding.orderBatch(from: body)
        }
    }

    @Test func aTrailingCommaAfterTheLastOrderIsRefused() throws {
        let text = try Self.batchText(["opencart3-order-1.json", "opencart3-order-2.json"])
        #expect(text.hasSuffix("}]}"))
        let body = Data((text.dropLast(2) + ",]}").utf8)
        #expect(try JSONDecoder().decode(OrderBatch.self, from: body).orders.count == 2)
        Self.expectMalformed(body, field: "orders", message: "trailing comma") { body throws(PushRejection) in
            _ = try PushDecoding.orderBatch(from: body)
        }
    }

    @Test func aNumberOutOfRangeNamesItsField() throws {
        let body = try Self.replacing("\"store_id\":0", with: "\"store_id\":1e400", in: Self.batchText())
        Self.expectMalformed(body, field: "orders[0].store_id", message: "out of range") { body throws(PushRejection) in
            _ = try PushDecoding.orderBatch(from: body)
        }
    }

    @Test func aSettingsKeyTwiceIsRefused() throws {
        let body = try Self.replacing(
            "\"currency\":\"EUR\"", with: "\"currency\":\"EUR\",\"currency\":\"USD\"", in: Self.settingsText())
        #expect(try JSONDecoder().decode(ShopSettings.self, from: body).store.currency == "EUR")
        Self.expectMalformed(body, field: "store.currency", message: "more than once") { body throws(PushRejection) in
            _ = try PushDecoding.settings(from: body)
        }
    }

    @Test func aTrailingCommaInTheSettingsIsRefused() throws {
        let body = try Self.replacing("}],\"tax_rates\"", with: "},],\"tax_rates\"", in: Self.settingsText())
        Self.expectMalformed(body, field: "tax_classes", message: "trailing comma") { body throws(PushRejection) in
            _ = try PushDecoding.settings(from: body)
        }
    }

    /// Whatever the strict check lets through, the decoder behind it reads the way it always did.
    @Test func everyFixtureOrderStillDecodes() throws {
        for file in Fixtures.orderFiles {
            let body = Data(try Self.batchText([file.lastPathComponent]).utf8)
            let batch = try PushDecoding.orderBatch(from: body)
            #expect(batch.orders == [try Fixtures.order(file.lastPathComponent)])
        }
    }
}
