import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// Valid pushes through nginx → koppel-fcgi → SQLite, as the shop extension sends them.
@Suite(.serialized)
struct PushThroughNginxTests {
    func json(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    func results(_ response: HTTPResponse) throws -> [String] {
        try #require(try json(response)["orders"] as? [[String: Any]]).map { $0["result"] as! String }
    }

    @Test func realOrdersAreStoredOnceAndChangesBecomeVersions() throws {
        let stack = try Stack()
        let body = try Samples.batchBody(Samples.openCart3 + [])
        let first = try stack.send("POST", "/api/v1/orders", body: body)
        #expect(first.status == 200, "\(first.text)")
        #expect(first.header("content-type") == "application/json")
        #expect(try results(first) == ["created", "created", "created", "created"])
        #expect(try stack.counts().orders == 4)

        let again = try stack.send("POST", "/api/v1/orders", body: body)
        #expect(try results(again) == ["unchanged", "unchanged", "unchanged", "unchanged"])
        #expect(try stack.counts().versions == 4)

        // The same content pretty-printed is the same order.
        let object = try JSONSerialization.jsonObject(with: body)
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted])
        #expect(try results(try stack.send("POST", "/api/v1/orders", body: pretty)) == ["unchanged", "unchanged", "unchanged", "unchanged"])

        var shipped = try Samples.orderObject("opencart3-order-1.json")
        shipped["order_status_id"] = 3
        let update = try stack.send("POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": [shipped]]))
        #expect(update.text == #"{"orders":[{"order_id":1,"result":"updated","version":2}]}"#)
        #expect(try stack.counts().orders == 4)
        #expect(try stack.counts().versions == 5)

        let stored = try #require(try stack.database.orders(license: stack.license).first { $0.orderReference == "1" })
        #expect(stored.status == "3")
        #expect(stored.total == "40.8469")
    }

    /// The reply, byte for byte, for a batch of every outcome; and the media type's spellings a
    /// client may use.
    @Test func theOrdersReplyIsExactJSONForEveryOutcome() throws {
        let stack = try Stack()
        var first = try Samples.orderObject("opencart3-order-1.json")
        var second = first
        second["order_id"] = 77
        _ = try stack.send("POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": [first, second]]))
        first["order_status_id"] = 3
        var third = second
        third["order_id"] = 2_147_483_647
        let body = try JSONSerialization.data(withJSONObject: ["orders": [first, second, third]])
        let reply = try stack.send("POST", "/api/v1/orders", body: body, contentType: "Application/JSON ; charset=utf-8")
        #expect(reply.status == 200, "\(reply.text)")
        #expect(
            reply.text == #"{"orders":[{"order_id":1,"result":"updated","version":2},"#
                + #"{"order_id":77,"result":"unchanged","version":1},{"order_id":2147483647,"result":"created","version":1}]}"#)
        third["order_id"] = 78
        let tabbed = try stack.send(
            "POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": [third]]), contentType: "\tapplication/json")
        #expect(tabbed.text == #"{"orders":[{"order_id":78,"result":"created","version":1}]}"#)
    }

    @Test func openCart4OrdersAndSettingsAndPing() throws {
        let stack = try Stack()
        let ping = try stack.send("GET", "/api/v1/ping", contentType: nil)
        #expect(ping.status == 200)
        let connection = try #require(try json(ping)["connection"] as? [String: String])
        #expect(connection == ["name": "Stack shop", "license": stack.license, "shop": "opencart", "ledger": "moneybird"])
        #expect((try json(ping)["unconfigured"] as? [String])?.contains("settings") == true)

        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart4-settings.json")))
        let settings = try stack.send("POST", "/api/v1/settings", body: rows.body)
        #expect(settings.status == 200, "\(settings.text)")
        #expect(settings.text == #"{"settings":{"result":"created","version":1}}"#)
        let after = try stack.send("GET", "/api/v1/ping", contentType: nil)
        #expect((try json(after)["unconfigured"] as? [String]) == ["ledger", "booked_statuses"], "\(after.text)")
        try stack.database.setBookingConfiguration(
            BookingConfiguration(bookedStatusIDs: [2, 3]), connectionID: try #require(try stack.database.connection(license: stack.license)).id, now: 1)
        let configured = try stack.send("GET", "/api/v1/ping", contentType: nil)
        #expect((try json(configured)["unconfigured"] as? [String]) == ["ledger"], "\(configured.text)")

        let orders = try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(Samples.openCart4))
        #expect(try results(orders) == ["created", "created", "created"])
    }

    @Test func concurrentPushesOfTheSameOrdersStoreEachOnce() throws {
        let stack = try Stack()
        let template = try JSONSerialization.data(withJSONObject: try Samples.orderObject("opencart3-order-1.json"))
        // Four shops, each with two clients pushing the same 40 orders at once: 80 pushes per
        // license stay within nginx's burst per license key.
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: stack.masterKeyPath))
        let licenses = try [stack.license] + (2...4).map { shop in
            let connection = try stack.database.addConnection(name: "Shop \(shop)", shop: .opencart, ledger: .moneybird, now: 1)
            _ = try stack.database.setAPIKey(stack.apiKey, license: connection.licenseKey, sealer: sealer, now: 1)
            return connection.licenseKey
        }
        let failures = Mutex([String]())
        DispatchQueue.concurrentPerform(iterations: 8) { client in
            for index in 0..<40 {
                do {
                    var order = try #require(try JSONSerialization.jsonObject(with: template) as? [String: Any])
                    order["order_id"] = index + 1
                    let body = try JSONSerialization.data(withJSONObject: ["orders": [order]])
                    let response = try stack.send("POST", "/api/v1/orders", body: body, license: licenses[client / 2])
                    if response.status != 200 { failures.withLock { $0.append("\(response.status) \(response.text)") } }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(try stack.counts().orders == 160)
        #expect(try stack.counts().versions == 160)
    }

    @Test func servesOnAUnixSocketWithItsMode() throws {
        let stack = try Stack()
        #expect(stack.fcgiAddress == "unix:" + stack.socketPath)
        #expect((try FileManager.default.attributesOfItem(atPath: stack.socketPath)[.posixPermissions] as? Int) == 0o600)
        let response = try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(["opencart3-order-2.json"]))
        #expect(response.status == 200, "\(response.text)")
        #expect(try stack.counts().orders == 1)
    }

    @Test func servesOnALoopbackPortWhenAsked() throws {
        let stack = try Stack(tcp: true)
        #expect(stack.fcgiAddress == "127.0.0.1:\(stack.fcgiPort)")
        #expect(!FileManager.default.fileExists(atPath: stack.socketPath))
        let response = try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(["opencart3-order-2.json"]))
        #expect(response.status == 200, "\(response.text)")
        #expect(try stack.counts().orders == 1)
    }

    @Test func shutsDownCleanlyOnSIGTERM() throws {
        let stack = try Stack()
        // nginx keeps the ping's connection open for 30 s (etc/nginx/koppel.conf.in): the thread
        // that waits on it must not hold the stop up until then.
        #expect(try stack.send("GET", "/api/v1/ping", contentType: nil).status == 200)
        let asked = Date()
        stack.fcgi.terminate()
        stack.fcgi.waitUntilExit()
        #expect(Date().timeIntervalSince(asked) < 10, "koppel-fcgi took \(Date().timeIntervalSince(asked)) s to stop")
        #expect(stack.fcgi.terminationReason == .exit)
        #expect(stack.fcgi.terminationStatus == 0)
        // nginx answers for it, in the API's shape.
        let down = try stack.send("GET", "/api/v1/ping", contentType: nil)
        #expect(down.status == 503)
        #expect(down.text.contains("\"unavailable\""))
    }
}

import OpenCart
import Synchronization

/// The settings export of a fixture, made into the protocol's body.
struct SettingsRowsForTests: Decodable {
    let rows: SettingsRows

    init(from decoder: any Decoder) throws {
        rows = try SettingsRows(from: decoder)
    }

    var body: Data {
        get throws { try JSONEncoder().encode(try rows.shopSettings()) }
    }
}
