import Crypto
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// "Koppel met Minox" and Minox's settings in Configuratie, through nginx, koppel-web and the
/// Minox sandbox's OAuth endpoints: the owner chooses a tenant's administration and the journal,
/// maps a VAT rate from Minox's codes and accounts, and `koppel sync` books with what was chosen.
@Suite struct DashboardMinoxTests {
    static let password = "Correct-Horse-2026"
    static let publicURL = "https://koppel.example.nl"
    /// A second tenant the sandbox's login reaches besides 100001.
    static let otherAdministration = "100002/7"

    /// A stack whose connection books into Minox, with the shop's settings and orders pushed, koppel-web
    /// knowing the sandbox's OAuth application, and the owner logged in (terms accepted).
    static func minoxStack(_ sandbox: MinoxSandboxProcess) throws -> (Stack, KoppelWebProcess, DashboardClient) {
        let stack = try Stack(ledger: .minox)
        let secretFile = stack.folder.appendingPathComponent("minox-secret").path
        try Data("koppel-minox-secret\n".utf8).write(to: URL(fileURLWithPath: secretFile))
        let web = try KoppelWebProcess(
            stack,
            arguments: [
                "--public-url", publicURL, "--minox-url", sandbox.baseURL, "--minox-client-id", "koppel-minox-client",
                "--minox-client-secret-file", secretFile,
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
        return (stack, web, owner)
    }

    /// Starts "Koppel met Minox" and lets the sandbox approve it: the authorize address and the
    /// callback koppel-web is then called with, relative to the stack.
    static func authorize(_ client: DashboardClient, license: String) throws -> (authorizeURL: URL, callback: String) {
        let start = try client.call("GET", "connections/\(license)/ledger/authorize")
        #expect(start.status == 302)
        let authorizeURL = try #require(URL(string: start.header("location") ?? ""))
        let approved = try CurlHTTPClient().perform(HTTPRequest(url: authorizeURL.absoluteString))
        #expect(approved.status == 302, "\(String(decoding: approved.body, as: UTF8.self))")
        let back = try #require(approved.header("location"))
        #expect(back.hasPrefix(publicURL + "/app/api/oauth/callback?"), "\(back)")
        return (authorizeURL, String(back.dropFirst((publicURL + "/app/api/").count)))
    }

    static func configuration(_ client: DashboardClient, _ stack: Stack) throws -> [String: Any] {
        let answer = try client.call("GET", "connections/\(stack.license)/configuration")
        #expect(answer.status == 200, "\(answer.text)")
        return try answerObject(answer)
    }

    static func setting(_ key: String, in configuration: [String: Any]) throws -> [String: Any] {
        let settings = try #require(configuration["ledger_settings"] as? [[String: Any]])
        return try #require(settings.first { $0["key"] as? String == key })
    }

    /// A refused edit: 422 naming the field, in Dutch, and the stored settings unchanged.
    static func expectRefused(_ client: DashboardClient, _ stack: Stack, _ body: [String: Any], field: String) throws {
        let connectionID = try #require(try stack.database.connection(license: stack.license)).id
        let before = try stack.database.ledgerAccess(connectionID: connectionID)?.settingsJSON
        let answer = try client.call("PUT", "connections/\(stack.license)/configuration/ledger", json: body)
        #expect(answer.status == 422, "\(answer.text)")
        let error = try #require(try answerObject(answer)["error"] as? [String: Any])
        #expect(error["code"] as? String == "invalid_field")
        #expect(error["field"] as? String == field, "\(answer.text)")
        #expect(try stack.database.ledgerAccess(connectionID: connectionID)?.settingsJSON == before)
    }

    @Test func theOwnerConnectsMinoxChoosesTheAdministrationAndTheJournalAndKoppelBooksWithThem() throws {
        let sandbox = try MinoxSandboxProcess(arguments: ["--administration", Self.otherAdministration + "=Tweede Tenant B.V."])
        let (stack, web, client) = try Self.minoxStack(sandbox)
        defer { withExtendedLifetime(web) {} }
        let base = "connections/\(stack.license)/ledger"
        let before = try answerObject(try client.call("GET", base))
        #expect(before["ledger"] as? String == "minox")
        #expect(before["ledger_name"] as? String == "Minox")
        #expect(before["can_connect"] as? Bool == true)

        // Minox's authorize address with koppel's client, its redirect URI from --public-url.
        let (authorizeURL, callback) = try Self.authorize(client, license: stack.license)
        #expect(authorizeURL.absoluteString.hasPrefix(sandbox.baseURL + "/oauth/authorize?"))
        let query = try #require(URLComponents(url: authorizeURL, resolvingAgainstBaseURL: false)?.queryItems)
        #expect(query.first { $0.name == "client_id" }?.value == "koppel-minox-client")
        #expect(query.first { $0.name == "redirect_uri" }?.value == Self.publicURL + "/app/api/oauth/callback")
        let state = try #require(query.first { $0.name == "state" }?.value)
        let stored = try stack.database.pool.read { db in try Data.fetchAll(db, sql: "SELECT state_hash FROM ledger_authorization") }
        #expect(stored == [Data(SHA256.hash(data: Data(state.utf8)))])

        // Minox's redirect: no cookie, the state alone, once.
        let anonymous = DashboardClient(stack)
        #expect(try anonymous.call("GET", callback.replacingOccurrences(of: "state=", with: "state=x")).header("location")
            == "/#boekhouding=geweigerd")
        #expect(try anonymous.call("GET", callback).header("location") == "/#boekhouding=kiezen&koppeling=\(stack.license)")
        #expect(try anonymous.call("GET", callback).header("location") == "/#boekhouding=geweigerd")

        // Two tenants' administrations to choose from, as tenant/administration.
        let pending = try answerObject(try client.call("GET", base))
        let choices = try #require(pending["choices"] as? [[String: Any]])
        let seeded = MinoxSandboxProcess.tenant + "/" + MinoxSandboxProcess.administration
        #expect(choices.compactMap { $0["id"] as? String }.sorted() == [seeded, Self.otherAdministration])
        #expect(choices.first { $0["id"] as? String == Self.otherAdministration }?["name"] as? String == "Tweede Tenant B.V.")
        #expect(try client.call("POST", base + "/administration", json: ["administration_id": "100003/1"]).status == 409)
        let chosen = try client.call("POST", base + "/administration", json: ["administration_id": seeded])
        #expect(chosen.status == 200, "\(chosen.text)")
        let connectionID = try #require(try stack.database.connection(license: stack.license)).id
        let access = try #require(try stack.database.ledgerAccess(connectionID: connectionID))
        #expect(access.administrationID == seeded)
        #expect(access.baseURL == sandbox.baseURL)

        // Connected, but no journal yet: the gaps name it, and nothing can be booked.
        var configuration = try Self.configuration(client, stack)
        let missing = try #require(configuration["missing"] as? [String])
        #expect(missing.contains { $0.contains("(journal)") }, "\(missing)")
        #expect((configuration["ledger"] as? [String: Any])?["name"] as? String == "Minox")
        let keys = try #require(configuration["ledger_settings"] as? [[String: Any]]).compactMap { $0["key"] as? String }
        #expect(keys == ["journal", "order_number_as_invoice_number"])
        #expect(try Self.setting("journal", in: configuration)["form"] as? String == "reference")

        // "Vernieuwen" reads Minox's journals, VAT codes and accounts.
        let refreshed = try client.call("POST", base + "/refresh")
        #expect(refreshed.status == 200, "\(refreshed.text)")
        configuration = try Self.configuration(client, stack)
        let journal = try Self.setting("journal", in: configuration)
        let journals = try #require(journal["choices"] as? [[String: Any]])
        #expect(journals.compactMap { $0["id"] as? String }.sorted() == ["MEM", "VK"])
        let reference = try #require((configuration["ledger"] as? [String: Any])?["reference"] as? [String: Any])
        let codes = try #require(reference["tax_rates"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(codes.sorted() == ["1", "2", "3", "4", "5"])
        let accounts = try #require(reference["revenue_accounts"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(Set(["8000", "8010", "8100"]).isSubset(of: Set(accounts)), "\(accounts)")

        // Refused by name, nothing stored half: an unknown journal, a flag that is no flag beside a
        // good journal, a key Minox does not have.
        try Self.expectRefused(client, stack, ["journal": "XX"], field: "journal")
        try Self.expectRefused(client, stack, ["journal": "VK", "order_number_as_invoice_number": "misschien"],
            field: "order_number_as_invoice_number")
        try Self.expectRefused(client, stack, ["workflow": "1"], field: "workflow")
        let saved = try client.call("PUT", "connections/\(stack.license)/configuration/ledger", json: ["journal": "VK"])
        #expect(saved.status == 200, "\(saved.text)")
        configuration = try Self.configuration(client, stack)
        #expect(try Self.setting("journal", in: configuration)["value"] as? String == "VK")
        #expect(!(try #require(configuration["missing"] as? [String])).contains { $0.contains("(journal)") })

        // The CLI's `koppel config ledger` goes through the same setter and its checks.
        let refused = try runProgram("koppel", ["config", "ledger", stack.license, "journal=XX"], environment: stack.environment)
        #expect(refused.status != 0)
        #expect(try stack.database.ledgerAccess(connectionID: connectionID)?.settingsJSON?.contains("\"VK\"") == true)

        // The rest mapped by `koppel ledger map` (the journal stays), then NL 21 % to another
        // revenue account in the VAT table; a code Minox does not have is refused.
        let mapped = try runProgram("koppel", ["ledger", "map", stack.license, "--statuses", "2,3,5"], environment: stack.environment)
        #expect(mapped.status == 0, "\(mapped.errors)")
        let vat = "connections/\(stack.license)/configuration/vat"
        let wrongCode = try client.call("PUT", vat, json: ["scope": "NL", "basis_points": 2100, "vat_code": "99", "revenue_account": "8010"])
        #expect(wrongCode.status == 422)
        #expect((try answerObject(wrongCode)["error"] as? [String: Any])?["field"] as? String == "vat_code")
        let mappedNL = try client.call("PUT", vat, json: ["scope": "NL", "basis_points": 2100, "vat_code": "1", "revenue_account": "8010"])
        #expect(mappedNL.status == 200, "\(mappedNL.text)")
        #expect(try Self.setting("journal", in: try Self.configuration(client, stack))["value"] as? String == "VK")

        // `koppel sync` books with the tokens, the administration, the journal and the mapping chosen here.
        let sync = try runProgram("koppel", ["sync"], environment: stack.environment)
        #expect(sync.status == 0, "\(sync.output) \(sync.errors)")
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        var lines: [[String: Any]] = []
        for booked in [year - 1, year, year + 1] {
            let answer = try sandbox.call("GET", "\(sandbox.api)/year/\(booked)/transaction_lines")
            lines += try #require((try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])?["collection"] as? [[String: Any]])
        }
        let bookedCount = try stack.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM booked_document") }
        #expect(bookedCount == 2)
        // The order lines at 21 % (VAT code 1), not the VAT lines Minox books on the code's own account.
        let revenueAccounts = Set(lines.compactMap { line -> String? in
            guard let account = line["account"] as? [String: Any], account["type"] as? String == "ledger_account",
                (line["vat"] as? [String: Any]).map({ "\($0["id"] ?? "")" }) == "1",
                (line["description"] as? String)?.contains("BTW bedrag over") == false
            else { return nil }
            return "\(account["id"] ?? "")"
        })
        #expect(revenueAccounts == ["8010"], "\(lines)")
        #expect(lines.allSatisfy { ($0["journal"] as? [String: Any]).map { "\($0["id"] ?? "")" } ?? "VK" == "VK" })
    }

    @Test func aMinoxStateIsUsedOnceBoundToItsSessionAndTheOwnerMaySayNo() throws {
        let sandbox = try MinoxSandboxProcess()
        let (stack, web, client) = try Self.minoxStack(sandbox)
        defer { withExtendedLifetime(web) {} }
        // With one administration it is taken at once.
        let (_, callback) = try Self.authorize(client, license: stack.license)
        var other = DashboardClient(stack)
        #expect(try other.login("eigenaar@example.nl", Self.password).status == 200)
        // Another session's cookie beside the state is refused (and the state is used up).
        #expect(try other.call("GET", callback).header("location") == "/#boekhouding=geweigerd")
        let connectionID = try #require(try stack.database.connection(license: stack.license)).id
        #expect(try stack.database.ledgerAccess(connectionID: connectionID) == nil)
        // Expired after ten minutes.
        let (_, late) = try Self.authorize(client, license: stack.license)
        try stack.database.pool.write { db in try db.execute(sql: "UPDATE ledger_authorization SET expires_at = expires_at - 601") }
        #expect(try DashboardClient(stack).call("GET", late).header("location") == "/#boekhouding=geweigerd")
        // The owner says no at Minox.
        let start = try client.call("GET", "connections/\(stack.license)/ledger/authorize")
        let denied = try #require(
            URLComponents(string: start.header("location") ?? "")?.queryItems?.first { $0.name == "state" }?.value)
        #expect(try DashboardClient(stack).call("GET", "oauth/callback?error=access_denied&state=" + denied).header("location")
            == "/#boekhouding=afgewezen&koppeling=\(stack.license)")
        #expect(try stack.database.ledgerAccess(connectionID: connectionID) == nil)
        // Then yes: the only administration is taken by itself.
        let (_, accepted) = try Self.authorize(client, license: stack.license)
        #expect(try DashboardClient(stack).call("GET", accepted).header("location") == "/#boekhouding=verbonden&koppeling=\(stack.license)")
        #expect(try stack.database.ledgerAccess(connectionID: connectionID)?.administrationID
            == MinoxSandboxProcess.tenant + "/" + MinoxSandboxProcess.administration)
        // No journal chosen yet: the ledger section has no value for it.
        #expect(try Self.setting("journal", in: try Self.configuration(client, stack))["value"] == nil)
    }
}
