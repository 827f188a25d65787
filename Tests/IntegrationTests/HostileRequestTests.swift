import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import OpenCart
import Testing

/// Malformed and hostile requests through nginx: each is answered 4xx with a JSON error, adds no
/// row, and the server keeps answering.
@Suite(.serialized)
struct HostileRequestTests {
    struct Attack: Sendable {
        var name: String
        var status: Int
        var code: String
        var field: String? = nil
        var message: String? = nil
        var send: @Sendable (Stack) throws -> HTTPResponse
    }

    static func order(_ edit: (inout [String: Any]) -> Void = { _ in }) throws -> Data {
        var order = try Samples.orderObject("opencart3-order-1.json")
        order["order_id"] = 9_001
        edit(&order)
        return try JSONSerialization.data(withJSONObject: ["orders": [order]])
    }

    /// The sample order's body as text, with `member` written first in the order: for JSON no
    /// JSON library would write.
    static func order(withFirstMember member: String) throws -> Data {
        let text = String(decoding: try order(), as: UTF8.self)
        let start = "{\"orders\":[{"
        guard text.hasPrefix(start) else { throw StackError(description: "the sample body starts otherwise: \(text.prefix(20))") }
        return Data((start + member + "," + text.dropFirst(start.count)).utf8)
    }

    static func orderText(_ edit: (String) -> String) throws -> Data {
        Data(edit(String(decoding: try order(), as: UTF8.self)).utf8)
    }

    static func settingsText(_ edit: (String) -> String) throws -> Data {
        let rows = try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        return Data(edit(String(decoding: try JSONEncoder().encode(try rows.shopSettings()), as: UTF8.self)).utf8)
    }

    static func raw(_ stack: Stack, _ method: String, _ path: String, headers: [(name: String, value: String)], body: Data? = nil) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(method: method, url: stack.endpoint + path, headers: headers, body: body))
    }

    static let attacks: [Attack] = [
        Attack(name: "no authentication headers", status: 401, code: "unauthorized") { stack in
            try raw(stack, "POST", "/api/v1/orders", headers: [("Content-Type", "application/json")], body: try order())
        },
        Attack(name: "unknown license", status: 401, code: "unauthorized") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), license: "KPL-00000-00000-00000-00000")
        },
        Attack(name: "another connection's API key", status: 401, code: "unauthorized") { stack in
            let other = try stack.database.addConnection(name: "Other", shop: .opencart, ledger: .minox, now: 1)
            let sealer = SecretSealer(masterKey: try MasterKey.load(from: stack.masterKeyPath))
            _ = try stack.database.setAPIKey("Other!Connection#Key1", license: other.licenseKey, sealer: sealer, now: 1)
            return try stack.send("POST", "/api/v1/orders", body: try order(), apiKey: "Other!Connection#Key1")
        },
        Attack(name: "a connection without API key", status: 401, code: "unauthorized") { stack in
            let bare = try stack.database.addConnection(name: "Bare", shop: .opencart, ledger: .minox, now: 1)
            return try stack.send("POST", "/api/v1/orders", body: try order(), license: bare.licenseKey, apiKey: "koppel-no-such-connection-key")
        },
        Attack(name: "wrong API key", status: 401, code: "unauthorized") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), apiKey: stack.apiKey + "x")
        },
        Attack(name: "timestamp 301 s old", status: 401, code: "unauthorized") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), timestamp: Int64(Date().timeIntervalSince1970) - 301)
        },
        Attack(name: "timestamp 301 s ahead", status: 401, code: "unauthorized") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), timestamp: Int64(Date().timeIntervalSince1970) + 301)
        },
        Attack(name: "timestamp in milliseconds", status: 401, code: "unauthorized") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), timestamp: Int64(Date().timeIntervalSince1970) * 1000)
        },
        Attack(name: "body swapped after signing", status: 401, code: "unauthorized") { stack in
            let signed = try order()
            let now = Int64(Date().timeIntervalSince1970)
            let headers = RequestSignature.headers(license: stack.license, apiKey: stack.apiKey, method: "POST", path: "/api/v1/orders", body: signed, timestamp: now)
            return try raw(stack, "POST", "/api/v1/orders", headers: headers + [("Content-Type", "application/json")], body: try order { $0["order_id"] = 9_002 })
        },
        Attack(name: "signature for another path", status: 401, code: "unauthorized") { stack in
            let body = try order()
            let headers = RequestSignature.headers(license: stack.license, apiKey: stack.apiKey, method: "POST", path: "/api/v1/settings", body: body, timestamp: Int64(Date().timeIntervalSince1970))
            return try raw(stack, "POST", "/api/v1/orders", headers: headers + [("Content-Type", "application/json")], body: body)
        },
        Attack(name: "signature of another scheme", status: 401, code: "unauthorized") { stack in
            let body = try order()
            var headers = RequestSignature.headers(license: stack.license, apiKey: stack.apiKey, method: "POST", path: "/api/v1/orders", body: body, timestamp: Int64(Date().timeIntervalSince1970))
            headers[2].value = "v2=" + headers[2].value.dropFirst(3)
            return try raw(stack, "POST", "/api/v1/orders", headers: headers + [("Content-Type", "application/json")], body: body)
        },
        Attack(name: "SQL injection in the license header", status: 401, code: "unauthorized") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), license: "' OR '1'='1'; DROP TABLE shop_order; --")
        },
        Attack(name: "4 KB license header", status: 401, code: "unauthorized") { stack in
            try stack.send("GET", "/api/v1/ping", contentType: nil, license: String(repeating: "K", count: 4096))
        },
        Attack(name: "not JSON", status: 400, code: "malformed_json") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data("orders=1&total=40".utf8))
        },
        Attack(name: "truncated JSON", status: 400, code: "malformed_json") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order().dropLast(7))
        },
        Attack(name: "not UTF-8", status: 400, code: "malformed_json") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data([0x7b, 0x22, 0x6f, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]))
        },
        Attack(name: "empty body", status: 400, code: "malformed_json") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data())
        },
        Attack(name: "JSON nested 100000 deep", status: 400, code: "malformed_json") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8))
        },
        // Ambiguous or not RFC 8259: refused before any decoder reads it, naming the place.
        Attack(name: "an order id twice", status: 400, code: "malformed_json", field: "orders[0].order_id", message: "more than once") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(withFirstMember: "\"order_id\":9101"))
        },
        Attack(name: "a trailing comma after the last order", status: 400, code: "malformed_json", field: "orders", message: "trailing comma") { stack in
            try stack.send("POST", "/api/v1/orders", body: try orderText { $0.dropLast(2) + ",]}" })
        },
        Attack(name: "a number out of range", status: 400, code: "malformed_json", field: "orders[0].store_id", message: "out of range") { stack in
            try stack.send("POST", "/api/v1/orders", body: try orderText { $0.replacingOccurrences(of: "\"store_id\":0", with: "\"store_id\":1e400") })
        },
        Attack(name: "NaN", status: 400, code: "malformed_json", field: "orders[0].extra", message: "NaN") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(withFirstMember: "\"extra\":NaN"))
        },
        Attack(name: "a leading zero", status: 400, code: "malformed_json", field: "orders[0].extra", message: "leading zero") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(withFirstMember: "\"extra\":007"))
        },
        Attack(name: "a raw tab in a string", status: 400, code: "malformed_json", field: "orders[0].note", message: "control character") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(withFirstMember: "\"note\":\"a\tb\""))
        },
        Attack(name: "half a surrogate pair", status: 400, code: "malformed_json", field: "orders[0].note", message: "surrogate") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(withFirstMember: #""note":"\uD800""#))
        },
        Attack(name: "a comment", status: 400, code: "malformed_json", message: "comments") { stack in
            try stack.send("POST", "/api/v1/orders", body: try orderText { "/* batch */" + $0 })
        },
        Attack(name: "a byte order mark", status: 400, code: "malformed_json", message: "byte order mark") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data([0xEF, 0xBB, 0xBF]) + (try order()))
        },
        Attack(name: "a second value after the body", status: 400, code: "malformed_json", message: "more after") { stack in
            try stack.send("POST", "/api/v1/orders", body: try orderText { $0 + "{}" })
        },
        Attack(name: "nested 65 deep in an unknown field", status: 400, code: "malformed_json",
               field: "orders[0].extra" + String(repeating: "[0]", count: 61), message: "deeper than 64") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(withFirstMember: "\"extra\":" + String(repeating: "[", count: 62) + String(repeating: "]", count: 62)))
        },
        Attack(name: "a settings key twice", status: 400, code: "malformed_json", field: "store.currency", message: "more than once") { stack in
            try stack.send("POST", "/api/v1/settings", body: try settingsText {
                $0.replacingOccurrences(of: "\"currency\":\"EUR\"", with: "\"currency\":\"EUR\",\"currency\":\"USD\"")
            })
        },
        Attack(name: "an array instead of an object", status: 422, code: "invalid_field", field: "body") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data("[1,2,3]".utf8))
        },
        Attack(name: "order id as text", status: 422, code: "invalid_field", field: "orders[0].order_id") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { $0["order_id"] = "9001" })
        },
        Attack(name: "SQL injection as order id", status: 422, code: "invalid_field", field: "orders[0].order_id") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { $0["order_id"] = "1; DELETE FROM shop_order" })
        },
        Attack(name: "negative quantity", status: 422, code: "invalid_field", field: "orders[0].products[0].quantity") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { order in
                var products = order["products"] as! [[String: Any]]
                products[0]["quantity"] = -2
                order["products"] = products
            })
        },
        Attack(name: "huge number", status: 422, code: "invalid_field", field: "orders[0].store_id") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data(String(decoding: try order(), as: UTF8.self)
                .replacingOccurrences(of: "\"store_id\":0", with: "\"store_id\":1e300").utf8))
        },
        Attack(name: "amount with 5 decimals", status: 422, code: "invalid_field", field: "orders[0].totals[2].value") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { order in
                var totals = order["totals"] as! [[String: Any]]
                totals[2]["value"] = "-3.38250"
                order["totals"] = totals
            })
        },
        Attack(name: "amount as a float", status: 422, code: "invalid_field", field: "orders[0].total") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { $0["total"] = 40.8469 })
        },
        Attack(name: "negative price", status: 422, code: "invalid_field", field: "orders[0].products[1].price") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { order in
                var products = order["products"] as! [[String: Any]]
                products[1]["price"] = "-8.2231"
                order["products"] = products
            })
        },
        Attack(name: "script injection as a total code", status: 422, code: "invalid_field", field: "orders[0].totals[0].code") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { order in
                var totals = order["totals"] as! [[String: Any]]
                totals[0]["code"] = "<script>alert(document.cookie)</script>"
                order["totals"] = totals
            })
        },
        Attack(name: "NUL byte in a name", status: 422, code: "invalid_field", field: "orders[0].customer.lastname") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { order in
                var customer = order["customer"] as! [String: Any]
                customer["lastname"] = "de\u{0}Vries"
                order["customer"] = customer
            })
        },
        Attack(name: "currency in lower case", status: 422, code: "invalid_field", field: "orders[0].currency.code") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { $0["currency"] = ["code": "eur", "value": "1.00000000"] })
        },
        Attack(name: "impossible date", status: 422, code: "invalid_field", field: "orders[0].date_added") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order { $0["date_added"] = "2026-13-45 25:61:00" })
        },
        Attack(name: "an empty batch", status: 422, code: "invalid_field", field: "orders") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data("{\"orders\":[]}".utf8))
        },
        Attack(name: "501 orders in one batch", status: 422, code: "invalid_field", field: "orders") { stack in
            let one = try Samples.orderObject("opencart3-order-1.json")
            let orders = (1...501).map { id -> [String: Any] in var order = one; order["order_id"] = id; return order }
            return try stack.send("POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": orders]))
        },
        Attack(name: "valid orders and one bad one in a batch", status: 422, code: "invalid_field", field: "orders[2].total") { stack in
            var orders = try Samples.openCart3.map(Samples.orderObject)
            orders[2]["total"] = "forty"
            return try stack.send("POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": orders]))
        },
        Attack(name: "the same order twice in a batch", status: 422, code: "invalid_field", field: "orders[1].order_id") { stack in
            let one = try Samples.orderObject("opencart3-order-1.json")
            return try stack.send("POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": [one, one]]))
        },
        Attack(name: "settings with a bad tax type", status: 422, code: "invalid_field", field: "store") { stack in
            try stack.send("POST", "/api/v1/settings", body: Data("{\"tax_rates\":[]}".utf8))
        },
        Attack(name: "10 MB body", status: 413, code: "body_too_large") { stack in
            try stack.send("POST", "/api/v1/orders", body: Data(repeating: 0x20, count: 10 * 1024 * 1024))
        },
        Attack(name: "text/plain body", status: 415, code: "unsupported_media_type") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), contentType: "text/plain")
        },
        Attack(name: "a longer media type that begins like JSON", status: 415, code: "unsupported_media_type") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), contentType: "application/json-seq")
        },
        Attack(name: "a shorter media type", status: 415, code: "unsupported_media_type") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), contentType: "application/jso; charset=utf-8")
        },
        Attack(name: "JSON with a blank inside its name", status: 415, code: "unsupported_media_type") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), contentType: "application/ json")
        },
        Attack(name: "no content type", status: 415, code: "unsupported_media_type") { stack in
            try stack.send("POST", "/api/v1/orders", body: try order(), contentType: nil)
        },
        Attack(name: "GET on the orders endpoint", status: 405, code: "method_not_allowed") { stack in
            try stack.send("GET", "/api/v1/orders", contentType: nil)
        },
        Attack(name: "DELETE on the orders endpoint", status: 405, code: "method_not_allowed") { stack in
            try stack.send("DELETE", "/api/v1/orders", contentType: nil)
        },
        Attack(name: "POST on ping", status: 405, code: "method_not_allowed") { stack in
            try stack.send("POST", "/api/v1/ping", body: Data("{}".utf8))
        },
        Attack(name: "unknown endpoint", status: 404, code: "not_found") { stack in
            try stack.send("POST", "/api/v1/orderz", body: try order())
        },
        Attack(name: "dot segments leading elsewhere", status: 404, code: "not_found") { stack in
            try raw(stack, "GET", "/api/v1/./orders/../../v2/orders", headers: [])
        },
    ]

    @Test func everyAttackIsRefusedAndStoresNothing() throws {
        let stack = try Stack()
        #expect(Self.attacks.count >= 30)
        let before = try stack.counts()
        for attack in Self.attacks {
            let response = try attack.send(stack)
            #expect(response.status == attack.status, "\(attack.name): \(response.text)")
            #expect(response.header("content-type") == "application/json", "\(attack.name)")
            let body = try? JSONSerialization.jsonObject(with: response.body) as? [String: [String: String]]
            #expect(body?["error"]?["code"] == attack.code, "\(attack.name): \(response.text)")
            if let field = attack.field { #expect(body?["error"]?["field"] == field, "\(attack.name): \(response.text)") }
            if let message = attack.message {
                #expect(body?["error"]?["message"]?.contains(message) == true, "\(attack.name): \(response.text)")
                #expect(body?["error"]?["message"]?.contains("(at byte ") == true, "\(attack.name): \(response.text)")
            }
            #expect(!response.text.contains(stack.apiKey), "\(attack.name)")
            let after = try stack.counts()
            #expect(after.orders == before.orders && after.versions == before.versions && after.settings == before.settings, "\(attack.name)")
        }
        // Still answering, and still storing what is valid.
        #expect(try stack.send("GET", "/api/v1/ping", contentType: nil).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: try Self.order()).status == 200)
        #expect(try stack.counts().orders == before.orders + 1)
    }

    @Test func aReplayedRequestIsRefused() throws {
        let stack = try Stack()
        let body = try Self.order()
        let headers = RequestSignature.headers(
            license: stack.license, apiKey: stack.apiKey, method: "POST", path: "/api/v1/orders", body: body,
            timestamp: Int64(Date().timeIntervalSince1970)) + [("Content-Type", "application/json")]
        #expect(try Self.raw(stack, "POST", "/api/v1/orders", headers: headers, body: body).status == 200)
        let versions = try stack.counts().versions
        let replay = try Self.raw(stack, "POST", "/api/v1/orders", headers: headers, body: body)
        #expect(replay.status == 401)
        #expect(replay.text.contains("\"unauthorized\""))
        #expect(try stack.counts().versions == versions)
    }

    @Test func injectionStringsInTextAreStoredAsPlainText() throws {
        let stack = try Stack()
        let name = "Robert'); DROP TABLE shop_order;-- <script>alert(1)</script>"
        let body = try Self.order { order in
            var customer = order["customer"] as! [String: Any]
            customer["lastname"] = name
            order["customer"] = customer
        }
        #expect(try stack.send("POST", "/api/v1/orders", body: body).status == 200)
        let stored = try #require(try stack.database.orders(license: stack.license).first)
        let payload = try #require(try stack.database.order(id: stored.id)?.versions.first?.payload).get()
        let decoded = try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any]
        #expect((decoded?["customer"] as? [String: Any])?["lastname"] as? String == name)
        #expect(try stack.counts().orders == 1)
    }
}
