import ArgumentParser
import Booking
import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders
import OpenCart

/// The Configuration tab, from the command line: what is booked, and how.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Configure how a connection books.",
        subcommands: [Show.self, Statuses.self, VAT.self, Accounts.self, Debtor.self, LedgerSettings.self, Moneybird.self, Reconcile.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a connection's configuration.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String

        func run() throws {
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let configuration = try database.bookingConfiguration(connectionID: connection.id)
            print("booked statuses: \(configuration.bookedStatusIDs.map(String.init).joined(separator: ", "))")
            print("cancelled statuses (credited): \(configuration.cancelStatusIDs.map(String.init).joined(separator: ", "))")
            print("rounding tolerance: \(configuration.roundingTolerance) \u{20AC}")
            for (method, debtor) in configuration.fixedDebtors.sorted(by: { $0.key < $1.key }) {
                print("payment method \(method) → debtor \(debtor)")
            }
            for entry in configuration.vatMapping?.entries ?? [] where entry.isConfigured {
                print("VAT \(entry.scope) \(Double(entry.basisPoints) / 100)% → code \(entry.vatCode), account \(entry.revenueAccount)")
            }
            let accounts = configuration.vatMapping?.accounts ?? VATMapping.Accounts()
            print("accounts: gift vouchers \(accounts.giftVoucherLiability), store credit \(accounts.storeCreditLiability), "
                + "rounding \(accounts.rounding), levies \(accounts.levy)")
            let access = try database.ledgerAccess(connectionID: connection.id)
            if let access {
                let settings = access.settingsJSON ?? "(defaults)"
                print("ledger: \(access.baseURL), administration \(access.administrationID), settings \(settings)")
            }
            let edit = ConnectionConfiguration(database: database, connection: connection, now: unixNow())
            // A ledger whose settings need a person's choice first (Minox: the journal).
            let missing = ConfigurationGaps.list(
                configuration, ledgerConnected: access != nil, ledgerSettings: try edit.missingLedgerSettings()
            ).map { $0.replacingOccurrences(of: "LICENSE", with: license) }
            print(missing.isEmpty ? "nothing missing" : "missing:\n" + missing.map { "  - " + $0 }.joined(separator: "\n"))
            if let warning = try shopTimeZoneWarning(database, connectionID: connection.id, configuration: configuration) {
                print("warning: \(warning)")
            }
        }

        /// Read from the newest settings the shop pushed; none before the first settings push.
        private func shopTimeZoneWarning(
            _ database: KoppelDatabase, connectionID: Int64, configuration: BookingConfiguration
        ) throws -> String? {
            guard let json = try database.latestSettings(connectionID: connectionID) else { return nil }
            let settings = try PushDecoding.settings(from: Data(json.utf8))
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            return settings.store.timeZoneWarning(shopCountry: configuration.vatMapping?.shopCountry ?? "NL", year: year)
        }
    }

    struct Statuses: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the order statuses that are booked.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Argument(help: "Order status ids, comma-separated (e.g. 2,3,5).") var statuses: String
        @Option(help: "Statuses that mean cancelled or refunded (e.g. 7,11): a booked order that reaches one is credited.")
        var cancelled: String?

        func run() throws {
            try editing(store, license) { edit in
                let ids = try ConnectionConfiguration.statusIDs(statuses, field: "booked")
                let cancelIDs = try cancelled.map { try ConnectionConfiguration.statusIDs($0, field: "cancelled") }
                try edit.setStatuses(booked: ids, cancelled: cancelIDs)
            }
        }
    }

    struct VAT: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Map one VAT rate to the ledger's VAT code and revenue account.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "A country code (NL, DE, ...), ICP or INT (outside the EU).") var scope: String
        @Option(help: "The rate in percent, e.g. 21 or 5.5.") var rate: Double
        @Option(help: "The ledger's VAT code (Moneybird: tax rate id).") var code: String
        @Option(help: "The ledger's revenue account id.") var account: String

        func run() throws {
            try editing(store, license) { edit in
                let parsed = try ConnectionConfiguration.scope(scope)
                guard (0...100).contains(rate) else { throw ValidationError("--rate must be a percentage") }
                try edit.setVATEntry(
                    VATMapping.Entry(
                        scope: parsed, basisPoints: Int((rate * 100).rounded()), vatCode: code, revenueAccount: account))
            }
        }
    }

    struct Debtor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Book the orders of a payment method on one fixed debtor (never ICP orders); --remove to stop.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "The payment method code as orders carry it (cod, bank_transfer.bank_transfer).") var payment: String
        @Option(help: "The ledger's contact id.") var contact: String?
        @Flag(help: "Remove the fixed debtor of this payment method.") var remove = false

        func run() throws {
            guard remove || contact != nil else { throw ValidationError("give --contact ID or --remove") }
            try editing(store, license) { try $0.setDebtor(payment: payment, contact: remove ? nil : contact) }
        }
    }

    /// One command for every ledger: each provider names its settings, so a new ledger needs no
    /// command of its own.
    struct LedgerSettings: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ledger", abstract: "Set the ledger's own settings: key=value (Minox: journal=VK; Moneybird: delivery=Email, ...).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Argument(help: "key=value pairs; none: list the settings this ledger has.") var pairs: [String] = []

        func run() throws {
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            let provider = try ledgerProvider(connection)
            guard !pairs.isEmpty else {
                for setting in provider.settingKeys { print("\(setting.key): \(setting.meaning)") }
                return
            }
            let changes = try pairs.map { pair in
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else { throw ValidationError("\(pair): not key=value") }
                return (key: String(pair[..<equals]), value: String(pair[pair.index(after: equals)...]))
            }
            try editing(store, license, said: "\(provider.kind.displayName) settings stored for \(license)") {
                try $0.setLedgerSettings(changes)
            }
        }
    }

    struct Moneybird: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the Moneybird workflow, document style, delivery and payment.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Option(help: "Invoice workflow id.") var workflow: String?
        @Option(help: "Document style (invoice layout) id.") var documentStyle: String?
        @Option(help: "Delivery of paid invoices: Manual or Email.") var delivery: String?
        @Option(help: "Send and register the payment of paid orders: yes or no.") var registerPayment: String?

        func run() throws {
            if let registerPayment, !["yes", "no"].contains(registerPayment) {
                throw ValidationError("--register-payment must be yes or no")
            }
            // The shorthand of `koppel config ledger L workflow=… delivery=…`, through the same setter.
            var changes: [(key: String, value: String)] = []
            if let workflow { changes.append(("workflow", workflow)) }
            if let documentStyle { changes.append(("document_style", documentStyle)) }
            if let delivery { changes.append(("delivery", delivery)) }
            if let registerPayment { changes.append(("register_payment", String(registerPayment == "yes"))) }
            try editing(store, license, said: "Moneybird settings stored for \(license)") { try $0.setLedgerSettings(changes) }
        }
    }
}

/// One edit through `ConnectionConfiguration`, its refusal a usage error as before.
func editing(
    _ store: StoreOptions, _ license: String, said: String? = nil, _ edit: (ConnectionConfiguration) throws -> Void
) throws {
    let database = try store.open()
    let connection = try store.connection(license, in: database)
    do {
        try edit(ConnectionConfiguration(database: database, connection: connection, now: unixNow()))
    } catch let error as ConfigurationError {
        throw ValidationError(error.description)
    }
    print(said ?? "configuration stored for \(license)")
}
