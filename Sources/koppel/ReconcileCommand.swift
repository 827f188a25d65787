import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelStore
import Logging
import Reconciliation

/// `koppel reconcile` (nightly): reads the bookings back from the ledger and reports every
/// difference with the orders, per connection. Where the ledger lists what changed (Moneybird),
/// only the changed bookings are read again; `--full` (weekly) reads them all.
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
    @Option(
        help: ArgumentHelp(
            "Days a ledger that confirms later (Asperion: the owner imports the day's file) may take after delivery "
                + "before a booking it does not hold is reported.",
            valueName: "days"))
    var importGraceDays = 3
    @Flag(help: "Read every booking of the period again, not only those the ledger lists as changed (weekly).") var full = false

    func validate() throws {
        for day in [from, to].compactMap({ $0 }) where DatePeriod.lastDays(1, today: day) == nil {
            throw ValidationError("\(day) is not a day in the form YYYY-MM-DD")
        }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
        if importGraceDays < 0 { throw ValidationError("--import-grace-days must be 0 or more") }
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
        let ledgers = LedgerFactory(database: database, sealer: sealer, clients: try LedgerClientConfiguration.all())
        let job = ReconcileJob(
            database: database, ledgers: ledgers,
            reportsDirectory: reports ?? ProcessInfo.processInfo.environment["KOPPEL_REPORTS"] ?? "/var/lib/koppel/reports",
            logger: logger, confirmationGrace: Int64(importGraceDays) * 86_400, clock: unixNow)

        // Each connection on its own: one that fails (even one whose row cannot be read) is told,
        // recorded and counted, and the others are still reconciled.
        let chosen = try chosenConnections(connection, in: database)
        guard !chosen.isEmpty else { throw ValidationError("no such connection") }
        let mail = noMail ? nil : try NightlyMail(try database.mailSettings(sealer: sealer))
        var tried = 0
        var failures = 0
        for read in chosen {
            tried += 1
            let problem: String?
            switch read {
            case .failure(let unreadable):
                problem = "\(unreadable)"
                printError("reconcile failed: \(unreadable)")
                record(database, connectionID: unreadable.connectionID, problem: problem)
            case .success(let connection):
                problem = reconcile(connection, job: job, database: database, period: period, mail: mail)
                if let problem { printError("\(connection.name) (\(connection.licenseKey)): reconcile failed: \(problem)") }
            }
            if problem != nil { failures += 1 }
        }
        if failures > 0 {
            printError("reconcile: \(tried) connection\(tried == 1 ? "" : "s"), \(failures) failed")
            throw ExitCode.failure
        }
    }

    /// Reconciles one connection and records the run; returns its problem, nil when it went well.
    /// A connection whose ledger is not connected has nothing booked to compare: skipped, unless
    /// it was asked for by name.
    private func reconcile(
        _ connection: Connection, job: ReconcileJob, database: KoppelDatabase, period: DatePeriod, mail: NightlyMail?
    ) -> String? {
        let problem: String?
        do {
            guard try database.ledgerAccess(connectionID: connection.id) != nil else {
                guard self.connection != nil else {
                    print("\(connection.name) (\(connection.licenseKey)): skipped, the ledger is not connected yet")
                    return nil
                }
                throw ValidationError("the ledger is not connected yet (koppel ledger connect)")
            }
            let outcome = try job.run(connection, period: period, mail: mail, readBack: full ? .full : .changes)
            print(outcome.summaryText, terminator: "")
            if case .changes(let unchanged, let readAgain) = outcome.reading {
                let bookings = readAgain == 1 ? "1 booking" : "\(readAgain) bookings"
                print("read: \(bookings) changed or new since the last read, \(unchanged) unchanged taken from the last read")
            }
            print("report: \(outcome.csvPath)")
            if let result = outcome.mail { print("e-mail: \(result)") }
            // The reports are there, but nobody was told: that is a failed night too.
            problem = outcome.mailFailed ? "e-mail \(outcome.mail ?? "not sent")" : nil
        } catch {
            problem = "\(error)"
        }
        record(database, connectionID: connection.id, problem: problem)
        return problem
    }

    /// A run that cannot be recorded is told; it does not stop the other connections.
    private func record(_ database: KoppelDatabase, connectionID: Int64, problem: String?) {
        do {
            try database.recordRun(connectionID: connectionID, job: "reconcile", problem: problem, now: unixNow())
        } catch {
            printError("connection #\(connectionID): the reconcile run could not be recorded: \(error)")
        }
    }
}
