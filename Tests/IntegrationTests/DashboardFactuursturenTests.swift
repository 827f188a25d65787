import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing
import TestSupport

/// "Koppel met Factuursturen" and its settings in Configuratie, through nginx, koppel-web and the
/// Factuursturen sandbox: a user name and an API key (with the dashboard password again) checked
/// against the ledger before they are stored, never shown back or logged; the three settings; the
/// VAT mapping from Factuursturen's `taxes`; another account forgetting the old one's choices.
@Suite struct DashboardFactuursturenTests {
    static let password = "Correct-Horse-2026"
    static let owner = "eigenaar@example.nl"

    /// A stack whose connection books into Factuursturen, koppel-web reaching the sandbox, the
    /// shop's settings and orders pushed and the owner logged in (terms accepted).
    static func factuursturenStack(_ sandbox: FactuursturenSandbox) throws -> (Stack, KoppelWebProcess, DashboardClient) {
        let stack = try Stack(ledger: .factuursturen)
        let web = try KoppelWebProcess(stack, arguments: ["--factuursturen-url", sandbox.base])
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self,
            from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(Samples.openCart3)).status == 200)
        try stack.addUser(owner, password: password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login(owner, password).status == 200)
        try client.acceptTerms()
        return (stack, web, client)
    }

    static func connect(_ client: DashboardClient, _ stack: Stack, username: String, key: String, password: String = password)
        throws -> HTTPResponse
    {
        try client.call(
            "PUT", "connections/\(stack.license)/ledger/token",
            json: ["username": username, "api_key": key, "password": password])
    }

    /// A refused connect: the status, the field named, in Dutch, and nothing stored.
    static func expectRefused(_ answer: HTTPResponse, status: Int, field: String?, _ stack: Stack) throws {
        #expect(answer.status == status, "\(answer.text)")
        let error = try #require(try answerObject(answer)["error"] as? [String: Any])
        if let field { #expect(error["field"] as? String == field, "\(answer.text)") }
        let connectionID = try #require(try stack.database.connection(license: stack.license)).id
        #expect(try stack.database.ledgerAccess(connectionID: connectionID) == nil)
    }

    @Test func theOwnerConnectsFactuursturenWithAKeyItAcceptsChoosesTheSettingsAndMapsTheVAT() throws {
        let sandbox = try FactuursturenSandbox(username: "winkel@example.nl", key: "fs-dashboard-key-0123456789")
        let (stack, web, client) = try Self.factuursturenStack(sandbox)
        defer { withExtendedLifetime(web) {} }
        let license = stack.license
        let before = try answerObject(try client.call("GET", "connections/\(license)/ledger"))
        #expect(before["ledger_name"] as? String == "Factuursturen")
        #expect(before["method"] as? String == "token")
        #expect(before["can_connect"] as? Bool == true)
        #expect(before["connected"] == nil)

        // The password again first: a wrong one asks nothing of Factuursturen.
        try Self.expectRefused(
            try Self.connect(client, stack, username: sandbox.username, key: sandbox.key, password: "Niet-Mijn-Wachtwoord"),
            status: 403, field: nil, stack)
        try Self.expectRefused(try Self.connect(client, stack, username: sandbox.username, key: " "), status: 422, field: "api_key", stack)
        try Self.expectRefused(try Self.connect(client, stack, username: "a:b", key: "x"), status: 422, field: "username", stack)
        #expect(try sandbox.stats()["total"] as? Int == 0)

        // A key Factuursturen refuses: one request (`GET taxes`), a Dutch error, nothing stored.
        let wrongKey = "fs-ingetrokken-sleutel-42"
        let refused = try Self.connect(client, stack, username: sandbox.username, key: wrongKey)
        try Self.expectRefused(refused, status: 422, field: "api_key", stack)
        let message = try #require((try answerObject(refused)["error"] as? [String: Any])?["message"] as? String)
        #expect(message.contains("Factuursturen weigert deze gebruikersnaam of API-sleutel"), "\(message)")
        #expect(!refused.text.contains(wrongKey))
        #expect(try sandbox.stats()["endpoints"] as? [String: Int] == ["GET /taxes": 1])

        // The right one: checked with one more request, stored sealed as `koppel ledger connect` stores it.
        let connected = try Self.connect(client, stack, username: sandbox.username, key: sandbox.key)
        #expect(connected.status == 200, "\(connected.text)")
        #expect(!connected.text.contains(sandbox.key))
        #expect(try sandbox.stats()["endpoints"] as? [String: Int] == ["GET /taxes": 2])
        let connection = try #require(try stack.database.connection(license: license))
        let access = try #require(try stack.database.ledgerAccess(connectionID: connection.id))
        #expect(access.administrationID == sandbox.username)
        #expect(access.baseURL == sandbox.base)
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: stack.masterKeyPath))
        let opened = try sealer.open(.ledgerAccess(access.sealedTokens, of: connection))
        let credentials = try #require(try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: String])
        #expect(credentials == ["username": sandbox.username, "apiKey": sandbox.key])

        // Shown as connected under the user name; the key in no answer.
        let state = try client.call("GET", "connections/\(license)/ledger")
        #expect((try answerObject(state)["connected"] as? [String: Any])?["administration_id"] as? String == sandbox.username)
        var configuration = try client.call("GET", "connections/\(license)/configuration")
        #expect(configuration.status == 200, "\(configuration.text)")
        for answer in [state, configuration] { #expect(!answer.text.contains(sandbox.key)) }

        // The three settings, as the provider declares them, at their defaults; changed and refused.
        var settings = try #require(try answerObject(configuration)["ledger_settings"] as? [[String: Any]])
        #expect(settings.compactMap { $0["key"] as? String } == ["send_method", "order_number_as_invoice_number", "register_payment"])
        #expect(settings.compactMap { $0["form"] as? String } == ["one_of", "flag", "flag"])
        #expect(settings.first?["label"] as? String == "Verzending van de factuur")
        #expect(settings.compactMap { $0["value"] as? String } == ["mail", "false", "true"])
        #expect((settings.first?["choices"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["mail", "email"], "\(settings)")
        let ledgerPath = "connections/\(license)/configuration/ledger"
        let fax = try client.call("PUT", ledgerPath, json: ["send_method": "fax"])
        #expect(fax.status == 422, "\(fax.text)")
        #expect((try answerObject(fax)["error"] as? [String: Any])?["field"] as? String == "send_method", "\(fax.text)")
        let saved = try client.call("PUT", ledgerPath, json: ["send_method": "email", "register_payment": "false"])
        #expect(saved.status == 200, "\(saved.text)")
        configuration = try client.call("GET", "connections/\(license)/configuration")
        settings = try #require(try answerObject(configuration)["ledger_settings"] as? [[String: Any]])
        #expect(settings.compactMap { $0["value"] as? String } == ["email", "false", "false"])

        // `koppel ledger map`'s part in the dashboard: "Vernieuwen" reads Factuursturen's taxes, then
        // NL 21 % and 9 % take its codes; a code Factuursturen does not have is refused.
        let refreshed = try client.call("POST", "connections/\(license)/ledger/refresh")
        #expect(refreshed.status == 200, "\(refreshed.text)")
        configuration = try client.call("GET", "connections/\(license)/configuration")
        let reference = try #require((try answerObject(configuration)["ledger"] as? [String: Any])?["reference"] as? [String: Any])
        let rates = try #require(reference["tax_rates"] as? [[String: Any]])
        let high = try #require(rates.first { $0["detail"] as? String == "21" }?["id"] as? String)
        let low = try #require(rates.first { $0["detail"] as? String == "9" }?["id"] as? String)
        let revenue = try #require((reference["revenue_accounts"] as? [[String: Any]])?.first?["id"] as? String)
        let vat = "connections/\(license)/configuration/vat"
        let wrongCode = try client.call("PUT", vat, json: ["scope": "NL", "basis_points": 2100, "vat_code": "X", "revenue_account": revenue])
        #expect(wrongCode.status == 422, "\(wrongCode.text)")
        #expect((try answerObject(wrongCode)["error"] as? [String: Any])?["field"] as? String == "vat_code")
        for (basisPoints, code) in [(2100, high), (900, low)] {
            let mapped = try client.call("PUT", vat, json: ["scope": "NL", "basis_points": basisPoints, "vat_code": code, "revenue_account": revenue])
            #expect(mapped.status == 200, "\(mapped.text)")
        }
        let table = try #require((try answerObject(try client.call("GET", "connections/\(license)/configuration"))["vat"]
            as? [String: Any])?["entries"] as? [[String: Any]])
        let nl = table.filter { $0["scope"] as? String == "NL" && !($0["vat_code"] as? String ?? "").isEmpty }
        #expect(Set(nl.compactMap { $0["vat_code"] as? String }) == [high, low], "\(nl)")

        // The same key again (a replaced key works the same way): the account stays, so its choices stay.
        #expect(try Self.connect(client, stack, username: sandbox.username, key: sandbox.key).status == 200)
        #expect(try stack.database.ledgerAccess(connectionID: connection.id)?.settingsJSON?.contains("\"email\"") == true)
        #expect(try stack.database.bookingConfiguration(connectionID: connection.id).vatMapping != nil)

        // Neither key in koppel-web's log.
        let log = try String(contentsOfFile: web.logPath, encoding: .utf8)
        #expect(log.contains("ledger connected"), "\(log)")
        for key in [sandbox.key, wrongKey] { #expect(!log.contains(key)) }
    }

    @Test func anotherFactuursturenAccountForgetsTheSettingsAndTheMapping() throws {
        let first = try FactuursturenSandbox(username: "winkel@example.nl", key: "fs-eerste-sleutel-0001")
        let (stack, web, client) = try Self.factuursturenStack(first)
        let license = stack.license
        #expect(try Self.connect(client, stack, username: first.username, key: first.key).status == 200)
        #expect(try client.call("PUT", "connections/\(license)/configuration/ledger", json: ["send_method": "email"]).status == 200)
        #expect(try client.call("POST", "connections/\(license)/ledger/refresh").status == 200)
        let mapped = try client.call(
            "PUT", "connections/\(license)/configuration/vat", json: ["scope": "NL", "basis_points": 2100, "vat_code": "H", "revenue_account": "omzet"])
        #expect(mapped.status == 200, "\(mapped.text)")
        let connectionID = try #require(try stack.database.connection(license: license)).id
        #expect(try stack.database.bookingConfiguration(connectionID: connectionID).vatMapping != nil)

        // Another account (another user name; the sandbox knows one, so a second one answers for it).
        let second = try FactuursturenSandbox(username: "boekhouder@example.nl", key: "fs-tweede-sleutel-0002")
        web.process.terminate()
        web.process.waitUntilExit()
        let secondWeb = try KoppelWebProcess(stack, arguments: ["--factuursturen-url", second.base])
        defer { withExtendedLifetime(secondWeb) {} }
        #expect(try Self.connect(client, stack, username: second.username, key: second.key).status == 200)
        let access = try #require(try stack.database.ledgerAccess(connectionID: connectionID))
        #expect(access.administrationID == second.username)
        #expect(try stack.database.bookingConfiguration(connectionID: connectionID).vatMapping == nil)
        let configuration = try answerObject(try client.call("GET", "connections/\(license)/configuration"))
        let settings = try #require(configuration["ledger_settings"] as? [[String: Any]])
        #expect(settings.first { $0["key"] as? String == "send_method" }?["value"] as? String == "mail", "\(settings)")
        #expect((configuration["ledger"] as? [String: Any])?["reference"] == nil, "\(configuration)")
    }

    @Test func aFactuursturenThatDoesNotAnswerStoresNothing() throws {
        let sandbox = try FactuursturenSandbox(username: "winkel@example.nl", key: "fs-storing-sleutel-0003")
        let (stack, web, client) = try Self.factuursturenStack(sandbox)
        defer { withExtendedLifetime(web) {} }
        // Every `GET taxes` a 500, a dropped connection or the hourly limit: none says whether the key is
        // good (the adapter may ask again: the rule holds for 10; at the limit it asks for 5 s at most).
        for fault in ["error", "drop", "rate_limit"] {
            try sandbox.post("reset", json: "{}")
            try sandbox.post("faults", json: #"{"rules": [{"endpoint": "GET /taxes", "fault": "\#(fault)", "count": 10}]}"#)
            let answer = try Self.connect(client, stack, username: sandbox.username, key: sandbox.key)
            try Self.expectRefused(answer, status: 502, field: nil, stack)
            let error = try #require(try answerObject(answer)["error"] as? [String: Any])
            #expect(error["code"] as? String == "ledger_unavailable", "\(fault)")
            #expect((error["message"] as? String)?.contains("Factuursturen is nu niet bereikbaar; er is niets gewijzigd") == true, "\(error)")
            #expect((try sandbox.stats()["endpoints"] as? [String: Int])?["GET /taxes"] ?? 0 >= 1)
        }
        try sandbox.post("reset", json: "{}")
        #expect(try Self.connect(client, stack, username: sandbox.username, key: sandbox.key).status == 200)
    }
}

/// `koppel-sandbox --ledger factuursturen` with one account on a free loopback port; stopped on release.
final class FactuursturenSandbox {
    let process = Process()
    let port: Int
    let username: String
    let key: String
    var base: String { "http://127.0.0.1:\(port)" }

    init(username: String, key: String) throws {
        CurlHTTPClient.globalInit()
        self.username = username
        self.key = key
        process.executableURL = Stack.binaries.appendingPathComponent("koppel-sandbox")
        process.arguments = ["--ledger", "factuursturen", "--port", "0", "--username", username, "--api-token", key]
        process.standardError = FileHandle.nullDevice
        port = try ListeningPort.start(process)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// `POST /sandbox/PATH` (faults, reset) with a JSON body.
    func post(_ path: String, json: String) throws {
        let answer = try CurlHTTPClient().perform(HTTPRequest(
            method: "POST", url: base + "/sandbox/" + path, headers: [("Content-Type", "application/json")], body: Data(json.utf8),
            timeout: 10, freshConnection: true))
        guard answer.status == 200 else { throw StackError(description: "sandbox \(path): HTTP \(answer.status) \(answer.text)") }
    }

    /// `/sandbox/stats`: `/api/v1` requests so far, per endpoint ("GET /taxes") and in total.
    func stats() throws -> [String: Any] {
        let answer = try CurlHTTPClient().perform(HTTPRequest(url: base + "/sandbox/stats", timeout: 10, freshConnection: true))
        guard answer.status == 200, let stats = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any] else {
            throw StackError(description: "sandbox stats: HTTP \(answer.status)")
        }
        return stats
    }
}
