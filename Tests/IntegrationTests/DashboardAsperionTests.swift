import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing
import TestSupport

/// "Koppel met Asperion" and its settings in Configuratie, through nginx and koppel-web: the
/// administration number and the license code (with the dashboard password again) stored without
/// asking Asperion (manual 003 §4: the code cannot be checked in advance), never shown back or
/// logged; the payment codes per payment method the shop pushed, the invoice date and the run hour;
/// another administration starting over.
@Suite struct DashboardAsperionTests {
    static let password = "Correct-Horse-2026"
    static let owner = "eigenaar@example.nl"
    static let licenseCode = "ASP-LIC-7f3a9c2e-dashboard"

    /// A stack whose connection books into Asperion, koppel-web reaching the sandbox, the shop's
    /// settings pushed (payment methods `cod` and `free_checkout`) and the owner logged in.
    static func asperionStack(_ sandbox: AsperionSandboxProcess) throws -> (Stack, KoppelWebProcess, DashboardClient) {
        let stack = try Stack(ledger: .asperion)
        let web = try KoppelWebProcess(stack, arguments: ["--asperion-url", sandbox.baseURL])
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self,
            from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        try stack.addUser(owner, password: password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login(owner, password).status == 200)
        try client.acceptTerms()
        return (stack, web, client)
    }

    static func connect(_ client: DashboardClient, _ stack: Stack, administration: String, code: String, password: String = password)
        throws -> HTTPResponse
    {
        try client.call(
            "PUT", "connections/\(stack.license)/ledger/license-code",
            json: ["administration": administration, "license_code": code, "password": password])
    }

    /// A refused answer: the status, the field named (with its Dutch message), the error's text.
    @discardableResult
    static func expectRefused(_ answer: HTTPResponse, status: Int, field: String?) throws -> String {
        #expect(answer.status == status, "\(answer.text)")
        let error = try #require(try answerObject(answer)["error"] as? [String: Any])
        if let field { #expect(error["field"] as? String == field, "\(answer.text)") }
        return error["message"] as? String ?? ""
    }

    static func ledgerSettings(_ client: DashboardClient, _ stack: Stack) throws -> [String: [String: Any]] {
        let configuration = try client.call("GET", "connections/\(stack.license)/configuration")
        #expect(configuration.status == 200, "\(configuration.text)")
        let settings = try #require(try answerObject(configuration)["ledger_settings"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: settings.compactMap { setting in (setting["key"] as? String).map { ($0, setting) } })
    }

    /// The payment code table's rows: method → code ("" without one).
    static func codes(_ setting: [String: Any]?) throws -> [String: String] {
        let rows = try #require(setting?["choices"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["id"] as? String).map { ($0, row["code"] as? String ?? "") } })
    }

    static func storedSettings(_ stack: Stack, connectionID: Int64) throws -> [String: Any] {
        let json = try #require(try stack.database.ledgerAccess(connectionID: connectionID)?.settingsJSON)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func theOwnerStoresTheLicenseCodeUncheckedAndMapsEachPaymentMethod() throws {
        let sandbox = try AsperionSandboxProcess()
        let (stack, web, client) = try Self.asperionStack(sandbox)
        defer { withExtendedLifetime(web) {} }
        let license = stack.license
        let connectionID = try #require(try stack.database.connection(license: license)).id
        var answers: [HTTPResponse] = []
        let before = try client.call("GET", "connections/\(license)/ledger")
        answers.append(before)
        #expect(try answerObject(before)["ledger_name"] as? String == "Asperion")
        #expect(try answerObject(before)["method"] as? String == "license_code")
        #expect(try answerObject(before)["can_connect"] as? Bool == true)
        #expect(try answerObject(before)["connected"] == nil)

        // Refused before anything is stored: a wrong password, a number that is none, an empty or broken code.
        let tenant = AsperionSandboxProcess.tenant
        for (answer, status, field) in [
            (try Self.connect(client, stack, administration: tenant, code: Self.licenseCode, password: "Niet-Mijn-Wachtwoord"), 403, nil),
            (try Self.connect(client, stack, administration: "", code: Self.licenseCode), 422, "administration"),
            (try Self.connect(client, stack, administration: "Fietsen BV", code: Self.licenseCode), 422, "administration"),
            (try Self.connect(client, stack, administration: tenant, code: " "), 422, "license_code"),
            (try Self.connect(client, stack, administration: tenant, code: "ASP LIC 7f3a"), 422, "license_code"),
        ] as [(HTTPResponse, Int, String?)] {
            try Self.expectRefused(answer, status: status, field: field)
            answers.append(answer)
            #expect(try stack.database.ledgerAccess(connectionID: connectionID) == nil)
        }

        // Stored as given: nothing asked of Asperion, sealed as `koppel ledger connect` stores it.
        let connected = try Self.connect(client, stack, administration: " \(tenant) ", code: " \(Self.licenseCode)\n")
        answers.append(connected)
        #expect(connected.status == 200, "\(connected.text)")
        #expect((try answerObject(connected)["message"] as? String)?.contains("administratie \(tenant)") == true, "\(connected.text)")
        #expect(try JSONSerialization.jsonObject(with: try sandbox.get("/sandbox/stats").body) as? [String: Any] != nil)
        #expect((try JSONSerialization.jsonObject(with: try sandbox.get("/sandbox/stats").body) as? [String: Any])?["total"] as? Int == 0)
        let connection = try #require(try stack.database.connection(license: license))
        let access = try #require(try stack.database.ledgerAccess(connectionID: connectionID))
        #expect(access.administrationID == tenant)
        #expect(access.baseURL == sandbox.baseURL)
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: stack.masterKeyPath))
        let opened = try sealer.open(.ledgerAccess(access.sealedTokens, of: connection))
        #expect(try JSONSerialization.jsonObject(with: Data(opened.utf8)) as? [String: String] == ["licenseCode": Self.licenseCode])
        let state = try client.call("GET", "connections/\(license)/ledger")
        answers.append(state)
        #expect((try answerObject(state)["connected"] as? [String: Any])?["administration_id"] as? String == tenant)

        // The three settings: a code per payment method the shop pushed, the invoice date and the run hour as choices.
        var settings = try Self.ledgerSettings(client, stack)
        #expect(Set(settings.keys) == ["payment_codes", "invoice_date", "run_hour"])
        #expect(settings["payment_codes"]?["form"] as? String == "per_payment_method")
        #expect(settings["payment_codes"]?["label"] as? String == "Betaalcode per betaalmethode")
        #expect(try Self.codes(settings["payment_codes"]) == ["cod": "", "free_checkout": ""])
        #expect(settings["invoice_date"]?["label"] as? String == "Factuurdatum")
        #expect(settings["invoice_date"]?["value"] as? String == "order_date")
        let dates = try #require(settings["invoice_date"]?["choices"] as? [[String: Any]])
        #expect(dates.compactMap { $0["id"] as? String } == ["order_date", "export_date"])
        #expect(dates.first?["name"] as? String == "Besteldatum")
        #expect((dates.last?["name"] as? String)?.hasPrefix("Exportdatum") == true)
        #expect(settings["run_hour"]?["label"] as? String == "Tijdstip van het dagelijkse bestand")
        #expect(settings["run_hour"]?["value"] as? String == "2")
        let hours = try #require(settings["run_hour"]?["choices"] as? [[String: Any]])
        #expect(hours.count == 24)
        #expect(hours.first { $0["id"] as? String == "2" }?["name"] as? String == "02:00")

        let ledgerPath = "connections/\(license)/configuration/ledger"
        let saved = try client.call(
            "PUT", ledgerPath,
            json: ["payment_codes": ["cod": "REMBOURS", "free_checkout": " "], "invoice_date": "export_date", "run_hour": "5"])
        #expect(saved.status == 200, "\(saved.text)")
        settings = try Self.ledgerSettings(client, stack)
        #expect(try Self.codes(settings["payment_codes"]) == ["cod": "REMBOURS", "free_checkout": ""])
        #expect(settings["payment_codes"]?["value"] as? String == "cod=REMBOURS")
        #expect(settings["invoice_date"]?["value"] as? String == "export_date")
        #expect(settings["run_hour"]?["value"] as? String == "5")
        let stored = try Self.storedSettings(stack, connectionID: connectionID)
        #expect(stored["paymentCodes"] as? [String: String] == ["cod": "REMBOURS"], "\(stored)")
        #expect(stored["invoiceDate"] as? String == "export_date")
        #expect(stored["runHour"] as? Int == 5)

        // Refused, naming the row or the choice, and nothing of the request stored.
        let spaced = try Self.expectRefused(
            try client.call("PUT", ledgerPath, json: ["payment_codes": ["cod": "REMBOURS BANK"], "run_hour": "7"]), status: 422,
            field: "payment_codes.cod")
        #expect(spaced.contains("‘REMBOURS BANK’") && spaced.contains("cod"), "\(spaced)")
        try Self.expectRefused(try client.call("PUT", ledgerPath, json: ["payment_codes": ["co,d": "X"]]), status: 422, field: "payment_codes.co,d")
        try Self.expectRefused(try client.call("PUT", ledgerPath, json: ["run_hour": "24"]), status: 422, field: "run_hour")
        try Self.expectRefused(try client.call("PUT", ledgerPath, json: ["invoice_date": "gisteren"]), status: 422, field: "invoice_date")
        #expect(try Self.storedSettings(stack, connectionID: connectionID)["runHour"] as? Int == 5)
        #expect(try Self.storedSettings(stack, connectionID: connectionID)["paymentCodes"] as? [String: String] == ["cod": "REMBOURS"])

        // The same administration again (a new code): its choices stay.
        let newCode = "ASP-LIC-vernieuwd-0042"
        let again = try Self.connect(client, stack, administration: tenant, code: newCode)
        answers.append(again)
        #expect(again.status == 200, "\(again.text)")
        #expect(try Self.storedSettings(stack, connectionID: connectionID)["paymentCodes"] as? [String: String] == ["cod": "REMBOURS"])

        // An empty field removes its code.
        #expect(try client.call("PUT", ledgerPath, json: ["payment_codes": ["cod": ""]]).status == 200)
        #expect(try Self.codes(try Self.ledgerSettings(client, stack)["payment_codes"]) == ["cod": "", "free_checkout": ""])

        // Neither code in an answer or in koppel-web's log.
        answers.append(try client.call("GET", "connections/\(license)/configuration"))
        let log = try String(contentsOfFile: web.logPath, encoding: .utf8)
        #expect(log.contains("ledger connected"), "\(log)")
        for code in [Self.licenseCode, newCode, "7f3a9c2e"] {
            #expect(!log.contains(code))
            for answer in answers { #expect(!answer.text.contains(code), "\(answer.text)") }
        }
    }

    @Test func anotherAdministrationNumberStartsTheSettingsAndTheMappingOver() throws {
        let sandbox = try AsperionSandboxProcess()
        let (stack, web, client) = try Self.asperionStack(sandbox)
        defer { withExtendedLifetime(web) {} }
        let license = stack.license
        let connectionID = try #require(try stack.database.connection(license: license)).id
        #expect(try Self.connect(client, stack, administration: AsperionSandboxProcess.tenant, code: Self.licenseCode).status == 200)
        let saved = try client.call(
            "PUT", "connections/\(license)/configuration/ledger",
            json: ["payment_codes": ["cod": "REMBOURS"], "invoice_date": "export_date", "run_hour": "6"])
        #expect(saved.status == 200, "\(saved.text)")
        let mapped = try client.call(
            "PUT", "connections/\(license)/configuration/vat", json: ["scope": "NL", "basis_points": 2100, "vat_code": "high", "revenue_account": "8000"])
        #expect(mapped.status == 200, "\(mapped.text)")
        #expect(try stack.database.bookingConfiguration(connectionID: connectionID).vatMapping != nil)

        let other = try Self.connect(client, stack, administration: "300004", code: "ASP-LIC-andere-administratie")
        #expect(other.status == 200, "\(other.text)")
        #expect(try stack.database.ledgerAccess(connectionID: connectionID)?.administrationID == "300004")
        #expect(try stack.database.bookingConfiguration(connectionID: connectionID).vatMapping == nil)
        let settings = try Self.ledgerSettings(client, stack)
        #expect(try Self.codes(settings["payment_codes"]) == ["cod": "", "free_checkout": ""])
        #expect(settings["invoice_date"]?["value"] as? String == "order_date")
        #expect(settings["run_hour"]?["value"] as? String == "2")
    }

    @Test func onlyALicenseCodeLedgerTakesALicenseCode() throws {
        let stack = try Stack(ledger: .factuursturen)
        let web = try KoppelWebProcess(stack)
        defer { withExtendedLifetime(web) {} }
        try stack.addUser(Self.owner, password: Self.password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login(Self.owner, Self.password).status == 200)
        try client.acceptTerms()
        let answer = try Self.connect(client, stack, administration: "300003", code: Self.licenseCode)
        #expect(answer.status == 404, "\(answer.text)")
        let connectionID = try #require(try stack.database.connection(license: stack.license)).id
        #expect(try stack.database.ledgerAccess(connectionID: connectionID) == nil)
    }
}
