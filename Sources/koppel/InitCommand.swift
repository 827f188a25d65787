import ArgumentParser
import Foundation
import KoppelStore

/// `koppel init`: makes the database and the master key of a new installation, or checks that the
/// key in place opens what the database holds. A new key over stored secrets only when asked by
/// name, since those secrets are lost with the old key.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make the database and the master key, or check that the key opens the stored secrets.",
        discussion: """
            The master key is made once and kept: every API key, ledger access and the SMTP password are sealed with it, \
            and no other key opens them. When it is lost, restore it from a backup; only when there is no backup, \
            --new-master-key makes a new one and drops the secrets sealed with the lost key, to be entered again.
            """)

    @OptionGroup var store: StoreOptions
    @Flag(help: "The master key is lost for good: make a new one and drop the secrets sealed with the lost one.")
    var newMasterKey = false

    func run() throws {
        let database = try store.open()
        let path = store.masterKeyPath
        let secrets = try database.sealedSecrets()
        if FileManager.default.fileExists(atPath: path) {
            guard !newMasterKey else {
                throw ValidationError("the master key file \(path) exists and is never overwritten; move it aside first if it truly is lost")
            }
            try check(SecretSealer(masterKey: try MasterKey.load(from: path)), opens: secrets, path: path)
            return
        }
        guard secrets.isEmpty || newMasterKey else { throw SecretError.masterKeyMissing(path) }
        _ = try MasterKey.create(at: path)
        print("created the master key \(path): keep a copy apart from the database's backups")
        guard !secrets.isEmpty else { return }
        try database.dropSecrets(secrets, now: unixNow())
        print("dropped the secrets sealed with the lost key; enter them again:")
        for secret in secrets { print("  \(secret.name): \(secret.remedy)") }
    }

    private func check(_ sealer: SecretSealer, opens secrets: [SealedSecret], path: String) throws {
        guard !secrets.isEmpty else {
            print("the master key \(path) is in place; no secret is stored yet")
            return
        }
        let unopened = secrets.filter { !sealer.opens($0) }
        guard unopened.count < secrets.count else { throw SecretError.masterKeyForeign(path, secrets: secrets.count) }
        for secret in unopened {
            printError("\(SecretError.cannotOpen(secret: secret.name, keyPath: path, remedy: secret.remedy))")
        }
        guard unopened.isEmpty else { throw ExitCode.failure }
        print("the master key \(path) opens all stored secrets (\(secrets.count))")
    }
}
