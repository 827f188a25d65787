import Foundation
import GRDB
import KoppelHTTP
import KoppelStore
import Testing

/// De Algemene Voorwaarden en de AVG through nginx: until the owner accepted both current
/// versions, every configuration change is 403 `terms_not_accepted` and reads go on; the
/// acceptance is stored per user with its versions and time, and a new version asks again.
@Suite struct DashboardTermsTests {
    static func changes() -> [(String, String, [String: Any]?)] {
        [
            ("PUT", "configuration/statuses", ["booked": [2, 3, 5], "cancelled": [7]]),
            ("PUT", "configuration/reconcile", ["tolerance": "0.05"]),
            ("DELETE", "configuration/vat", nil),
            ("POST", "ledger/refresh", nil),
            ("GET", "ledger/authorize", nil),
        ]
    }

    @Test func configurationWaitsForBothTexts() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try DashboardConfigurationTests.configuredStack(sandbox: sandbox, acceptTerms: false)
        defer { withExtendedLifetime(web) {} }
        let base = "connections/\(stack.license)/"
        let before = try DashboardConfigurationTests.configuration(client, stack)
        let terms = try answerObject(try client.call("GET", "terms"))
        #expect(terms["accepted"] as? Bool == false)
        let voorwaarden = try #require(terms["voorwaarden"] as? [String: Any])
        #expect(voorwaarden["url"] as? String == "/voorwaarden.html")
        #expect(voorwaarden["accepted_at"] == nil)

        for (method, route, body) in Self.changes() {
            let refused = try client.call(method, base + route, json: body)
            #expect(refused.status == 403, "\(method) \(route): \(refused.status)")
            let error = try #require(try answerObject(refused)["error"] as? [String: Any])
            #expect(error["code"] as? String == "terms_not_accepted")
            #expect((error["message"] as? String)?.hasPrefix("Accepteer eerst de Algemene Voorwaarden") == true)
        }
        // Reads go on, and nothing was changed.
        #expect(NSDictionary(dictionary: try DashboardConfigurationTests.configuration(client, stack)).isEqual(to: before))
        #expect(try client.call("GET", base + "booked").status == 200)

        // Only the versions the page showed: an old one is refused, nothing is stored.
        let stale = try client.call("POST", "terms", json: ["voorwaarden": "2020-01-01", "avg": "2020-01-01"])
        #expect(stale.status == 409)
        #expect(try stack.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM terms_acceptance") } == 0)
        #expect(try client.call("POST", "terms", json: ["voorwaarden": voorwaarden["version"] as Any]).status == 400)

        let started = Int64(Date().timeIntervalSince1970)
        try client.acceptTerms()
        let rows = try stack.database.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT document, version, accepted_at FROM terms_acceptance ORDER BY document")
        }
        #expect(rows.map { $0["document"] as String } == ["avg", "voorwaarden"])
        #expect(rows.allSatisfy { ($0["version"] as String) == voorwaarden["version"] as? String })
        #expect(rows.allSatisfy { ($0["accepted_at"] as Int64) >= started - 1 })
        let accepted = try answerObject(try client.call("GET", "terms"))
        #expect(accepted["accepted"] as? Bool == true)
        #expect((accepted["avg"] as? [String: Any])?["accepted_at"] as? Int64 != nil)

        let saved = try client.call("PUT", base + "configuration/statuses", json: ["booked": [2, 3, 5], "cancelled": [7]])
        #expect(saved.status == 200, "\(saved.text)")
        #expect(try client.call("POST", base + "ledger/refresh").status == 200)
    }

    @Test func aNewVersionAsksAgain() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try DashboardConfigurationTests.configuredStack(sandbox: sandbox)
        let route = "connections/\(stack.license)/configuration/statuses"
        #expect(try client.call("PUT", route, json: ["booked": [2, 3, 5]]).status == 200)
        withExtendedLifetime(web) {}
        // koppel-web again, with a new Algemene Voorwaarden: the same session must accept it first.
        web.process.terminate()
        web.process.waitUntilExit()
        let renewed = try KoppelWebProcess(stack, arguments: ["--terms-version", "2027-02-01"])
        defer { withExtendedLifetime(renewed) {} }
        let terms = try answerObject(try client.call("GET", "terms"))
        #expect(terms["accepted"] as? Bool == false)
        #expect((terms["voorwaarden"] as? [String: Any])?["version"] as? String == "2027-02-01")
        #expect((terms["avg"] as? [String: Any])?["accepted_at"] as? Int64 != nil)
        #expect(try client.call("PUT", route, json: ["booked": [2, 3, 5]]).status == 403)
        try client.acceptTerms()
        #expect(try client.call("PUT", route, json: ["booked": [2, 3, 5]]).status == 200)
    }
}
