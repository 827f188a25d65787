import Foundation
import KoppelHTTP
import KoppelStore
import Testing

/// Configuratie's shop section of a Mijnwebwinkel connection through nginx and koppel-web, with the
/// shop a sandbox process: the shop's name and the last fetch instead of OpenCart's license and API
/// key, and the store token replaced with the account's password, checked against the shop first,
/// never shown back, stored sealed or not at all.
@Suite struct DashboardMijnwebwinkelShopTests {
    static let revokedToken = "store-ingetrokken-2026"

    @Test func theOwnerReplacesARevokedStoreToken() throws {
        let stack = try Stack()
        let shop = try MijnwebwinkelShopSandbox()
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime((web, shop)) {} }
        let store = stack.folder.appendingPathComponent("store.token")
        let partner = stack.folder.appendingPathComponent("partner.token")
        try Data(MijnwebwinkelShopSandbox.storeToken.utf8).write(to: store)
        try Data(MijnwebwinkelShopSandbox.partnerToken.utf8).write(to: partner)
        let added = try runProgram(
            "koppel",
            ["connection", "add", "--name", "Demowinkel", "--shop", "mijnwebwinkel", "--ledger", "moneybird",
             "--store-token-file", store.path, "--partner-token-file", partner.path, "--shop-url", shop.baseURL],
            environment: stack.environment)
        try #require(added.status == 0, "\(added.errors)")
        let license = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        try stack.addUser(DashboardConfigurationTests.owner, password: DashboardConfigurationTests.password, licenses: [license])
        var client = DashboardClient(stack)
        #expect(try client.login(DashboardConfigurationTests.owner, DashboardConfigurationTests.password).status == 200)
        try client.acceptTerms()
        let path = "connections/\(license)/shop"

        // Profiel: active, since koppel can fetch with the stored access (no API key is involved).
        let profile = try answerObject(try client.call("GET", "profile"))
        let listed = try #require((profile["connections"] as? [[String: Any]])?.first { $0["license"] as? String == license })
        #expect(listed["shop"] as? String == "mijnwebwinkel" && listed["active"] as? Bool == true, "\(listed)")

        // Before the first fetch the name comes from asking the shop; no OpenCart facts, no token.
        let first = try client.call("GET", path)
        #expect(first.status == 200, "\(first.text)")
        let shown = try answerObject(first)
        #expect(shown["shop"] as? String == "mijnwebwinkel")
        #expect(shown["store_name"] as? String == "Koppel Demowinkel")
        #expect(shown["access_set"] as? Bool == true)
        #expect(shown["last_fetch_at"] == nil && shown["license"] == nil && shown["api_key_set"] == nil, "\(shown)")
        #expect(!first.text.contains(MijnwebwinkelShopSandbox.storeToken) && !first.text.contains(MijnwebwinkelShopSandbox.partnerToken))

        // After a fetch: when it ran.
        let fetched = try runProgram("koppel", ["fetch"], environment: stack.environment)
        #expect(fetched.status == 0, "\(fetched.errors)")
        let afterFetch = try answerObject(try client.call("GET", path))
        #expect((afterFetch["last_fetch_at"] as? Int ?? 0) > 1_700_000_000, "\(afterFetch)")
        #expect(afterFetch["store_name"] as? String == "Koppel Demowinkel")

        // The owner revoked the token in Mijnwebwinkel: the stored access no longer works.
        let connection = try #require(try stack.database.connection(license: license))
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: stack.masterKeyPath))
        let revoked = #"{"base_url":"\#(shop.baseURL)","partner_token":"\#(MijnwebwinkelShopSandbox.partnerToken)","store_token":"\#(Self.revokedToken)"}"#
        try stack.database.setShopAccess(connection: connection, accessJSON: revoked, sealer: sealer, now: 2)
        let before = try #require(try stack.database.sealedShopAccess(connectionID: connection.id))

        // Refusals: the password again; an empty token; a token the shop refuses. Nothing is stored.
        let wrongPassword = try client.call(
            "PUT", path + "/store-token", json: ["store_token": MijnwebwinkelShopSandbox.storeToken, "password": "Wrong-Horse-2026"])
        #expect(wrongPassword.status == 403)
        #expect(try (answerObject(wrongPassword)["error"] as? [String: Any])?["code"] as? String == "current_password_wrong")
        for (token, words) in [("  ", "Vul de winkeltoken in"), ("store-verkeerd-2026", "weigert deze winkeltoken")] {
            let refused = try client.call("PUT", path + "/store-token", json: ["store_token": token, "password": DashboardConfigurationTests.password])
            #expect(refused.status == 422, "\(refused.text)")
            let error = try #require(try answerObject(refused)["error"] as? [String: Any])
            #expect(error["field"] as? String == "store_token")
            #expect((error["message"] as? String)?.contains(words) == true, "\(error)")
            #expect(!refused.text.contains("store-verkeerd-2026"))
        }
        #expect(try stack.database.sealedShopAccess(connectionID: connection.id) == before)
        // An API key is OpenCart's: a Mijnwebwinkel connection has none to set.
        let apiKey = try client.call("PUT", path + "/api-key", json: ["api_key": DashboardShopKeyTests.newKey, "password": DashboardConfigurationTests.password])
        #expect(apiKey.status == 404)

        let saved = try client.call(
            "PUT", path + "/store-token", json: ["store_token": MijnwebwinkelShopSandbox.storeToken, "password": DashboardConfigurationTests.password])
        #expect(saved.status == 200, "\(saved.text)")
        #expect(saved.text.contains("Koppel Demowinkel"))
        #expect(!saved.text.contains(MijnwebwinkelShopSandbox.storeToken))
        // Stored sealed, with the partner token and the address kept.
        let sealed = try #require(try stack.database.sealedShopAccess(connectionID: connection.id))
        #expect(sealed.range(of: Data(MijnwebwinkelShopSandbox.storeToken.utf8)) == nil)
        let opened = try sealer.open(sealed, context: KoppelDatabase.shopAccessContext(license: license))
        let access = try #require(try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: String])
        #expect(access == [
            "base_url": shop.baseURL, "partner_token": MijnwebwinkelShopSandbox.partnerToken, "store_token": MijnwebwinkelShopSandbox.storeToken,
        ])
        // The fetch works again, and no token is in koppel-web's log.
        #expect(try runProgram("koppel", ["fetch"], environment: stack.environment).status == 0)
        let log = try String(contentsOfFile: web.logPath, encoding: .utf8)
        for token in [MijnwebwinkelShopSandbox.storeToken, MijnwebwinkelShopSandbox.partnerToken, Self.revokedToken, "store-verkeerd-2026"] {
            #expect(!log.contains(token))
        }
    }
}
