import ArgumentParser
import Booking
import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Ledger
import Moneybird

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Connect a connection to its ledger.", subcommands: [Authorize.self, Exchange.self, Connect.self, Map.self])

    struct Authorize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the address where the shop owner grants koppel access to Moneybird.")

        @Option(help: "Moneybird's address.") var baseURL = "https://moneybird.com"
        @Option(help: "Comes back with the code; any text.") var state = UUID().uuidString

        func run() throws {
            print(MoneybirdOAuth(baseURL: baseURL, client: try MoneybirdClientConfiguration.required()).authorizationURL(state: state))
        }
    }

    struct Exchange: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exchange the code Moneybird gave for tokens and store them sealed (the code is read from standard input).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "Moneybird's address.") var baseURL = "https://moneybird.com"
        @Option(help: "The administration (its 18-digit id).") var administration: String
        @Option(help: "Delivery of paid invoices: Manual or Email (default: Manual, or as set before for this administration).")
        var delivery: String?

        func run() throws {
            guard let code = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
                throw ValidationError("no code on standard input")
            }
            let method = try deliveryMethod(delivery)
            let tokens = try MoneybirdOAuth(baseURL: baseURL, client: try MoneybirdClientConfiguration.required())
                .exchange(code: code, now: unixNow())
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: database))
            try connect(
                connection, in: database, baseURL: baseURL, administration: administration, tokens: tokens, delivery: method,
                sealer: sealer)
            print("Moneybird connected for \(license)")
        }
    }

    struct Connect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store the ledger access of a connection; the access token is read from standard input.",
            discussion: "For Moneybird: a personal API token, or an OAuth access token. It is stored sealed under the master key.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "The ledger's address (Moneybird: https://moneybird.com).") var baseURL = "https://moneybird.com"
        @Option(help: "The administration (Moneybird: its 18-digit id).") var administration: String
        @Option(help: "Delivery of paid invoices: Manual or Email (default: Manual, or as set before for this administration).")
        var delivery: String?

        func run() throws {
            guard let token = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
                throw ValidationError("no access token on standard input")
            }
            let method = try deliveryMethod(delivery)
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: database))
            let tokens = MoneybirdOAuth.Tokens(accessToken: token, refreshToken: nil, expiresAt: nil)
            try connect(
                connection, in: database, baseURL: baseURL, administration: administration, tokens: tokens, delivery: method,
                sealer: sealer)
            print("ledger access stored for \(license)")
        }
    }

    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the ledger's VAT codes and accounts and map the shop country's rates by percentage.",
            discussion: "Every rate of the shop country, ICP and International gets the ledger's sales rate of the same percentage and the first revenue account; lines outside VAT get the 0% rate. Adjust single rates afterwards with `koppel config vat`.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "Booked order statuses, comma-separated ids (e.g. 2,3,5).") var statuses: String?

        func run() throws {
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let sealer = SecretSealer(masterKey: try MasterKey.load(from: store.masterKeyPath))
            // Kept for the Configuratie tab, which chooses from the same lists.
            let reference = try LedgerReferenceCopy.refresh(
                connection: connection, ledgers: LedgerFactory(database: database, sealer: sealer), database: database,
                now: unixNow())
            guard let automatic = AutomaticMapping(from: reference) else {
                throw ValidationError("the ledger has no revenue account")
            }
            let bookedStatusIDs = try statuses.map { statuses in
                try statuses.split(separator: ",").map { text in
                    guard let id = Int64(text.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--statuses: \(text) is no id") }
                    return id
                }
            }
            let configuration = try database.updateBookingConfiguration(connectionID: connection.id, now: unixNow()) { configuration in
                configuration.vatMapping = automatic.mapping
                if let bookedStatusIDs { configuration.bookedStatusIDs = bookedStatusIDs }
            }
            if let zero = automatic.zeroRateCode {
                // Only the settings, read and written at once: tokens refreshed meanwhile stay.
                try database.updateLedgerSettings(connectionID: connection.id, now: unixNow()) { json in
                    var settings = try LedgerFactory.moneybirdSettings(json, of: connection)
                    settings.noVATCode = zero
                    json = try settings.json()
                }
            }
            print("mapped: " + automatic.mapped.joined(separator: ", "))
            if !automatic.unmapped.isEmpty {
                print("no ledger VAT code of its kind for: " + automatic.unmapped.joined(separator: ", ")
                    + " (orders that need one are held; map it with `koppel config vat`)")
            }
            print("revenue account: \(automatic.revenueAccount.name) (\(automatic.revenueAccount.detail)); booked statuses: \(configuration.bookedStatusIDs)")
        }
    }
}

/// `--delivery`, when given.
func deliveryMethod(_ option: String?) throws -> MoneybirdSettings.DeliveryMethod? {
    guard let option else { return nil }
    guard let method = MoneybirdSettings.DeliveryMethod(rawValue: option) else {
        throw ValidationError("--delivery must be Manual or Email")
    }
    return method
}

/// Stores the credentials through KoppelAdmin, as the dashboard does.
private func connect(
    _ connection: Connection, in database: KoppelDatabase, baseURL: String, administration: String,
    tokens: MoneybirdOAuth.Tokens, delivery: MoneybirdSettings.DeliveryMethod?, sealer: SecretSealer
) throws {
    do {
        try LedgerConnecting(database: database, sealer: sealer).connect(
            connection, baseURL: baseURL, administration: administration, tokens: tokens, delivery: delivery, now: unixNow())
    } catch let error as AdminError {
        throw ValidationError(error.description)
    }
}
