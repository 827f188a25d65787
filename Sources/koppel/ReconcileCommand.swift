import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelStore
import Logging
import Reconciliation

/// `koppel reconcile` (nightly): reads the bookings back from the ledger and reports every
/// difference with the orders, per connection.
struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare what the ledger holds with what koppel booked; write the reports and send the e-mail.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this connection (license key).") var connection: String?
    @Option(help: "First day, YYYY-MM-DD (default: the open VAT period, at least the last 90 days).") var from: String?
    @Option(help: "Last day, YYYY-MM-DD (default: today).") var to: String?
    @Option(help: "Reports folder (default: $KOPPEL_REPORTS or /var/lib/koppel/reports).") var reports: String?
    @Flag(help: "Write the reports, send no e-mail.") var noMail = false

    func validate() throws {
        for day in [from, to].compactMap({ $0 }) where DatePeriod.lastDays(1, today: day) == nil {
            throw ValidationError("\(day) is not a day in the form YYYY-MM-DD")
        }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
    }

    func run() throws {
        let database = try store.open()
        let today = String(ISO8601DateFormatter.string(from: Date(), timeZone: .current, formatOptions: [.withFullDate]))
        let last = to ?? today
        guard let nightly = DatePeriod.nightly(today: last) else { throw ValidationError("--to \(last) is not a day") }
        let period = DatePeriod(first: from ?? nightly.first, last: last)

        let sealer = SecretSealer(masterKey: try MasterKey.load(from: store.masterKeyPath))
        var logger = Logger(label: "koppel")
        logger.logLevel = .warning
        let ledgers = LedgerFactory(database: database, sealer: sealer, moneybirdClient: try MoneybirdClientConfiguration.fromEnvironment())
        let job = ReconcileJob(
            database: database, ledgers: ledgers,
            reportsDirectory: reports ?? ProcessInfo.processInfo.environment["KOPPEL_REPORTS"] ?? "/var/lib/koppel/reports",
            logger: logger, clock: unixNow)

        let connections = try database.connections().filter { connection == nil || $0.licenseKey == connection }
        guard !connections.isEmpty else { throw ValidationError("no such connection") }
        let mail = noMail ? nil : try NightlyMail(try database.mailSettings(sealer: sealer))
        var failed = false
        for connection in connections where try database.ledgerAccess(connectionID: connection.id) != nil {
            do {
                let outcome = try job.run(connection, period: period, mail: mail)
                print(outcome.summaryText, terminator: "")
                print("report: \(outcome.csvPath)")
                if let result = outcome.mail { print("e-mail: \(result)") }
                failed = failed || outcome.mailFailed
            } catch {
                failed = true
                print("\(connection.name) (\(connection.licenseKey)): reconcile failed: \(error)")
            }
        }
        if failed { throw ExitCode.failure }
    }
}
