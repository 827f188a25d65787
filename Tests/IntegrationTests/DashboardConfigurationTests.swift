import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// Configuratie through nginx: every section's edit is validated and stored (or nothing is),
/// "Vernieuwen" reads the Moneybird sandbox, and the next booking uses a changed VAT mapping.
@Suite struct DashboardConfigurationTests {
    static let password = "Correct-Horse-2026"
    static let owner = "eigenaar@example.nl"

    /// A stack with koppel-web, the shop's settings pushed, Moneybird connected with `token` and
    /// mapped (`koppel ledger map`, which keeps the reference data), `orders` pushed and synced,
    /// and the owner logged in.
    static func configuredStack(
        sandbox: LedgerSandbox, orders: [String] = [], token: String = LedgerSandbox.token, map: Bool = true,
        acceptTerms: Bool = true
    ) throws -> (Stack, KoppelWebProcess, DashboardClient) {
        let stack = try Stack()
        let web = try KoppelWebProcess(stack)
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self,
            from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        let connected = try runProgram(
            "koppel",
            [
                "ledger", "connect", stack.license, "--base-url", sandbox.baseURL, "--administration",
                LedgerSandbox.administration,
            ],
            input: token + "\n", environment: stack.environment)
        #expect(connected.status == 0, "\(connected.errors)")
        if map {
            let mapped = try runProgram(
                "koppel", ["ledger", "map", stack.license, "--statuses", "2,3,5"], environment: stack.environment)
            #expect(mapped.status == 0, "\(mapped.errors)")
        }
        if !orders.isEmpty {
            #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(orders)).status == 200)
            let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
            #expect(sync.status == 0, "\(sync.errors)")
        }
        try stack.addUser(owner, password: password, licenses: [stack.license])
        var client = DashboardClient(stack)
        #expect(try client.login(owner, password).status == 200)
        if acceptTerms { try client.acceptTerms() }
        return (stack, web, client)
    }

    static func configuration(_ client: DashboardClient, _ stack: Stack) throws -> [String: Any] {
        let answer = try client.call("GET", "connections/\(stack.license)/configuration")
        #expect(answer.status == 200, "\(answer.text)")
        return try answerObject(answer)
    }

    /// A refused edit: its status, the field it names, a Dutch message; the configuration as before.
    static func expectRefused(
        _ client: DashboardClient, _ stack: Stack, _ section: String, _ body: [String: Any], field: String,
        status: Int = 422, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try configuration(client, stack)
        let answer = try client.call("PUT", "connections/\(stack.license)/configuration/\(section)", json: body)
        #expect(answer.status == status, "\(answer.text)", sourceLocation: sourceLocation)
        let error = try #require(try answerObject(answer)["error"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(error["field"] as? String == field, "\(answer.text)", sourceLocation: sourceLocation)
        #expect(!(error["message"] as? String ?? "").isEmpty, sourceLocation: sourceLocation)
        let after = try configuration(client, stack)
        #expect(NSDictionary(dictionary: after).isEqual(to: before), "nothing stored half", sourceLocation: sourceLocation)
    }

    @Test func everySectionIsValidatedAndStored() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try Self.configuredStack(sandbox: sandbox, orders: ["opencart3-order-1.json"])
        defer { withExtendedLifetime(web) {} }
        let path = "connections/\(stack.license)/configuration/"
        let first = try Self.configuration(client, stack)

        // What the tab shows: the shop's side, the ledger's side, its reference data, every EU country.
        let shop = try #require(first["shop"] as? [String: Any])
        #expect(shop["status"] as? String == "green")
        #expect(shop["settings_version"] as? Int == 1)
        #expect(shop["last_push_at"] as? Int != nil)
        let shopStatuses = try #require(shop["statuses"] as? [[String: Any]])
        #expect(shopStatuses.contains { $0["id"] as? String == "5" && $0["name"] as? String == "Complete" })
        let ledger = try #require(first["ledger"] as? [String: Any])
        #expect(ledger["connected"] as? Bool == true)
        #expect(ledger["status"] as? String == "green", "\(ledger)")
        let reference = try #require(ledger["reference"] as? [String: Any])
        let taxRates = try #require(reference["tax_rates"] as? [[String: Any]])
        let revenue = try #require(reference["revenue_accounts"] as? [[String: Any]])
        let workflows = try #require(reference["workflows"] as? [[String: Any]])
        #expect(taxRates.contains { $0["name"] as? String == "Binnen EU (ICP) 0%" })
        #expect(revenue.contains { $0["detail"] as? String == "8010" })
        let vat = try #require(first["vat"] as? [String: Any])
        let entries = try #require(vat["entries"] as? [[String: Any]])
        let scopes = Set(entries.compactMap { $0["scope"] as? String })
        #expect(scopes.count == 29, "27 member states, ICP and INT: \(scopes.sorted())")
        #expect(scopes.isSuperset(of: ["NL", "DE", "FR", "ICP", "INT"]))
        #expect(entries.contains { $0["scope"] as? String == "DE" && $0["basis_points"] as? Int == 1900 })
        #expect((first["missing"] as? [String])?.contains("De rekening voor cadeaubonnen.") == true)

        // Statuses.
        #expect(try client.call("PUT", path + "statuses", json: ["booked": [2, 3], "cancelled": [7]]).status == 200)
        let statuses = try #require(try Self.configuration(client, stack)["statuses"] as? [String: Any])
        #expect(statuses["booked"] as? [Int] == [2, 3])
        #expect(statuses["cancelled"] as? [Int] == [7])
        try Self.expectRefused(client, stack, "statuses", ["booked": [2, 3], "cancelled": [3]], field: "cancelled")
        try Self.expectRefused(client, stack, "statuses", ["booked": [0]], field: "booked")
        try Self.expectRefused(client, stack, "statuses", ["booked": [2], "cancelled": [42]], field: "cancelled")

        // The VAT table: a rate the owner changes is kept; a code the ledger does not know is refused.
        let euro21 = try #require(taxRates.first { $0["name"] as? String == "21% btw" }?["id"] as? String)
        let high = try #require(revenue.first { $0["detail"] as? String == "8010" }?["id"] as? String)
        var edited = entries
        let germany = try #require(edited.firstIndex { $0["scope"] as? String == "DE" && $0["basis_points"] as? Int == 1900 })
        edited[germany]["basis_points"] = 1600
        let netherlands = try #require(edited.firstIndex { $0["scope"] as? String == "NL" && $0["basis_points"] as? Int == 2100 })
        edited[netherlands]["vat_code"] = euro21
        edited[netherlands]["revenue_account"] = high
        #expect(try client.call("PUT", path + "vat", json: ["entries": edited]).status == 200)
        let stored = try #require((try Self.configuration(client, stack)["vat"] as? [String: Any])?["entries"] as? [[String: Any]])
        #expect(stored.contains { $0["scope"] as? String == "DE" && $0["basis_points"] as? Int == 1600 })
        #expect(!stored.contains { $0["scope"] as? String == "DE" && $0["basis_points"] as? Int == 1900 })
        #expect(stored.contains { $0["scope"] as? String == "NL" && $0["revenue_account"] as? String == high })
        var unknownCode = edited
        unknownCode[netherlands]["vat_code"] = "999"
        try Self.expectRefused(
            client, stack, "vat", ["entries": unknownCode], field: "entries[\(netherlands)].vat_code")
        var twice = edited
        twice.append(edited[netherlands])
        try Self.expectRefused(client, stack, "vat", ["entries": twice], field: "entries[\(edited.count)].basis_points")
        try Self.expectRefused(
            client, stack, "vat", ["scope": "Nederland", "basis_points": 2100, "vat_code": euro21, "revenue_account": high],
            field: "scope")
        try Self.expectRefused(
            client, stack, "vat", ["scope": "NL", "basis_points": 12_000, "vat_code": "", "revenue_account": ""],
            field: "basis_points")
        // One entry alone.
        #expect(
            try client.call(
                "PUT", path + "vat", json: ["scope": "ICP", "basis_points": 0, "vat_code": euro21, "revenue_account": high]
            ).status == 200)
        let icp = try #require(
            ((try Self.configuration(client, stack)["vat"] as? [String: Any])?["entries"] as? [[String: Any]])?.first {
                $0["scope"] as? String == "ICP"
            })
        #expect(icp["vat_code"] as? String == euro21)

        // Debtors.
        #expect(try client.call("PUT", path + "debtors", json: ["debtors": ["cod": "496081"]]).status == 200)
        #expect((try Self.configuration(client, stack)["debtors"] as? [String: String]) == ["cod": "496081"])
        try Self.expectRefused(client, stack, "debtors", ["debtors": ["cod": "drop table"]], field: "debtors.cod")

        // Moneybird: only the ledger's own workflows; Manual or Email.
        let workflow = try #require(workflows.first?["id"] as? String)
        #expect(
            try client.call(
                "PUT", path + "ledger", json: ["workflow": workflow, "delivery": "Email", "register_payment": false]
            ).status == 200)
        let settings = try #require(try Self.configuration(client, stack)["ledger_settings"] as? [[String: Any]])
        func value(_ key: String) -> String? { settings.first { $0["key"] as? String == key }?["value"] as? String }
        #expect(value("workflow") == workflow)
        #expect(value("delivery") == "Email")
        #expect(value("register_payment") == "false")
        try Self.expectRefused(client, stack, "ledger", ["workflow": "12345"], field: "workflow")
        try Self.expectRefused(client, stack, "ledger", ["delivery": "Post"], field: "delivery")

        // Accounts and the rounding tolerance.
        #expect(
            try client.call(
                "PUT", path + "accounts",
                json: ["gift_voucher": "1650", "store_credit": "1660", "rounding": "8900", "levy": "8050",
                       "rounding_tolerance": "0,02"]
            ).status == 200)
        let after = try Self.configuration(client, stack)
        let accounts = try #require(after["accounts"] as? [String: Any])
        #expect(accounts["gift_voucher"] as? String == "1650" && accounts["rounding_tolerance"] as? String == "0.02")
        #expect((after["missing"] as? [String])?.contains("De rekening voor cadeaubonnen.") == false)
        try Self.expectRefused(client, stack, "accounts", ["rounding_tolerance": "0.005"], field: "rounding_tolerance")

        // Reconcile: the tolerance and the nightly report's addresses, where `koppel mail` sends to.
        #expect(
            try client.call(
                "PUT", path + "reconcile",
                json: ["tolerance": "0.50", "notify_emails": ["boekhouder@example.nl"], "mail_when_clean": true]
            ).status == 200)
        let reconcile = try #require(try Self.configuration(client, stack)["reconcile"] as? [String: Any])
        #expect(reconcile["tolerance"] as? String == "0.50")
        #expect(reconcile["notify_emails"] as? [String] == ["boekhouder@example.nl"])
        try Self.expectRefused(client, stack, "reconcile", ["notify_emails": ["geen adres"]], field: "notify_emails")
        try Self.expectRefused(client, stack, "reconcile", ["tolerance": "veel"], field: "tolerance")
        // The CLI reads what the dashboard stored.
        let shown = try runProgram("koppel", ["config", "show", stack.license], environment: stack.environment)
        #expect(shown.output.contains("payment method cod → debtor 496081"), "\(shown.output)")

        // "VAT-instellingen verwijderen": every rate back at its default, nothing mapped; the accounts stay.
        #expect(try client.call("DELETE", path + "vat").status == 200)
        let reset = try Self.configuration(client, stack)
        let resetEntries = try #require((reset["vat"] as? [String: Any])?["entries"] as? [[String: Any]])
        #expect(resetEntries.allSatisfy { ($0["vat_code"] as? String) == "" && ($0["revenue_account"] as? String) == "" })
        #expect(resetEntries.contains { $0["scope"] as? String == "DE" && $0["basis_points"] as? Int == 1900 })
        #expect((reset["accounts"] as? [String: Any])?["gift_voucher"] as? String == "1650")

        // Unreadable JSON is 400.
        let garbled = try client.call("PUT", path + "statuses", json: ["booked": "alle"])
        #expect(garbled.status == 400)
    }

    @Test func changesNeedTheCSRFTokenAndTheUsersOwnConnection() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try Self.configuredStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let path = "connections/\(stack.license)/"
        let before = try Self.configuration(client, stack)
        for (method, route) in [
            ("PUT", "configuration/statuses"), ("PUT", "configuration/vat"), ("DELETE", "configuration/vat"),
            ("PUT", "configuration/debtors"), ("PUT", "configuration/ledger"), ("PUT", "configuration/accounts"),
            ("PUT", "configuration/reconcile"), ("POST", "ledger/refresh"),
        ] {
            let answer = try client.call(method, path + route, json: ["booked": [1]], sendCSRF: false)
            #expect(answer.status == 403, "\(method) \(route): \(answer.text)")
        }
        #expect(NSDictionary(dictionary: try Self.configuration(client, stack)).isEqual(to: before))

        // Another user's connection is 404, reading and changing alike.
        let other = try stack.database.addConnection(name: "Andere winkel", shop: .opencart, ledger: .moneybird, now: 1)
        try stack.addUser("ander@example.nl", password: Self.password, licenses: [other.licenseKey])
        for (method, route) in [("GET", "configuration"), ("PUT", "configuration/statuses"), ("DELETE", "configuration/vat"),
                                ("POST", "ledger/refresh")] {
            let answer = try client.call(method, "connections/\(other.licenseKey)/" + route, json: method == "GET" ? nil : ["booked": [1]])
            #expect(answer.status == 404, "\(method) \(route)")
        }
        let anonymous = DashboardClient(stack)
        #expect(try anonymous.call("GET", path + "configuration").status == 401)
    }

    @Test func vernieuwenReadsTheLedgerAndARefusedTokenIsRed() throws {
        let sandbox = try LedgerSandbox()
        // Not mapped: nothing read from the ledger yet.
        let (stack, web, client) = try Self.configuredStack(sandbox: sandbox, map: false)
        defer { withExtendedLifetime(web) {} }
        let path = "connections/\(stack.license)/"
        let before = try #require(try Self.configuration(client, stack)["ledger"] as? [String: Any])
        #expect(before["reference"] == nil)
        #expect(before["status"] as? String == "unknown")
        #expect(try sandbox.admin("POST", "stats/reset").status == 200)

        let refreshed = try client.call("POST", path + "ledger/refresh")
        #expect(refreshed.status == 200, "\(refreshed.text)")
        let stats = try answerObject(try sandbox.admin("GET", "stats"))
        let endpoints = try #require(stats["endpoints"] as? [String: Int])
        #expect(endpoints["GET /tax_rates"] == 1, "\(endpoints)")
        #expect(endpoints["GET /ledger_accounts"] == 1)
        let ledger = try #require(try Self.configuration(client, stack)["ledger"] as? [String: Any])
        #expect(ledger["status"] as? String == "green")
        #expect(ledger["last_call_at"] as? Int != nil)
        let reference = try #require(ledger["reference"] as? [String: Any])
        #expect((reference["tax_rates"] as? [Any])?.count == 8, "the sandbox's sales tax rates")
        #expect((reference["document_styles"] as? [[String: Any]])?.first?["name"] as? String == "Standaard")

        // A token Moneybird refuses: the refresh fails in Dutch, the ledger's dot turns red, the copy stays.
        let reconnected = try runProgram(
            "koppel",
            [
                "ledger", "connect", stack.license, "--base-url", sandbox.baseURL, "--administration",
                LedgerSandbox.administration,
            ],
            input: "a-revoked-token\n", environment: stack.environment)
        #expect(reconnected.status == 0, "\(reconnected.errors)")
        let refused = try client.call("POST", path + "ledger/refresh")
        #expect(refused.status == 502, "\(refused.text)")
        #expect(!refused.text.contains("a-revoked-token"))
        let red = try #require(try Self.configuration(client, stack)["ledger"] as? [String: Any])
        #expect(red["status"] as? String == "red")
        #expect((red["problem"] as? String)?.hasPrefix("De boekhouding weigert de toegang") == true, "\(red)")
        #expect((red["reference"] as? [String: Any])?["tax_rates"] as? [Any] != nil)
    }

    @Test func theNextBookingUsesTheChangedVATMapping() throws {
        let sandbox = try LedgerSandbox()
        let (stack, web, client) = try Self.configuredStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let path = "connections/\(stack.license)/"
        let first = try Self.configuration(client, stack)
        let reference = try #require((first["ledger"] as? [String: Any])?["reference"] as? [String: Any])
        let taxRates = try #require(reference["tax_rates"] as? [[String: Any]])
        let revenue = try #require(reference["revenue_accounts"] as? [[String: Any]])
        // Another 21% rate and another revenue account than `koppel ledger map` chose.
        let otherRate = try #require(taxRates.first { $0["name"] as? String == "België 21% (OSS)" }?["id"] as? String)
        let otherAccount = try #require(revenue.first { $0["detail"] as? String == "8010" }?["id"] as? String)
        var entries = try #require((first["vat"] as? [String: Any])?["entries"] as? [[String: Any]])
        let netherlands = try #require(entries.firstIndex { $0["scope"] as? String == "NL" && $0["basis_points"] as? Int == 2100 })
        #expect(entries[netherlands]["vat_code"] as? String != otherRate)
        #expect(entries[netherlands]["revenue_account"] as? String != otherAccount)
        entries[netherlands]["vat_code"] = otherRate
        entries[netherlands]["revenue_account"] = otherAccount
        let changed = try client.call("PUT", path + "configuration/vat", json: ["entries": entries])
        #expect(changed.status == 200, "\(changed.text)")

        #expect(try stack.send("POST", "/api/v1/orders", body: try Samples.batchBody(["opencart3-order-1.json"])).status == 200)
        let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(sync.status == 0, "\(sync.errors)")
        let booked = try #require(try answerObject(try client.call("GET", path + "booked"))["orders"] as? [[String: Any]])
        let invoiceID = try #require(booked.first?["ledger_id"] as? String, "\(booked)")
        let invoice = try answerObject(try sandbox.api("GET", "sales_invoices/\(invoiceID)"))
        let details = try #require(invoice["details"] as? [[String: Any]])
        let at21 = details.filter { $0["tax_rate_id"] as? String == otherRate }
        #expect(!at21.isEmpty, "\(details)")
        #expect(at21.allSatisfy { $0["ledger_account_id"] as? String == otherAccount }, "\(details)")
    }
}

extension LedgerSandbox {
    /// The sandbox's own helper routes (`/sandbox/...`).
    func admin(_ method: String, _ path: String) throws -> HTTPResponse {
        try CurlHTTPClient().perform(HTTPRequest(method: method, url: baseURL + "/sandbox/" + path, timeout: 30))
    }

    /// Moneybird's API of the test administration, as koppel calls it.
    func api(_ method: String, _ path: String) throws -> HTTPResponse {
        try CurlHTTPClient().perform(
            HTTPRequest(
                method: method, url: baseURL + "/api/v2/\(Self.administration)/\(path).json",
                headers: [("Authorization", "Bearer \(Self.token)")], timeout: 30))
    }
}
