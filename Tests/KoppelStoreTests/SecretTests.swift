import Foundation
import GRDB
import KoppelCore
import KoppelStore
import Testing

struct SecretTests {
    @Test func masterKeyIsCreatedPrivateAndReadBack() throws {
        let store = try TemporaryStore()
        let created = try MasterKey.forSealing(at: store.masterKeyPath, in: store.database)
        let attributes = try FileManager.default.attributesOfItem(atPath: store.masterKeyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let sealed = try SecretSealer(masterKey: created).seal("Koppel!Test#Key(2026)=", context: "c")
        let again = try MasterKey.forSealing(at: store.masterKeyPath, in: store.database)
        #expect(try SecretSealer(masterKey: again).open(sealed, context: "c") == "Koppel!Test#Key(2026)=")
    }

    @Test func refusesAMasterKeyOthersMayRead() throws {
        let store = try TemporaryStore()
        _ = try MasterKey.forSealing(at: store.masterKeyPath, in: store.database)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: store.masterKeyPath)
        #expect(throws: SecretError.masterKeyTooOpen(store.masterKeyPath)) { try MasterKey.load(from: store.masterKeyPath) }
    }

    @Test func aKeyIsMadeOnlyWhileNoSecretIsStored() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: store.database))
        #expect(try store.database.setAPIKey("Zz9!Unique*ApiKey@2026", license: connection.licenseKey, sealer: sealer, now: 2))
        let original = try Data(contentsOf: URL(fileURLWithPath: store.masterKeyPath))

        try FileManager.default.removeItem(atPath: store.masterKeyPath)
        #expect(throws: SecretError.masterKeyMissing(store.masterKeyPath)) {
            try MasterKey.forSealing(at: store.masterKeyPath, in: store.database)
        }
        #expect(!FileManager.default.fileExists(atPath: store.masterKeyPath))

        // Another key in its place opens nothing stored: no new secret is sealed with it.
        _ = try MasterKey.create(at: store.masterKeyPath)
        #expect(throws: SecretError.masterKeyForeign(store.masterKeyPath, secrets: 1)) {
            try MasterKey.forSealing(at: store.masterKeyPath, in: store.database)
        }
        try FileManager.default.removeItem(atPath: store.masterKeyPath)
        try original.write(to: URL(fileURLWithPath: store.masterKeyPath))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: store.masterKeyPath)
        #expect(throws: Never.self) { try MasterKey.forSealing(at: store.masterKeyPath, in: store.database) }
    }

    @Test func aSecretThatDoesNotOpenIsNamedWithItsKeyAndRemedy() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Bakkerij", shop: .opencart, ledger: .moneybird, now: 1)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: store.database))
        #expect(try store.database.setAPIKey("Zz9!Unique*ApiKey@2026", license: connection.licenseKey, sealer: sealer, now: 2))
        let secret = try #require(try store.database.sealedSecrets().first)
        #expect(try sealer.open(secret) == "Zz9!Unique*ApiKey@2026")
        let other = SecretSealer(masterKey: MasterKey.random())
        #expect(throws: SecretError.cannotOpen(
            secret: "the API key of Bakkerij (\(connection.licenseKey))", keyPath: nil,
            remedy: "koppel connection set-api-key \(connection.licenseKey)")) { try other.open(secret) }
    }

    @Test func aFetchedShopsAccessIsSealedBoundToItsLicenseCheckedAndDroppedWithTheOtherSecrets() throws {
        let store = try TemporaryStore()
        let connection = try store.database.addConnection(name: "Winkel", shop: .mijnwebwinkel, ledger: .moneybird, now: 1)
        let other = try store.database.addConnection(name: "Ander", shop: .mijnwebwinkel, ledger: .moneybird, now: 1)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: store.database))
        let access = #"{"base_url":"https://api.myonlinestore.com","partner_token":"p-7f3a","store_token":"s-c4e8"}"#
        try store.database.setShopAccess(connection: connection, accessJSON: access, sealer: sealer, now: 2)

        let sealed = try #require(try store.database.sealedShopAccess(connectionID: connection.id))
        #expect(!String(decoding: sealed, as: UTF8.self).contains("s-c4e8"))
        #expect(try sealer.open(.shopAccess(sealed, of: connection)) == access)
        // Bound to its license: under another connection's it does not open.
        #expect(throws: SecretError.self) { try sealer.open(.shopAccess(sealed, of: other)) }
        #expect(try store.database.sealedShopAccess(connectionID: other.id) == nil)

        let secrets = try store.database.sealedSecrets()
        let listed = try #require(secrets.first { $0.place == .shopAccess(connectionID: connection.id) })
        #expect(listed.name == "the shop access of Winkel (\(connection.licenseKey))")
        #expect(sealer.opens(listed))
        try store.database.dropSecrets([listed], now: 3)
        #expect(try store.database.sealedShopAccess(connectionID: connection.id) == nil)
    }

    @Test func sealedKeysOpenOnlyWithTheirKeyAndContext() throws {
        let sealer = SecretSealer(masterKey: MasterKey.random())
        let other = SecretSealer(masterKey: MasterKey.random())
        let sealed = try sealer.seal("abcdefghijklmno", context: "KPL-1")
        #expect(try sealer.open(sealed, context: "KPL-1") == "abcdefghijklmno")
        #expect(throws: SecretError.self) { try sealer.open(sealed, context: "KPL-2") }
        #expect(throws: SecretError.self) { try other.open(sealed, context: "KPL-1") }
        var tampered = sealed
        tampered[tampered.count - 1] ^= 1
        #expect(throws: SecretError.self) { try sealer.open(tampered, context: "KPL-1") }
        // Sealing twice gives different bytes (fresh nonce), so equal keys are not visible as such.
        #expect(try sealer.seal("abcdefghijklmno", context: "KPL-1") != sealed)
    }

    @Test func aCopyOfTheDatabaseHoldsNoAPIKey() throws {
        let store = try TemporaryStore()
        let apiKey = "Zz9!Unique*ApiKey@2026"
        let connection = try store.database.addConnection(name: "Shop", shop: .opencart, ledger: .moneybird, now: 1)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: store.database))
        #expect(try store.database.setAPIKey(apiKey, license: connection.licenseKey, sealer: sealer, now: 2))
        try store.database.pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }

        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: store.folder.path) where name.hasPrefix("koppel.sqlite") {
            bytes += try Data(contentsOf: store.folder.appendingPathComponent(name))
        }
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data(apiKey.utf8)) == nil)
        #expect(bytes.range(of: Data(connection.licenseKey.utf8)) != nil)  // the search itself works

        let stored = try #require(try store.database.connection(license: connection.licenseKey)?.sealedAPIKey)
        #expect(try sealer.open(stored, context: KoppelDatabase.apiKeyContext(license: connection.licenseKey)) == apiKey)
    }

    @Test func settingAKeyForAnUnknownLicenseChangesNothing() throws {
        let store = try TemporaryStore()
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: store.database))
        #expect(try !store.database.setAPIKey("abcdefghijklmno", license: "KPL-NOPE", sealer: sealer, now: 1))
    }
}
