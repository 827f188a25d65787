import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelStore
import Moneybird
import OpenCart

/// The Configuration tab, from the command line: what is booked, and how.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Configure how a connection books.",
        subcommands: [Show.self, Statuses.self, VAT.self, Accounts.self, Debtor.self, Moneybird.self, Reconcile.self])

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
            let missing = ConfigurationGaps.list(configuration, ledgerConnected: access != nil)
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
            let ids = try Self.ids(statuses)
            let cancelIDs = try cancelled.map(Self.ids)
            if let cancelIDs, !Set(cancelIDs).isDisjoint(with: ids) {
                throw ValidationError("a status cannot be both booked and cancelled")
            }
            try update(store, license) { configuration in
                configuration.bookedStatusIDs = ids
                if let cancelIDs { configuration.cancelStatusIDs = cancelIDs }
            }
        }

        static func ids(_ text: String) throws -> [Int64] {
            try text.split(separator: ",").map { part -> Int64 in
                guard let id = Int64(part.trimmingCharacters(in: .whitespaces)), id > 0 else {
                    throw ValidationError("\(part) is no order status id (status 0 is never booked)")
                }
                return id
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
            let upper = scope.uppercased()
            let parsed: VATMapping.Scope
            switch upper {
            case "ICP": parsed = .icp
            case "INT": parsed = .international
            default:
                guard upper.count == 2, upper.allSatisfy(\.isLetter) else { throw ValidationError("--scope must be a country code, ICP or INT") }
                parsed = .country(upper)
            }
            guard (0...100).contains(rate) else { throw ValidationError("--rate must be a percentage") }
            try update(store, license) { configuration in
                var mapping = configuration.vatMapping ?? VATMapping.defaults()
                mapping.set(parsed, basisPoints: Int((rate * 100).rounded()), vatCode: code, revenueAccount: account)
                configuration.vatMapping = mapping
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
            try update(store, license) { $0.fixedDebtors[payment] = remove ? nil : contact }
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
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            guard try database.ledgerAccess(connectionID: connection.id) != nil else {
                throw ValidationError("connect the ledger first (koppel ledger connect or exchange)")
            }
            let method = try deliveryMethod(delivery)
            if let registerPayment, !["yes", "no"].contains(registerPayment) {
                throw ValidationError("--register-payment must be yes or no")
            }
            // Read and written in one transaction: a token refresh or another edit meanwhile stays.
            try database.updateLedgerSettings(connectionID: connection.id, now: unixNow()) { json in
                var settings = try LedgerFactory.moneybirdSettings(json, of: connection)
                if let workflow { settings.workflowID = workflow }
                if let documentStyle { settings.documentStyleID = documentStyle }
                if let method { settings.deliveryMethod = method }
                if let registerPayment { settings.registerPayment = registerPayment == "yes" }
                json = try settings.json()
            }
            print("Moneybird settings stored for \(license)")
        }
    }
}

extension MoneybirdSettings {
    /// As stored in `connection_ledger_settings`.
    func json() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }
}

/// Read and written in one transaction: two config commands at once both count.
private func update(_ store: StoreOptions, _ license: String, _ change: (inout BookingConfiguration) throws -> Void) throws {
    let database = try store.open()
    let connection = try store.connection(license, in: database)
    try database.updateBookingConfiguration(connectionID: connection.id, now: unixNow(), change)
    print("configuration stored for \(license)")
}
