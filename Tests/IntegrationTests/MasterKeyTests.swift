import Foundation
import KoppelHTTP
import KoppelStore
import Testing

/// The master key through the real programs: never made again over secrets sealed with a lost
/// one, and a key that does not open the stored secrets is told as what it is, everywhere.
@Suite(.serialized)
struct MasterKeyTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-master-key-\(UUID().uuidString)")
    var databasePath: String { folder.appendingPathComponent("koppel.sqlite").path }
    var keyPath: String { folder.appendingPathComponent("keys/master.key").path }

    func koppel(_ arguments: [String], input: String? = nil) throws -> ProgramRun {
        try runProgram("koppel", arguments, input: input, environment: ["KOPPEL_DATABASE": databasePath, "KOPPEL_MASTER_KEY": keyPath])
    }

    func add(_ name: String) throws -> String {
        let added = try koppel(["connection", "add", "--name", name, "--shop", "opencart", "--ledger", "moneybird"])
        #expect(added.status == 0, "\(added.errors)")
        return added.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Another valid key in place of `path`: what an older koppel made when the file had gone.
    static func writeForeignKey(at path: String) throws {
        let bytes = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        try writeKey(Data((bytes.base64EncodedString() + "\n").utf8), at: path)
    }

    static func writeKey(_ contents: Data, at path: String) throws {
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try contents.write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    @Test func aLostMasterKeyIsNotMadeAgainOverTheSecretsSealedWithIt() throws {
        defer { #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) } }
        let bakery = try add("Bakkerij de Vries")
        // An empty store gets its key with the first secret.
        let first = try koppel(["connection", "set-api-key", bakery], input: "Bakker!j#DeVries(2026)\n")
        #expect(first.status == 0, "\(first.errors)")
        let original = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        try FileManager.default.removeItem(atPath: keyPath)

        let butcher = try add("Slagerij Jansen")
        let passwordFile = folder.appendingPathComponent("smtp-password").path
        try Data("Smtp-Wachtwoord-7\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
        let attempts: [(arguments: [String], input: String?)] = [
            (["connection", "set-api-key", butcher], "Slager!j#Jansen(2026)\n"),
            (["ledger", "connect", butcher, "--administration", "111"], "Token-For-Tests\n"),
            (["mail", "set", "--url", "smtps://127.0.0.1:465", "--from", "koppel@example.nl", "--user", "koppel",
              "--password-file", passwordFile], nil),
        ]
        for attempt in attempts {
            let refused = try koppel(attempt.arguments, input: attempt.input)
            #expect(refused.status != 0, "\(attempt.arguments): \(refused.output)")
            #expect(refused.errors.contains("the master key file \(keyPath) does not exist"), "\(refused.errors)")
            #expect(refused.errors.contains("sealed with it"), "\(refused.errors)")
            #expect(refused.errors.contains("restore it from a backup"), "\(refused.errors)")
            #expect(!FileManager.default.fileExists(atPath: keyPath), "\(attempt.arguments)")
        }

        // Restored, the old secret opens and the new one joins it under the same key.
        try Self.writeKey(original, at: keyPath)
        let second = try koppel(["connection", "set-api-key", butcher], input: "Slager!j#Jansen(2026)\n")
        #expect(second.status == 0, "\(second.errors)")
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: keyPath))
        let database = try KoppelDatabase(path: databasePath)
        for (license, apiKey) in [(bakery, "Bakker!j#DeVries(2026)"), (butcher, "Slager!j#Jansen(2026)")] {
            let sealed = try #require(try database.connection(license: license)?.sealedAPIKey)
            #expect(try sealer.open(sealed, context: KoppelDatabase.apiKeyContext(license: license)) == apiKey)
        }
    }

    @Test func initMakesAKeyOnlyWhereNoSecretIsLost() throws {
        defer { #expect(throws: Never.self) { try FileManager.default.removeItem(at: folder) } }
        let made = try koppel(["init"])
        #expect(made.status == 0, "\(made.errors)")
        #expect(made.output.contains("created the master key \(keyPath)"), "\(made.output)")
        #expect((try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int) == 0o600)
        let key = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        let again = try koppel(["init"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == key)

        let bakery = try add("Bakkerij de Vries")
        #expect(try koppel(["connection", "set-api-key", bakery], input: "Bakker!j#DeVries(2026)\n").status == 0)
        let checked = try koppel(["init"])
        #expect(checked.status == 0, "\(checked.errors)")
        #expect(checked.output.contains("opens all stored secrets (1)"), "\(checked.output)")

        // Lost: init refuses too, unless a new key is asked for by name; the secrets sealed with
        // the lost one go, and are listed to be entered again.
        try FileManager.default.removeItem(atPath: keyPath)
        let refused = try koppel(["init"])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("the master key file \(keyPath) does not exist"), "\(refused.errors)")
        #expect(refused.errors.contains("--new-master-key"), "\(refused.errors)")
        #expect(!FileManager.default.fileExists(atPath: keyPath))
        let fresh = try koppel(["init", "--new-master-key"])
        #expect(fresh.status == 0, "\(fresh.errors)")
        #expect(fresh.output.contains("the API key of Bakkerij de Vries (\(bakery))"), "\(fresh.output)")
        #expect(fresh.output.contains("koppel connection set-api-key \(bakery)"), "\(fresh.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) != key)
        let list = try koppel(["connection", "list"])
        #expect(list.output.split(separator: "\n").first { $0.hasPrefix(bakery) }?.contains(" no ") == true, "\(list.output)")
        #expect(try koppel(["connection", "set-api-key", bakery], input: "Bakker!j#DeVries(2027)\n").status == 0)

        // A key that opens none of the secrets is no key for this store.
        try Self.writeKey(key, at: keyPath)
        let foreign = try koppel(["init"])
        #expect(foreign.status != 0)
        #expect(foreign.errors.contains("the master key file \(keyPath) opens none of the stored secrets (1)"), "\(foreign.errors)")
        let sealing = try koppel(["connection", "set-api-key", bakery], input: "Bakker!j#DeVries(2028)\n")
        #expect(sealing.status != 0)
        #expect(sealing.errors.contains("opens none of the stored secrets (1)"), "\(sealing.errors)")
    }

    @Test func aKeyThatDoesNotOpenTheAPIKeysIsA503UntilItIsRestored() throws {
        let stack = try Stack()
        let original = try Data(contentsOf: URL(fileURLWithPath: stack.masterKeyPath))
        let order = try Samples.batchBody(["opencart3-order-1.json"])

        func expectUnavailable(_ reason: String) throws {
            for response in [
                try stack.send("GET", "/api/v1/ping", contentType: nil), try stack.send("POST", "/api/v1/orders", body: order),
            ] {
                #expect(response.status == 503, "\(reason): \(response.text)")
                #expect(response.header("content-type") == "application/json")
                let body = try JSONSerialization.jsonObject(with: response.body) as? [String: [String: String]]
                #expect(body?["error"]?["code"] == "master_key_unavailable", "\(response.text)")
                #expect(!response.text.contains(stack.apiKey) && !response.text.contains(stack.masterKeyPath), "\(response.text)")
            }
            #expect(try stack.counts().orders == 0)
        }

        // The incident: the key file gone, and another key made in its place.
        try Self.writeForeignKey(at: stack.masterKeyPath)
        try expectUnavailable("another key")
        #expect(try stack.log().contains("the API key of Stack shop (\(stack.license)) does not open with the master key \(stack.masterKeyPath)"))
        try FileManager.default.removeItem(atPath: stack.masterKeyPath)
        try expectUnavailable("no key")
        #expect(try stack.log().contains("the master key file \(stack.masterKeyPath) does not exist"))
        #expect(!(try stack.log().contains(stack.apiKey)))

        // Restored: the next push goes through, without a restart.
        try Self.writeKey(original, at: stack.masterKeyPath)
        #expect(try stack.send("GET", "/api/v1/ping", contentType: nil).status == 200)
        #expect(try stack.send("POST", "/api/v1/orders", body: order).status == 200)
        #expect(try stack.counts().orders == 1)
    }

    @Test func theJobsNameTheKeyThatDoesNotOpenTheLedgerAccess() throws {
        let stack = try Stack()
        let sandbox = try LedgerSandbox()
        let environment = ["KOPPEL_DATABASE": stack.databasePath, "KOPPEL_MASTER_KEY": stack.masterKeyPath]
        let rows = try JSONDecoder().decode(
            SettingsRowsForTests.self, from: Data(contentsOf: Samples.folder.appendingPathComponent("opencart3-settings.json")))
        #expect(try stack.send("POST", "/api/v1/settings", body: rows.body).status == 200)
        #expect(try runProgram("koppel", ["config", "statuses", stack.license, "2,3,5"], environment: environment).status == 0)
        let connected = try runProgram(
            "koppel", ["ledger", "connect", stack.license, "--base-url", sandbox.baseURL, "--administration", LedgerSandbox.administration],
            input: LedgerSandbox.token + "\n", environment: environment)
        #expect(connected.status == 0, "\(connected.errors)")

        try Self.writeForeignKey(at: stack.masterKeyPath)
        let expected = "the ledger access of Stack shop (\(stack.license)) does not open with the master key \(stack.masterKeyPath)"
        let sync = try runProgram("koppel", ["sync"], environment: environment)
        #expect(sync.status != 0)
        #expect(sync.errors.contains(expected), "\(sync.errors)")
        let reports = stack.folder.appendingPathComponent("reports").path
        let reconcile = try runProgram("koppel", ["reconcile", "--no-mail", "--reports", reports], environment: environment)
        #expect(reconcile.status != 0)
        #expect(reconcile.errors.contains(expected), "\(reconcile.errors)")
        #expect(!(sync.errors + reconcile.errors).contains(LedgerSandbox.token))
    }
}
