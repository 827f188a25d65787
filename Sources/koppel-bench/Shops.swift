import ArgumentParser
import Foundation
import KoppelCore
import KoppelStore

/// Many OpenCart connections with one API key, for scripts/bench-push: nginx lets one license key
/// push 20 times a second after a burst of 100, so a load of thousands a second needs many shops.
/// One process instead of two `koppel` commands a shop.
struct Shops: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add connections with one API key; print their license keys, one a line.")

    @Option var database: String
    @Option var masterKey: String
    @Option(help: "File holding the API key.") var apiKeyFile: String
    @Option var count = 1_000

    func run() throws {
        let store = try KoppelDatabase(path: database)
        let apiKey = try String(contentsOfFile: apiKeyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: masterKey, in: store))
        let now = Int64(Date().timeIntervalSince1970)
        for shop in 1...count {
            let connection = try store.addConnection(name: "Benchmark \(shop)", shop: .opencart, ledger: .moneybird, now: now)
            _ = try store.setAPIKey(apiKey, license: connection.licenseKey, sealer: sealer, now: now)
            print(connection.licenseKey)
        }
    }
}
