import Crypto
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// "Koppel met Moneybird": the OAuth flow through nginx, koppel-web and the Moneybird sandbox's
/// authorize and token endpoints; the credentials stored are the ones `koppel sync` books with.
@Suite struct DashboardConnectTests {
    static let password = "Correct-Horse-2026"
    static let publicURL = "https://koppel.example.nl"

    /// A stack with OpenCart 3's settings and orders pushed, no ledger yet, and koppel-web with
    /// the sandbox's OAuth application.
    static func unconnectedStack(sandbox: LedgerSandbox) throws -> (Stack, KoppelWebProcess) {
        let stack = try Stack()
        let secretFile = stack.folder.appendingPathComponent("moneybird-secret").path
        try Data("koppel-sandbox-secret\n".utf8).write(to: URL(fileURLWithPath: secretFile))
        let web = try KoppelWebProcess(
            stack,
            arguments: [
                "--public-url", publicURL, "--moneybird-url", sandbox.baseURL, "--moneybird-client-id",
                "koppel-sandbox-client", "--moneybird-client-secret-file", secretFile,
            ])
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self,
            from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(Samples.openCart3)).status == 200)
        try stack.addUser("eigenaar@example.nl", password: password, licenses: [stack.license])
        var owner = DashboardClient(stack)
        #expect(try owner.login("eigenaar@example.nl", password).status == 200)
        try owner.acceptTerms()
        return (stack, web)
    }

    /// Asks koppel-web for the authorize address and lets the sandbox approve it: the address
    /// koppel-web's callback is then called with, relative to the stack.
    static func authorize(_ client: DashboardClient, license: String) throws -> (authorizeURL: URL, callback: String) {
        let start = try client.call("GET", "connections/\(license)/ledger/authorize")
        #expect(start.status == 302)
        let authorizeURL = try #require(URL(string: start.header("location") ?? ""))
        let approved = try CurlHTTPClient().perform(HTTPRequest(url: authorizeURL.absoluteString))
        #expect(approved.status == 302)
        let back = try #require(approved.header("location"))
        #expect(back.hasPrefix(publicURL + "/app/api/oauth/callback?"), "\(back)")
        return (authorizeURL, String(back.dropFirst((publicURL + "/app/api/").count)))
    }

    @Test func theOwnerConnectsMoneybirdAndKoppelBooksWithIt() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web) = try Self.unconnectedStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        var client = DashboardClient(stack)
        #expect(try client.login("eigenaar@example.nl", Self.password).status == 200)
        let before = try answerObject(try client.call("GET", "connections/\(stack.license)/ledger"))
        #expect(before["can_connect"] as? Bool == true)
        #expect(before["connected"] == nil || before["connected"] is NSNull)

        let (authorizeURL, callback) = try Self.authorize(client, license: stack.license)
        // Moneybird's authorize address with koppel's client, its redirect URI from --public-url.
        let query = try #require(URLComponents(url: authorizeURL, resolvingAgainstBaseURL: false)?.queryItems)
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        #expect(authorizeURL.absoluteString.hasPrefix(sandbox.baseURL + "/oauth/authorize?"))
        #expect(value("client_id") == "koppel-sandbox-client")
        #expect(value("redirect_uri") == Self.publicURL + "/app/api/oauth/callback")
        let state = try #require(value("state"))
        // The state is kept only as its SHA-256.
        let stored = try stack.database.pool.read { db in
            try Data.fetchAll(db, sql: "SELECT state_hash FROM ledger_authorization")
        }
        #expect(stored == [Data(SHA256.hash(data: Data(state.utf8)))])

        // Moneybird's redirect comes from another site: no cookie, the state alone.
        let anonymous = DashboardClient(stack)
        let wrongState = callback.replacingOccurrences(of: "state=", with: "state=x")
        #expect(try anonymous.call("GET", wrongState).header("location") == "/#boekhouding=geweigerd")
        let missingState = String(callback.prefix { $0 != "&" })
        #expect(try anonymous.call("GET", missingState).header("location") == "/#boekhouding=geweigerd")
        let back = try anonymous.call("GET", callback)
        #expect(back.status == 302)
        #expect(back.header("location") == "/#boekhouding=verbonden&koppeling=\(stack.license)")
        // Used once.
        #expect(try anonymous.call("GET", callback).header("location") == "/#boekhouding=geweigerd")

        let after = try answerObject(try client.call("GET", "connections/\(stack.license)/ledger"))
        let connected = try #require(after["connected"] as? [String: Any])
        #expect(connected["administration_id"] as? String == LedgerSandbox.administration)
        let connectionID = try #require(try stack.database.connection(license: stack.license)).id
        let access = try #require(try stack.database.ledgerAccess(connectionID: connectionID))
        #expect(access.baseURL == sandbox.baseURL)

        // `koppel sync` books with the tokens the dashboard stored.
        let mapped = try runProgram(
            "koppel", ["ledger", "map", stack.license, "--statuses", "2,3,5"], environment: stack.environment)
        #expect(mapped.status == 0, "\(mapped.errors)")
        let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(sync.status == 0, "\(sync.errors)")
        let booked = try #require(
            try answerObject(try client.call("GET", "connections/\(stack.license)/booked"))["orders"]
                as? [[String: Any]])
        #expect(booked.compactMap { $0["shop_order_id"] as? String }.sorted() == ["1", "3"])
    }

    @Test func aStateIsBoundToItsSessionAndExpires() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web) = try Self.unconnectedStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        // Another user's connection is not found, as one that does not exist.
        let other = try stack.database.addConnection(name: "Andere winkel", shop: .opencart, ledger: .moneybird, now: 1)
        try stack.addUser("ander@example.nl", password: Self.password, licenses: [other.licenseKey])
        var client = DashboardClient(stack)
        #expect(try client.login("eigenaar@example.nl", Self.password).status == 200)
        #expect(try client.call("GET", "connections/\(other.licenseKey)/ledger/authorize").status == 404)
        #expect(try client.call("GET", "connections/\(other.licenseKey)/ledger").status == 404)
        #expect(
            try stack.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ledger_authorization")
            } == 0)

        // A state whose session has ended, or whose ten minutes are over, is refused.
        let (_, callback) = try Self.authorize(client, license: stack.license)
        #expect(try client.call("POST", "logout").status == 200)
        #expect(try DashboardClient(stack).call("GET", callback).header("location") == "/#boekhouding=geweigerd")
        #expect(try client.login("eigenaar@example.nl", Self.password).status == 200)
        let (_, late) = try Self.authorize(client, license: stack.license)
        try stack.database.pool.write { db in
            try db.execute(sql: "UPDATE ledger_authorization SET expires_at = expires_at - 601")
        }
        #expect(try DashboardClient(stack).call("GET", late).header("location") == "/#boekhouding=geweigerd")
        // The owner says no at Moneybird: it sends `error=access_denied` with the state (RFC 6749 §4.1.2.1).
        let start = try client.call("GET", "connections/\(stack.license)/ledger/authorize")
        let denied = try #require(
            URLComponents(string: start.header("location") ?? "")?.queryItems?.first { $0.name == "state" }?.value)
        let answer = try DashboardClient(stack).call("GET", "oauth/callback?error=access_denied&state=" + denied)
        #expect(answer.header("location") == "/#boekhouding=afgewezen&koppeling=\(stack.license)")
        // Another session's cookie beside the state is refused too.
        var otherSession = DashboardClient(stack)
        #expect(try otherSession.login("eigenaar@example.nl", Self.password).status == 200)
        let (_, foreign) = try Self.authorize(client, license: stack.license)
        #expect(try otherSession.call("GET", foreign).header("location") == "/#boekhouding=geweigerd")
        let connectionID = try #require(try stack.database.connection(license: stack.license)).id
        #expect(try stack.database.ledgerAccess(connectionID: connectionID) == nil)
    }

    @Test func withSeveralAdministrationsTheOwnerChoosesOne() throws {
        let second = "318440553870706999"
        let sandbox = try LedgerSandbox(arguments: ["--administration", second + "=Tweede B.V."])
        let (stack, web) = try Self.unconnectedStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        var client = DashboardClient(stack)
        #expect(try client.login("eigenaar@example.nl", Self.password).status == 200)
        let (_, callback) = try Self.authorize(client, license: stack.license)
        #expect(
            try DashboardClient(stack).call("GET", callback).header("location")
                == "/#boekhouding=kiezen&koppeling=\(stack.license)")
        let base = "connections/\(stack.license)/ledger"
        let pending = try answerObject(try client.call("GET", base))
        let choices = try #require(pending["choices"] as? [[String: Any]])
        #expect(choices.compactMap { $0["id"] as? String }.sorted() == [LedgerSandbox.administration, second])
        #expect(pending["connected"] == nil || pending["connected"] is NSNull)
        // Only an administration the login may use, and only by the session that authorized.
        #expect(try client.call("POST", base + "/administration", json: ["administration_id": "1"]).status == 409)
        var otherSession = DashboardClient(stack)
        #expect(try otherSession.login("eigenaar@example.nl", Self.password).status == 200)
        #expect(
            try otherSession.call("POST", base + "/administration", json: ["administration_id": second]).status == 409)
        let chosen = try client.call("POST", base + "/administration", json: ["administration_id": second])
        #expect(chosen.status == 200, "\(chosen.text)")
        let connected = try #require(try answerObject(try client.call("GET", base))["connected"] as? [String: Any])
        #expect(connected["administration_id"] as? String == second)
        #expect(try client.call("POST", base + "/administration", json: ["administration_id": second]).status == 409)
    }
}
