import ArgumentParser
import Booking
import Foundation
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
        @Option(help: "Delivery of paid invoices: Manual or Email.") var delivery = "Manual"

        func run() throws {
            guard let code = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
                throw ValidationError("no code on standard input")
            }
            guard let method = MoneybirdSettings.DeliveryMethod(rawValue: delivery) else {
                throw ValidationError("--delivery must be Manual or Email")
            }
            let tokens = try MoneybirdOAuth(baseURL: baseURL, client: try MoneybirdClientConfiguration.required())
                .exchange(code: code, now: unixNow())
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let sealer = SecretSealer(masterKey: try MasterKey.loadOrCreate(at: store.masterKeyPath))
            try database.setLedgerAccess(
                connection: connection, baseURL: baseURL, administrationID: administration, tokensJSON: try JSONEncoder().encode(tokens),
                settingsJSON: String(decoding: try JSONEncoder().encode(MoneybirdSettings(deliveryMethod: method)), as: UTF8.self),
                sealer: sealer, now: unixNow())
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
        @Option(help: "Delivery of paid invoices: Manual or Email.") var delivery = "Manual"

        func run() throws {
            guard let token = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !token.isEmpty else {
                throw ValidationError("no access token on standard input")
            }
            guard let method = MoneybirdSettings.DeliveryMethod(rawValue: delivery) else {
                throw ValidationError("--delivery must be Manual or Email")
            }
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let sealer = SecretSealer(masterKey: try MasterKey.loadOrCreate(at: store.masterKeyPath))
            let tokens = try JSONEncoder().encode(MoneybirdOAuth.Tokens(accessToken: token, refreshToken: nil, expiresAt: nil))
            let settings = String(decoding: try JSONEncoder().encode(MoneybirdSettings(deliveryMethod: method)), as: UTF8.self)
            try database.setLedgerAccess(
                connection: connection, baseURL: baseURL, administrationID: administration, tokensJSON: tokens,
                settingsJSON: settings, sealer: sealer, now: unixNow())
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
            let ledger = try LedgerSetup.ledger(for: connection, database: database, sealer: sealer)
            guard let automatic = AutomaticMapping(from: try ledger.referenceData()) else {
                throw ValidationError("the ledger has no revenue account")
            }
            var configuration = try database.bookingConfiguration(connectionID: connection.id)
            configuration.vatMapping = automatic.mapping
            if let statuses {
                configuration.bookedStatusIDs = try statuses.split(separator: ",").map { text in
                    guard let id = Int64(text.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("--statuses: \(text) is no id") }
                    return id
                }
            }
            try database.setBookingConfiguration(configuration, connectionID: connection.id, now: unixNow())
            if let zero = automatic.zeroRateCode, let access = try database.ledgerAccess(connectionID: connection.id) {
                var settings = try JSONDecoder().decode(MoneybirdSettings.self, from: Data(access.settingsJSON.utf8))
                settings.noVATCode = zero
                try database.setLedgerAccess(
                    connection: connection, baseURL: access.baseURL, administrationID: access.administrationID,
                    tokensJSON: Data(try sealer.open(access.sealedTokens, context: KoppelDatabase.ledgerTokensContext(license: license)).utf8),
                    settingsJSON: String(decoding: try JSONEncoder().encode(settings), as: UTF8.self), sealer: sealer, now: unixNow())
            }
            print("mapped: " + automatic.mapped.joined(separator: ", "))
            print("revenue account: \(automatic.revenueAccount.name) (\(automatic.revenueAccount.detail)); booked statuses: \(configuration.bookedStatusIDs)")
        }
    }
}
