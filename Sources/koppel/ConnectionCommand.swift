import ArgumentParser
import Booking
import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Mijnwebwinkel

struct ConnectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connection", abstract: "Manage connections (one shop into one ledger).",
        subcommands: [Add.self, List.self, Check.self, SetAPIKey.self, SetShopAccess.self, SetPrefix.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a connection and print its license key.")

        @OptionGroup var store: StoreOptions
        @Option(help: "A name the shop owner recognises.") var name: String
        @Option(help: "The shop: \(ShopKind.allCases.map(\.rawValue).joined(separator: ", ")).") var shop: ShopKind
        @Option(help: "The ledger: \(LedgerKind.allCases.map(\.rawValue).joined(separator: ", ")).") var ledger: LedgerKind
        @OptionGroup var shopAccess: ShopAccessOptions

        func run() throws {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--name must not be empty") }
            let access = try shopAccess.access(for: shop)
            // A shop koppel fetches from is checked before the connection is made: both tokens work.
            let shopName = try access.map { try ShopCheck.shopName($0) }
            let database = try store.open()
            let sealer = try access.map { _ in SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: database)) }
            let connection = try database.addConnection(name: name, shop: shop, ledger: ledger, now: unixNow())
            if let access, let sealer {
                try database.setShopAccess(connection: connection, accessJSON: access.json, sealer: sealer, now: unixNow())
            }
            // Standard output is the license key only (scripts read it); the check goes to standard error.
            print(connection.licenseKey)
            if let shopName { printError("connected to the Mijnwebwinkel shop \"\(shopName)\"") }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that koppel reaches the connection's shop (a shop koppel fetches from) and print its name.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String

        func run() throws {
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            guard connection.shop == .mijnwebwinkel else {
                throw ValidationError("\(connection.shop.rawValue) pushes its orders: check it with the extension's Test connection button")
            }
            let access = try ShopCheck.storedAccess(of: connection, in: database, masterKeyPath: store.masterKeyPath)
            print("\(connection.name) (\(license)): the Mijnwebwinkel shop \"\(try ShopCheck.shopName(access))\" answers")
        }
    }

    struct SetShopAccess: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-shop-access",
            abstract: "Store new tokens (or address) of a shop koppel fetches from, after checking them.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @OptionGroup var shopAccess: ShopAccessOptions

        func run() throws {
            let database = try store.open()
            let connection = try store.connection(license, in: database)
            guard let access = try shopAccess.access(for: connection.shop) else {
                throw ValidationError("\(connection.shop.rawValue) pushes its orders: it has an API key (set-api-key), no shop access")
            }
            let shopName = try ShopCheck.shopName(access)
            let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: database))
            try database.setShopAccess(connection: connection, accessJSON: access.json, sealer: sealer, now: unixNow())
            print("shop access stored for \(license): the Mijnwebwinkel shop \"\(shopName)\" answers")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the connections.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            let database = try store.open()
            var rows: [[String]] = []
            var failures: [String] = []
            var unreadable: [UnreadableStoredValue] = []
            var waitingLines: [String] = []
            let now = unixNow()
            for read in try database.connectionsEachRead() {
                let connection: Connection
                switch read {
                case .success(let readable): connection = readable
                case .failure(let problem):
                    unreadable.append(problem)
                    continue
                }
                let runs = try database.lastRuns(connectionID: connection.id)
                let failed = runs.filter { $0.problem != nil }
                let waiting = try WaitingEstimate.of(connectionID: connection.id, ledger: connection.ledger, in: database, now: now)
                rows.append(
                    [
                        connection.licenseKey, connection.name, connection.shop.rawValue, connection.ledger.rawValue,
                        connection.bookingReference.reference(orderID: 1001, storeID: 0),
                        try ConnectionCommand.accessColumn(connection, database),
                    ] + WaitingText.columns(waiting, now: now) + [
                        runs.isEmpty ? "-" : failed.isEmpty ? "ok" : failed.map { "\($0.job) failed" }.joined(separator: ", ")
                    ])
                if let line = WaitingText.line(waiting, now: now) {
                    waitingLines.append("\(connection.name) (\(connection.licenseKey)): \(line)")
                }
                failures += failed.map { run in
                    "\(connection.name) (\(connection.licenseKey)): \(run.job) failed \(localMinute(run.at)): \(run.problem ?? "")"
                }
            }
            printTable(
                header: ["LICENSE", "NAME", "SHOP", "LEDGER", "REFERENCE", "API KEY", "WAITING", "LAST BOOKED BY", "LAST RUNS"], rows: rows)
            if !waitingLines.isEmpty { print("\n" + waitingLines.joined(separator: "\n")) }
            if !failures.isEmpty { print("\n" + failures.joined(separator: "\n")) }
            for shared in try database.sharedReferences() {
                print("\nwarning: \(shared.connections.joined(separator: " and ")) book into \(shared.administration) with the same "
                    + "references (\(shared.prefix.isEmpty ? "bare order numbers" : shared.prefix)): one may take the other's booking for its own")
            }
            // A connection that cannot be read is told, not left out quietly.
            for problem in unreadable { printError("\(problem)") }
            if !unreadable.isEmpty { throw ExitCode.failure }
        }
    }

    /// Whether the shop can reach koppel (an API key) or koppel the shop (its stored access).
    static func accessColumn(_ connection: Connection, _ database: KoppelDatabase) throws -> String {
        guard connection.shop == .mijnwebwinkel else { return connection.sealedAPIKey == nil ? "no" : "yes" }
        return try database.sealedShopAccess(connectionID: connection.id) == nil ? "no (shop access)" : "shop access"
    }

    struct SetAPIKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-api-key",
            abstract: "Read the connection's API key from standard input and store it sealed.",
            discussion: "The key is read from stdin, never from the command line, so that it stays out of shell history and process lists.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String

        func run() throws {
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("no API key on standard input") }
            let key = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if let problem = ShopAPIKey.problem(with: key) { throw ValidationError(problem.description) }
            let database = try store.open()
            let sealer = SecretSealer(masterKey: try MasterKey.forSealing(at: store.masterKeyPath, in: database))
            guard try ShopAPIKey(database: database, sealer: sealer).store(key, license: license, now: unixNow()) else {
                throw ValidationError("no connection has license \(license)")
            }
            print("API key stored for \(license)")
        }
    }

    struct SetPrefix: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-prefix",
            abstract: "Choose the prefix of the connection's booking references (before its first booking).",
            discussion: "References are PREFIX-ORDER (PREFIX-STORE-ORDER for stores other than the default), e.g. BV-1024.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The connection's license key.") var license: String
        @Argument(help: "1 to 8 upper-case letters or digits, starting with a letter.") var prefix: String

        func run() throws {
            do {
                try store.open().setReferencePrefix(prefix, license: license, now: unixNow())
            } catch let error as ReferencePrefixError {
                throw ValidationError(error.description)
            }
            print("references of \(license) now look like \(BookingReference(prefix: prefix).reference(orderID: 1001, storeID: 0))")
        }
    }
}

extension ShopKind: ExpressibleByArgument {}
extension LedgerKind: ExpressibleByArgument {}
extension OrderState: ExpressibleByArgument {}

extension StoreOptions {
    var databasePath: String { database ?? StoreLocation.defaultDatabasePath }
    var masterKeyPath: String { masterKey ?? StoreLocation.defaultMasterKeyPath }

    func open() throws -> KoppelDatabase {
        try KoppelDatabase(path: databasePath)
    }
}

func unixNow() -> Int64 {
    Int64(Date().timeIntervalSince1970)
}

/// `2026-12-03 04:00`, in the machine's time zone.
func localMinute(_ unixTime: Int64) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = .current
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unixTime)))
}

/// One line to standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
