import Foundation
import KoppelCore
import KoppelStore
import Testing

/// The `koppel` command run as a user runs it: a process, its output and exit code.
@Suite(.serialized)
struct CommandLineTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-cli-\(UUID().uuidString)")

    func koppel(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws -> ProgramRun {
        let environment = [
            "KOPPEL_DATABASE": folder.appendingPathComponent("koppel.sqlite").path,
            "KOPPEL_MASTER_KEY": folder.appendingPathComponent("keys/master.key").path,
        ]
        return try runProgram("koppel", arguments, input: input, environment: environment.merging(extra) { _, new in new })
    }

    @Test func createsConnectionsAndSealsTheirKeys() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let added = try koppel(["connection", "add", "--name", "Bakkerij de Vries", "--shop", "opencart", "--ledger", "moneybird"])
        #expect(added.status == 0, "\(added.errors)")
        let license = added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(LicenseKey(license) != nil, "\(license)")

        let short = try koppel(["connection", "set-api-key", license], input: "too-short\n")
        #expect(short.status != 0)
        #expect(short.errors.contains("15 to 64 characters"))
        #expect(!short.errors.contains("too-short"))

        let bad = try koppel(["connection", "set-api-key", license], input: "abcdefghijklmno$\n")
        #expect(bad.status != 0)
        #expect(bad.errors.contains("!*@#()="))

        let unknown = try koppel(["connection", "set-api-key", "KPL-00000-00000-00000-00000"], input: "abcdefghijklmnop\n")
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("no connection has license"))

        let set = try koppel(["connection", "set-api-key", license], input: "Bakker!j#DeVries(2026)\n")
        #expect(set.status == 0, "\(set.errors)")
        #expect(!set.output.contains("Bakker!j#DeVries(2026)"))
        let keyFile = folder.appendingPathComponent("keys/master.key").path
        #expect((try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int) == 0o600)

        let list = try koppel(["connection", "list"])
        #expect(list.status == 0)
        #expect(list.output.contains(license))
        #expect(list.output.contains("Bakkerij de Vries"))
        #expect(list.output.contains("yes"))
        #expect(!list.output.contains("Bakker!j#DeVries(2026)"))

        let wrongLedger = try koppel(["connection", "add", "--name", "X", "--shop", "opencart", "--ledger", "excel"])
        #expect(wrongLedger.status != 0)
        #expect(wrongLedger.errors.contains("excel"))
    }

    @Test func asperionTakesItsLicenseCodeAndTenantAndMinoxNeedsItsTenant() throws {
        defer { #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) } }
        // Asperion: the license code on standard input, the administration its tenant id (a number).
        let asperion = try koppel(["connection", "add", "--name", "A", "--shop", "opencart", "--ledger", "asperion"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        let notANumber = try koppel(["ledger", "connect", asperion, "--administration", "winkel"], input: "LIC-1234-5678\n")
        #expect(notANumber.status != 0)
        #expect(notANumber.errors.contains("tenant) id, a number"), "\(notANumber.errors)")
        let licensed = try koppel(["ledger", "connect", asperion, "--administration", "1001"], input: "LIC-1234-5678\n")
        #expect(licensed.status == 0, "\(licensed.errors)")
        #expect(!licensed.output.contains("LIC-1234-5678") && !licensed.errors.contains("LIC-1234-5678"))
        let settings = try koppel(["config", "ledger", asperion, "run_hour=25"])
        #expect(settings.status != 0)
        #expect(settings.errors.contains("run_hour must be one of 0, 1, 2"), "\(settings.errors)")

        // Moneybird names no administrations after connecting: the exchange needs it before the code is spent.
        let moneybird = try koppel(["connection", "add", "--name", "B", "--shop", "opencart", "--ledger", "moneybird"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        let noAdministration = try koppel(["ledger", "exchange", moneybird], input: "some-code\n")
        #expect(noAdministration.status != 0)
        #expect(noAdministration.errors.contains("--administration is required"), "\(noAdministration.errors)")

        let minox = try koppel(["connection", "add", "--name", "M", "--shop", "opencart", "--ledger", "minox"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        let noTenant = try koppel(["ledger", "connect", minox, "--administration", "1"], input: "Token-For-Tests\n")
        #expect(noTenant.status != 0)
        #expect(noTenant.errors.contains("--tenant"), "\(noTenant.errors)")
        let connected = try koppel(["ledger", "connect", minox, "--tenant", "100001", "--administration", "1"], input: "Token-For-Tests\n")
        #expect(connected.status == 0, "\(connected.errors)")
        #expect(try koppel(["config", "ledger", minox, "workflow=1"]).errors.contains("Minox has no setting workflow"))
        #expect(try koppel(["config", "show", minox]).output.contains("ledger setting journal (koppel config ledger \(minox) journal="))
        #expect(try koppel(["config", "ledger", minox, "journal=VK"]).status == 0)
        let shown = try koppel(["config", "show", minox]).output
        #expect(shown.contains("administration 100001/1") && shown.contains(#""journalID":"VK""#), "\(shown)")
        #expect(!shown.contains("Token-For-Tests"))
        #expect(!shown.contains("ledger setting journal"), "\(shown)")
    }

    @Test func configuresWhatIsBookedAndHow() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let license = try koppel(["connection", "add", "--name", "Shop", "--shop", "opencart", "--ledger", "moneybird"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try koppel(["config", "statuses", license, "2, 3,5"]).status == 0)
        #expect(try koppel(["config", "statuses", license, "0"]).status != 0)
        #expect(try koppel(["config", "statuses", license, "2,3,5", "--cancelled", "7,11"]).status == 0)
        let both = try koppel(["config", "statuses", license, "2,3", "--cancelled", "3"])
        #expect(both.status != 0)
        #expect(both.errors.contains("both booked and cancelled"))
        #expect(try koppel(["config", "vat", license, "--scope", "de", "--rate", "19", "--code", "T19", "--account", "A8010"]).status == 0)
        let badScope = try koppel(["config", "vat", license, "--scope", "Germany", "--rate", "19", "--code", "x", "--account", "y"])
        #expect(badScope.status != 0)
        #expect(badScope.errors.contains("--scope"))
        #expect(try koppel(["config", "debtor", license, "--payment", "cod", "--contact", "496081"]).status == 0)
        let noLedger = try koppel(["config", "moneybird", license, "--delivery", "Email"])
        #expect(noLedger.status != 0)
        #expect(noLedger.errors.contains("connect the ledger first"))

        let show = try koppel(["config", "show", license])
        #expect(show.status == 0)
        #expect(show.output.contains("booked statuses: 2, 3, 5"))
        #expect(show.output.contains("cancelled statuses (credited): 7, 11"))
        #expect(show.output.contains("VAT country(\"DE\") 19.0% → code T19, account A8010"))
        #expect(show.output.contains("payment method cod → debtor 496081"))
        #expect(!show.output.contains("warning:"), "no settings pushed, nothing to warn of: \(show.output)")
        #expect(try koppel(["config", "debtor", license, "--payment", "cod", "--remove"]).status == 0)
        #expect(!(try koppel(["config", "show", license]).output.contains("debtor")))

        // Every setting a booking needs can be set here, and what is missing is listed.
        #expect(show.output.contains("account for gift vouchers (koppel config accounts --gift-voucher)"), "\(show.output)")
        #expect(show.output.contains("VAT icp 0.0% (koppel config vat)"), "\(show.output)")
        let accounts = try koppel([
            "config", "accounts", license, "--gift-voucher", "1650", "--store-credit", "1660", "--rounding", "8900", "--levy", "8050",
            "--rounding-tolerance", "0.02",
        ])
        #expect(accounts.status == 0, "\(accounts.errors)")
        let after = try koppel(["config", "show", license]).output
        #expect(after.contains("accounts: gift vouchers 1650, store credit 1660, rounding 8900, levies 8050"), "\(after)")
        #expect(after.contains("rounding tolerance: 0.02"), "\(after)")
        #expect(!after.contains("account for gift vouchers"))
        let badTolerance = try koppel(["config", "accounts", license, "--rounding-tolerance", "0.005"])
        #expect(badTolerance.status != 0)
        #expect(badTolerance.errors.contains("--rounding-tolerance"))

        // The Moneybird settings outlive a new token for the same administration, not a move to another.
        func connect(_ administration: String) throws {
            let connected = try koppel(["ledger", "connect", license, "--administration", administration], input: "Token-For-Tests\n")
            #expect(connected.status == 0, "\(connected.errors)")
        }
        try connect("111")
        #expect(try koppel(["config", "moneybird", license, "--workflow", "77", "--delivery", "Email"]).status == 0)
        try connect("111")
        func ledgerLine() throws -> String {
            let shown = try koppel(["config", "show", license]).output
            #expect(!shown.contains("Token-For-Tests"))
            return try #require(shown.split(separator: "\n").first { $0.hasPrefix("ledger: ") }.map(String.init), "\(shown)")
        }
        let kept = try ledgerLine()
        #expect(kept.contains("administration 111"), "\(kept)")
        #expect(kept.contains(#""workflowID":"77""#) && kept.contains(#""deliveryMethod":"Email""#), "\(kept)")
        // The VAT mapping and the fixed debtors name the administration's tax rates, ledger
        // accounts and contacts: kept for the same one, forgotten for another.
        #expect(try koppel(["config", "debtor", license, "--payment", "cod", "--contact", "496081"]).status == 0)
        try connect("111")
        let same = try koppel(["config", "show", license]).output
        #expect(same.contains("VAT country(\"DE\") 19.0% → code T19, account A8010") && same.contains("debtor 496081"), "\(same)")
        try connect("222")
        let fresh = try ledgerLine()
        #expect(fresh.contains("administration 222"), "\(fresh)")
        #expect(!fresh.contains("workflowID") && fresh.contains(#""deliveryMethod":"Manual""#), "\(fresh)")
        let moved = try koppel(["config", "show", license]).output
        #expect(!moved.contains("code T19") && !moved.contains("debtor 496081"), "\(moved)")
        #expect(moved.contains("booked statuses: 2, 3, 5") && moved.contains("rounding tolerance: 0.02"), "the shop's choices stay: \(moved)")
    }

    @Test func reconcileGoesOnPastAConnectionThatFails() throws {
        defer { #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) } }
        let sandbox = try LedgerSandbox()
        func add(_ name: String) throws -> String {
            let added = try koppel(["connection", "add", "--name", name, "--shop", "opencart", "--ledger", "moneybird"])
            #expect(added.status == 0, "\(added.errors)")
            return added.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // The broken one comes first: the ones after it must still be reconciled.
        let broken = try add("Kapotte winkel")
        let working = try add("Bakkerij de Vries")
        let unconnected = try add("Nieuwe winkel")
        let secret = "Never!Shown#Token(2026)"
        let closedPort = try freePort()
        let connectBroken = try koppel(
            ["ledger", "connect", broken, "--base-url", "http://127.0.0.1:\(closedPort)", "--administration", LedgerSandbox.administration],
            input: secret + "\n")
        #expect(connectBroken.status == 0, "\(connectBroken.errors)")
        let connectWorking = try koppel(
            ["ledger", "connect", working, "--base-url", sandbox.baseURL, "--administration", LedgerSandbox.administration],
            input: LedgerSandbox.token + "\n")
        #expect(connectWorking.status == 0, "\(connectWorking.errors)")

        let reports = folder.appendingPathComponent("reports")
        let run = try koppel(["reconcile", "--no-mail", "--reports", reports.path])
        #expect(run.status != 0)
        #expect(run.errors.contains("Kapotte winkel (\(broken)): reconcile failed: "), "\(run.errors)")
        #expect(run.errors.hasSuffix("reconcile: 3 connections, 1 failed\n"), "\(run.errors)")
        #expect(run.output.contains("Nieuwe winkel (\(unconnected)): skipped, the ledger is not connected yet"), "\(run.output)")
        #expect(!run.errors.contains("Bakkerij de Vries"), "\(run.errors)")
        // The working connection was reconciled all the same: its report is there.
        let written = try FileManager.default.contentsOfDirectory(atPath: reports.path)
        #expect(written.filter { $0.hasSuffix("-2_afwijkingen.csv") }.count == 1, "\(written)")
        #expect(written.filter { $0.hasSuffix("-1_afwijkingen.csv") }.isEmpty, "\(written)")
        #expect(!(run.output + run.errors).contains(secret))

        let list = try koppel(["connection", "list"])
        #expect(list.status == 0, "\(list.errors)")
        let rows = list.output.split(separator: "\n")
        #expect(rows.first { $0.hasPrefix(broken) }?.hasSuffix("reconcile failed") == true, "\(list.output)")
        #expect(rows.first { $0.hasPrefix(working) }?.hasSuffix("ok") == true, "\(list.output)")
        #expect(rows.first { $0.hasPrefix(unconnected) }?.hasSuffix("-") == true, "\(list.output)")
        let failure = try #require(rows.first { $0.hasPrefix("Kapotte winkel (\(broken)): reconcile failed ") }, "\(list.output)")
        #expect(failure.contains("Moneybird did not answer"), "\(failure)")
        #expect(!list.output.contains(secret))

        // Asked by name, a connection without a ledger fails; once the broken one reaches its
        // ledger again, its failure is gone.
        #expect(try koppel(["reconcile", "--no-mail", "--reports", reports.path, "--connection", unconnected]).status != 0)
        #expect(try koppel(
            ["ledger", "connect", broken, "--base-url", sandbox.baseURL, "--administration", LedgerSandbox.administration],
            input: LedgerSandbox.token + "\n").status == 0)
        let fixed = try koppel(["reconcile", "--no-mail", "--reports", reports.path, "--connection", broken])
        #expect(fixed.status == 0, "\(fixed.errors)")
        let after = try koppel(["connection", "list"]).output.split(separator: "\n")
        #expect(after.first { $0.hasPrefix(broken) }?.hasSuffix("ok") == true, "\(after)")
        #expect(after.first { $0.hasPrefix(unconnected) }?.hasSuffix("reconcile failed") == true, "\(after)")
    }

    @Test func pushesExportsThroughNginxAndListsThem() throws {
        let stack = try Stack()
        let keyFile = stack.folder.appendingPathComponent("api.key")
        try (stack.apiKey + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        let fixtures = Samples.folder
        let environment = ["KOPPEL_DATABASE": stack.databasePath, "KOPPEL_MASTER_KEY": stack.masterKeyPath]

        let push = try koppel(
            ["push", "--endpoint", stack.endpoint, "--license", stack.license, "--api-key-file", keyFile.path, "--batch-size", "2",
             "--settings", fixtures.appendingPathComponent("opencart3-settings.json").path]
                + Samples.openCart3.map { fixtures.appendingPathComponent($0).path },
            environment: environment)
        #expect(push.status == 0, "\(push.errors)")
        #expect(push.output.components(separatedBy: "\"created\"").count - 1 == 5)  // settings + 4 orders in 2 batches
        #expect(push.errors.contains("the settings name no VAT number field"), "\(push.errors)")

        let again = try koppel(
            ["push", "--endpoint", stack.endpoint, "--license", stack.license]
                + Samples.openCart3.map { fixtures.appendingPathComponent($0).path },
            input: stack.apiKey + "\n", environment: environment)
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.components(separatedBy: "\"unchanged\"").count - 1 == 4)

        let wrongKey = try koppel(
            ["push", "--endpoint", stack.endpoint, "--license", stack.license, fixtures.appendingPathComponent("opencart3-order-1.json").path],
            input: "Not!The#Right(Key)\n", environment: environment)
        #expect(wrongKey.status != 0)
        #expect(wrongKey.output.contains("unauthorized"))

        let list = try koppel(["orders", "list", "--connection", stack.license], environment: environment)
        #expect(list.status == 0)
        // The table, then a line per connection: how many wait to be booked, here none until the
        // connection is set up for booking.
        let parts = list.output.components(separatedBy: "\n\n")
        let lines = parts[0].split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("ID"))
        #expect(
            parts.count == 2 && parts[1].hasPrefix("Stack shop (\(stack.license)): 4 orders wait to be booked; none is booked until the connection is set up ("),
            "\(list.output)")
        #expect(list.output.contains("620.8264"))
        #expect(list.output.contains("GBP"))

        let show = try koppel(["orders", "show", "1"], environment: environment)
        #expect(show.status == 0)
        #expect(show.output.contains("\"Damrak 1\""))
        #expect(show.output.contains("version 1, status 2"))

        let missing = try koppel(["orders", "show", "999"], environment: environment)
        #expect(missing.status != 0)
        #expect(missing.errors.contains("no order with id 999"))

        let received = try koppel(["orders", "list", "--state", "booked"], environment: environment)
        #expect(received.output.components(separatedBy: "\n\n")[0].split(separator: "\n").count == 1, "\(received.output)")
    }

    /// A migration pushes what the extension pushes: the gift vouchers sold in an order, the
    /// shop's time zone with every order, the VAT number field with the settings.
    @Test func pushCarriesVouchersTimezoneAndTheVATNumberField() throws {
        let stack = try Stack()
        let keyFile = stack.folder.appendingPathComponent("api.key")
        try (stack.apiKey + "\n").write(to: keyFile, atomically: true, encoding: .utf8)
        let environment = ["KOPPEL_DATABASE": stack.databasePath, "KOPPEL_MASTER_KEY": stack.masterKeyPath]
        let common = ["push", "--endpoint", stack.endpoint, "--license", stack.license, "--api-key-file", keyFile.path]
        let voucherOrder = Samples.folder.appendingPathComponent("opencart3-order-gift-voucher.json").path

        let push = try koppel(
            common + ["--settings", Samples.folder.appendingPathComponent("opencart3-settings.json").path, "--vat-custom-field", "1",
                "--timezone", "Europe/Amsterdam", voucherOrder],
            environment: environment)
        #expect(push.status == 0, "\(push.errors)")
        #expect(push.errors.isEmpty, "\(push.errors)")

        let connection = try #require(try stack.database.connection(license: stack.license))
        let settings = try #require(try stack.database.latestSettings(connectionID: connection.id))
        #expect(settings.contains(#""vat_custom_field_id":1"#), "\(settings)")
        let stored = try #require(try stack.database.orders(license: stack.license).first)
        let payload = try #require(try stack.database.order(id: stored.id)?.versions.last?.payload).get()
        #expect(payload.contains(#""vouchers":[{"amount":"25.0000","code":"Xk3Rq9TbLm","description":"25.00€ Gift Certificate for Joost"}]"#), "\(payload)")
        #expect(payload.contains(#""timezone":"Europe/Amsterdam""#), "\(payload)")

        // The fixture's shop was left on the installer's UTC: koppel books OpenCart's day, and says so.
        let shown = try koppel(["config", "show", stack.license], environment: environment)
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.output.contains("warning: the shop's time zone is UTC, not Europe/Amsterdam"), "\(shown.output)")

        let withoutSettings = try koppel(common + ["--vat-custom-field", "1", voucherOrder], environment: environment)
        #expect(withoutSettings.status != 0)
        #expect(withoutSettings.errors.contains("--vat-custom-field goes with --settings"), "\(withoutSettings.errors)")
    }
}
