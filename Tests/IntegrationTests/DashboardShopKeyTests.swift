import Foundation
import GRDB
import KoppelHTTP
import KoppelStore
import Testing

/// Configuratie's OpenCart section through nginx: the license and koppel's address to enter in
/// the extension; the shop's API key set or replaced with the account's password, never shown
/// back, stored sealed; then koppel-fcgi accepts pushes signed with the new key and refuses the old.
@Suite struct DashboardShopKeyTests {
    static let newKey = "Nieuwe(Sleutel)=2026#Winkel!"

    static func settingsBody() throws -> Data {
        try JSONDecoder().decode(
            SettingsRowsForTests.self,
            from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json"))
        ).body
    }

    @Test func theOwnerReplacesTheKeyTheShopSignsWith() throws {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack, arguments: ["--public-url", "https://koppel.example.nl/"])
        defer { withExtendedLifetime(web) {} }
        try stack.addUser(DashboardConfigurationTests.owner, password: DashboardConfigurationTests.password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login(DashboardConfigurationTests.owner, DashboardConfigurationTests.password).status == 200)
        let path = "connections/\(stack.license)/shop"

        let shown = try answerObject(try client.call("GET", path))
        #expect(shown["license"] as? String == stack.license)
        #expect(shown["endpoint"] as? String == "https://koppel.example.nl")
        #expect(shown["api_key_set"] as? Bool == true)
        #expect(!String(decoding: try client.call("GET", path).body, as: UTF8.self).contains(stack.apiKey))

        // Not before the terms are accepted.
        let early = try client.call("PUT", path + "/api-key", json: ["api_key": Self.newKey, "password": DashboardConfigurationTests.password])
        #expect(early.status == 403)
        try client.acceptTerms()

        // The rules of the extension and of `koppel connection set-api-key`, in Dutch; the password again.
        for (key, words) in [
            ("Kort!2026", "15 tot 64 tekens"), (String(repeating: "a", count: 65), "15 tot 64 tekens"),
            ("spatie in de sleutel 2026", "alleen letters"), ("Sleutel-met-streepjes-2026", "alleen letters"),
        ] {
            let refused = try client.call("PUT", path + "/api-key", json: ["api_key": key, "password": DashboardConfigurationTests.password])
            #expect(refused.status == 422, "\(key)")
            let error = try #require(try answerObject(refused)["error"] as? [String: Any])
            #expect(error["field"] as? String == "api_key")
            #expect((error["message"] as? String)?.contains(words) == true, "\(error)")
            #expect(!(error["message"] as? String ?? "").contains(key))
        }
        let wrong = try client.call("PUT", path + "/api-key", json: ["api_key": Self.newKey, "password": "Wrong-Horse-2026"])
        #expect(wrong.status == 403)
        #expect(try (answerObject(wrong)["error"] as? [String: Any])?["code"] as? String == "current_password_wrong")
        #expect(try stack.send("POST", "/api/v1/settings", body: Self.settingsBody()).status == 200)

        let saved = try client.call("PUT", path + "/api-key", json: ["api_key": Self.newKey, "password": DashboardConfigurationTests.password])
        #expect(saved.status == 200, "\(saved.text)")
        #expect(!saved.text.contains(Self.newKey))
        // Stored sealed: the key's bytes are nowhere in the row, and it opens with the master key.
        let connection = try #require(try stack.database.connection(license: stack.license))
        let sealed = try #require(connection.sealedAPIKey)
        #expect(sealed.range(of: Data(Self.newKey.utf8)) == nil)
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: stack.masterKeyPath))
        #expect(try sealer.open(sealed, context: KoppelDatabase.apiKeyContext(license: stack.license)) == Self.newKey)

        // koppel-fcgi keeps a connection's row a few seconds: within a generous margin the new key
        // opens pushes, and from then on the old one is refused.
        let deadline = Date().addingTimeInterval(30)
        var status = 0
        while Date() < deadline {
            status = try stack.send("POST", "/api/v1/settings", body: Self.settingsBody(), apiKey: Self.newKey).status
            if status == 200 { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(status == 200)
        #expect(try stack.send("POST", "/api/v1/settings", body: Self.settingsBody()).status == 401)
        #expect(try stack.send("POST", "/api/v1/settings", body: Self.settingsBody(), apiKey: Self.newKey).status == 200)
        // Nothing in koppel-web's log holds the key.
        #expect(!(try String(contentsOfFile: web.logPath, encoding: .utf8)).contains(Self.newKey))
    }

    @Test func theCommandLineKeepsItsRules() throws {
        let stack = try Stack()
        let short = try runProgram(
            "koppel", ["connection", "set-api-key", stack.license], input: "Kort!2026\n", environment: stack.environment)
        #expect(short.status != 0)
        #expect(short.errors.contains("15 to 64 characters"))
        let set = try runProgram(
            "koppel", ["connection", "set-api-key", stack.license], input: Self.newKey + "\n", environment: stack.environment)
        #expect(set.status == 0, "\(set.errors)")
        let deadline = Date().addingTimeInterval(30)
        var status = 0
        while Date() < deadline {
            status = try stack.send("POST", "/api/v1/settings", body: Self.settingsBody(), apiKey: Self.newKey).status
            if status == 200 { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        #expect(status == 200)
    }
}
