import Foundation
import KoppelHTTP
import Testing

/// Open's line through nginx: how many orders wait to be booked and when the last will be, at
/// Moneybird's limit and the ledger's nominal requests per order until `koppel sync` measured them.
@Suite struct DashboardWaitingTests {
    static func push(_ stack: Stack, _ ids: Range<Int>) throws {
        let orders = try ids.map { try DashboardBacklogTests.order($0, daysAgo: 10) }
        #expect(try stack.send("POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": orders])).status == 200)
    }

    @Test func openTellsHowManyWaitAndWhenTheLastIsBooked() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try DashboardConfigurationTests.configuredStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let path = "connections/\(stack.license)/open"
        let empty = try #require(try answerObject(try client.call("GET", path))["waiting"] as? [String: Any])
        #expect(empty["count"] as? Int == 0)
        #expect(empty["last_booked_at"] == nil)

        try Self.push(stack, 5000..<5004)
        var from = Int64(Date().timeIntervalSince1970)
        let nominal = try #require(try answerObject(try client.call("GET", path))["waiting"] as? [String: Any])
        var to = Int64(Date().timeIntervalSince1970)
        #expect(nominal["count"] as? Int == 4)
        #expect(nominal["requests_per_order"] as? Double == 5)
        #expect(nominal["measured_orders"] as? Int == 0)
        #expect(nominal["limit"] as? Int == 150)
        #expect(nominal["window_seconds"] as? Int == 300)
        #expect(nominal["pace"] as? String == "150 verzoeken per 5 minuten, 5,0 per bestelling")
        // 4 orders × 5 requests at 150 per 300 s: 40 s.
        let nominalLast = try #require(nominal["last_booked_at"] as? Int, "\(nominal)")
        #expect((from + 40...to + 40).contains(Int64(nominalLast)), "\(nominal)")

        #expect(try sandbox.admin("POST", "stats/reset").status == 200)
        let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(sync.status == 0, "\(sync.errors)")
        let received = try #require(try answerObject(try sandbox.admin("GET", "stats"))["total"] as? Int)
        let done = try #require(try answerObject(try client.call("GET", path))["waiting"] as? [String: Any])
        #expect(done["count"] as? Int == 0)
        #expect(done["last_booked_at"] == nil)
        #expect(done["measured_orders"] as? Int == 4)

        try Self.push(stack, 5100..<5103)
        from = Int64(Date().timeIntervalSince1970)
        let measured = try #require(try answerObject(try client.call("GET", path))["waiting"] as? [String: Any])
        to = Int64(Date().timeIntervalSince1970)
        let perOrder = Double(received) / 4
        #expect(measured["count"] as? Int == 3)
        #expect(measured["requests_per_order"] as? Double == perOrder, "sandbox: \(received) requests")
        #expect(measured["measured_orders"] as? Int == 4)
        let seconds = Int64((3 * perOrder * 2).rounded(.up))
        let last = try #require(measured["last_booked_at"] as? Int, "\(measured)")
        #expect((from + seconds...to + seconds).contains(Int64(last)), "\(measured)")
        let comma = String(format: "%.1f", perOrder).replacingOccurrences(of: ".", with: ",")
        #expect(measured["pace"] as? String == "150 verzoeken per 5 minuten, \(comma) per bestelling")
        // The orders themselves are listed as before.
        let listed = try #require(try answerObject(try client.call("GET", path))["orders"] as? [[String: Any]])
        #expect(listed.count == 3)
    }
}
