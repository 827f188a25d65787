import Foundation
import KoppelCore
import Testing

/// The `koppel` command run as a user runs it: a process, its output and exit code.
@Suite(.serialized)
struct CommandLineTests {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-cli-\(UUID().uuidString)")

    func koppel(_ arguments: [String], input: String? = nil, environment extra: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = Stack.binaries.appendingPathComponent("koppel")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KOPPEL_DATABASE"] = folder.appendingPathComponent("koppel.sqlite").path
        environment["KOPPEL_MASTER_KEY"] = folder.appendingPathComponent("keys/master.key").path
        process.environment = environment.merging(extra) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
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

    @Test func configuresWhatIsBookedAndHow() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let license = try koppel(["connection", "add", "--name", "Shop", "--shop", "opencart", "--ledger", "moneybird"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try koppel(["config", "statuses", license, "2, 3,5"]).status == 0)
        #expect(try koppel(["config", "statuses", license, "0"]).status != 0)
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
        #expect(show.output.contains("VAT country(\"DE\") 19.0% → code T19, account A8010"))
        #expect(show.output.contains("payment method cod → debtor 496081"))
        #expect(try koppel(["config", "debtor", license, "--payment", "cod", "--remove"]).status == 0)
        #expect(!(try koppel(["config", "show", license]).output.contains("debtor")))
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
        let lines = list.output.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("ID"))
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
        #expect(received.output.split(separator: "\n").count == 1)
    }
}
