import ArgumentParser
import Booking
import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Connect a connection to its ledger.", subcommands: [Authorize.self, Exchange.self, Connect.self, Map.self])

    struct Authorize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the address where the shop owner grants koppel access to the connection's ledger.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "The ledger's address (default: its own, e.g. https://moneybird.com, https://app.minox.nl).") var baseURL: String?
        @Option(help: "Comes back with the code; any text.") var state = UUID().uuidString

        func run() throws {
            let database = try store.open()
            let provider = try ledgerProvider(try store.connection(license, in: database))
            let client = try LedgerClientConfiguration.required(provider.kind)
            print(provider.authorizationURL(baseURL: baseURL ?? provider.defaultBaseURL, client: client, state: state))
        }
    }

    struct Exchange: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Exchange the code the ledger gave for tokens and store them sealed (the code is read from standard input).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @OptionGroup var choice: AdministrationChoice

        func run() throws {
            guard let code = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !code.isEmpty else {
                throw ValidationError("no code on standard input")
            }
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let provider = try ledgerProvider(connection)
            let baseURL = choice.baseURL ?? provider.defaultBaseURL
            guard choice.administration != nil || provider.connectionMethod == .oauth(choosesTenant: true) else {
                throw ValidationError("--administration is required")
            }
            let client = try LedgerClientConfiguration.required(provider.kind)
            // Checked before the code is spent: a missing tenant must not cost the person a new code.
            let chosen = try choice.administration.map { _ in try choice.administrationID(provider) }
            let credentials = try provider.exchangeJSON(code: code, baseURL: baseURL, client: client, now: unixNow())
            let administration: String
            if let chosen {
                administration = chosen
            } else {
                // Chosen after connecting: the only one the access reaches, else the person picks.
                let reachable = try provider.administrations(baseURL: baseURL, client: client, credentialsJSON: credentials)
                guard reachable.count == 1 else {
                    let list = reachable.map { "  \($0.id)  \($0.name)" }.joined(separator: "\n")
                    throw ValidationError(
                        "choose the administration (--tenant T --administration A) and exchange a new code; the access reaches:\n"
                            + (list.isEmpty ? "  none" : list))
                }
                administration = reachable[0].id
                print("administration \(reachable[0].id) \(reachable[0].name)")
            }
            try connect(connection, in: database, store: store, provider: provider, baseURL: baseURL, administration: administration,
                credentialsJSON: credentials, changes: try choice.settingChanges())
            print("\(provider.kind.displayName) connected for \(license)")
        }
    }

    struct Connect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store the ledger access of a connection; the tokens are read from standard input.",
            discussion: """
                Standard input holds an access token (Moneybird: a personal API token or an OAuth access token), or the \
                tokens as JSON: {"accessToken": ..., "refreshToken": ..., "expiresAt": unix seconds}. They are stored sealed \
                under the master key.
                """)

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @OptionGroup var choice: AdministrationChoice

        func run() throws {
            let input = AnyIterator { readLine(strippingNewline: false) }.joined()
            guard !input.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ValidationError("no access token on standard input")
            }
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let provider = try ledgerProvider(connection)
            let credentials: Data
            do {
                credentials = try provider.credentialsJSON(fromInput: input)
            } catch let error as LedgerSetupError {
                throw ValidationError(error.description)
            }
            try connect(connection, in: database, store: store, provider: provider, baseURL: choice.baseURL ?? provider.defaultBaseURL,
                administration: try choice.administrationID(provider), credentialsJSON: credentials, changes: try choice.settingChanges())
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
            // Only the settings, read and written at once: tokens refreshed meanwhile stay.
            let provider = try ledgerProvider(connection)
            try database.updateLedgerSettings(connectionID: connection.id, now: unixNow()) { json in
                if let mapped = try provider.settingsJSON(mapped: json, reference: reference, zeroRateCode: automatic.zeroRateCode) {
                    json = mapped
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

/// Which administration of the ledger a connection books into, and the settings chosen with it.
struct AdministrationChoice: ParsableArguments {
    @Option(help: "The ledger's address (default: its own, e.g. https://moneybird.com, https://app.minox.nl).") var baseURL: String?
    @Option(help: "Minox: the tenant the administration belongs to.") var tenant: String?
    @Option(help: "The administration (Moneybird: its 18-digit id; Minox: its id within the tenant). Minox's exchange: left out, the only one the access reaches.")
    var administration: String?
    @Option(help: "Moneybird: delivery of paid invoices, Manual or Email (default: Manual, or as set before for this administration).")
    var delivery: String?
    @Option(help: "Minox: the sales journal's code (e.g. VK).") var journal: String?

    func administrationID(_ provider: any LedgerProvider) throws -> String {
        guard let administration else { throw ValidationError("--administration is required") }
        do {
            return try provider.administrationID(tenant: tenant, administration: administration)
        } catch let error as LedgerSetupError {
            throw ValidationError(error.description)
        }
    }

    func settingChanges() throws -> [(key: String, value: String)] {
        if let delivery, !["Manual", "Email"].contains(delivery) { throw ValidationError("--delivery must be Manual or Email") }
        return (delivery.map { [("delivery", $0)] } ?? []) + (journal.map { [("journal", $0)] } ?? [])
    }
}

/// The provider of the connection's ledger; a ledger koppel cannot book into is a usage error.
func ledgerProvider(_ connection: Connection) throws -> any LedgerProvider {
    do {
        return try LedgerProviders.provider(for: connection.ledger)
    } catch {
        throw ValidationError(error.description)
    }
}

/// Stores the credentials through KoppelAdmin, as the dashboard does.
private func connect(
    _ connection: Connection, in database: KoppelDatabase, store: StoreOptions, provider: any LedgerProvider, baseURL: String,
    administration: String, credentialsJSON: Data, changes: [(key: String, value: String)]
) throws {
    let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: database))
    do {
        try LedgerConnecting(database: database, sealer: sealer).connect(
            connection, baseURL: baseURL, administration: administration, credentialsJSON: credentialsJSON,
            settingChanges: changes, now: unixNow())
    } catch let error as AdminError {
        throw ValidationError(error.description)
    } catch let error as LedgerSetupError {
        throw ValidationError(error.description)
    }
}
