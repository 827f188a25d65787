import ArgumentParser
import Booking
import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Ledger
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `koppel sync` (hourly), `koppel recheck` (nightly) and `koppel reprocess ORDER`.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Book what is bookable: changed orders are examined, queued ones booked.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this connection (license key).") var connection: String?
    @Flag(help: "Examine every order not booked yet, not only the changed ones (the nightly recheck).") var all = false
    @Option(help: "Keep running, looking for pushed orders every this many seconds (the booking worker).")
    var follow: UInt32?

    func run() throws {
        let database = try store.open()
        // The worker waits at most half a minute for a ledger's budget: beyond it that connection's
        // orders wait for a later pass (no attempt spent) and the other connections go on.
        let job = try LedgerSetup.job(database: database, store: store, longestRateWait: follow == nil ? nil : Self.workerRateWait)
        let fetchJob = try FetchPass.job(database: database, store: store)
        guard let follow else {
            // The shops koppel reads are read first, so that this pass books what they have now.
            // The nightly recheck (`--all`) reads every order still open again as well.
            let fetches = try FetchPass.run(fetchJob, database, license: connection, readOpenAgain: all)
            for fetch in fetches where fetch.report != nil { print(fetch.line) }
            let runs = try runOnce(job, database)
            for run in runs { print(run.line) }
            let summary = SyncSummary(runs)
            print(summary.line)
            if summary.failed || fetches.contains(where: { $0.error != nil }) { throw ExitCode.failure }
            return
        }
        // The worker books pushed orders within seconds; the hourly sync stays as the safety net.
        // Stopping it at any moment is safe: the next run looks up what may have reached the ledger,
        // so SIGTERM may end it where it stands, even if whoever started it had the signal blocked.
        unblockTermination()
        var lastProblems: [Int64: String] = [:]
        let onlyConnection = try connection.map { try store.connection($0, in: database).id }
        var lastFetch: Int64?
        while true {
            // The shops koppel reads are asked at most once a minute; pushed orders are booked every pass.
            if lastFetch.map({ unixNow() - $0 >= Self.fetchInterval }) ?? true {
                lastFetch = unixNow()
                // A failure is on standard error and in `connection list`; a fetch is told when it stored something.
                for fetch in try FetchPass.run(fetchJob, database, license: connection) where (fetch.report?.stored ?? 0) > 0 {
                    print(fetch.line)
                }
            }
            for run in try runOnce(job, database) {
                // A failing connection is reported when its problem changes, not every pass.
                let problem = run.problem
                if run.report.map({ $0 != BookingJob.Report() }) ?? false || problem != lastProblems[run.connectionID] {
                    print(run.line)
                }
                lastProblems[run.connectionID] = problem
            }
            // A second at least between passes; sooner than `follow` when an order is queued for
            // reprocessing, so the dashboard's "opnieuw verwerken" is done within seconds.
            for _ in 0..<max(1, follow) {
                sleep(1)
                if try database.hasUnfinishedReprocessRequests(connectionID: onlyConnection) { break }
            }
        }
    }

    /// One pass over the connections. A connection that fails (even one whose row cannot be
    /// read) is reported and recorded, and the others go on.
    private func runOnce(_ job: BookingJob, _ database: KoppelDatabase) throws -> [ConnectionSync] {
        try runReprocessQueue(job, database)
        var runs: [ConnectionSync] = []
        for read in try chosenConnections(connection, in: database) {
            let run: ConnectionSync
            switch read {
            case .failure(let unreadable):
                run = ConnectionSync(connectionID: unreadable.connectionID, label: unreadable.connection, report: nil, error: "\(unreadable)")
            case .success(let connection):
                // Without an API key the shop cannot push: nothing to book yet. A shop koppel fetches
                // from needs none.
                guard connection.sealedAPIKey != nil || FetchJob.fetches(connection) else { continue }
                let label = "\(connection.name) (\(connection.licenseKey))"
                do {
                    run = ConnectionSync(connectionID: connection.id, label: label, report: try job.run(connection, recheckAll: all), error: nil)
                } catch {
                    run = ConnectionSync(connectionID: connection.id, label: label, report: nil, error: "\(error)")
                }
            }
            if let error = run.error { printError("\(run.label): sync failed: \(error)") }
            try recordIfChanged(run, database)
            runs.append(run)
        }
        return runs
    }

    /// Orders queued by "opnieuw verwerken" go before anything else of the pass, through the same
    /// code as `koppel reprocess`.
    private func runReprocessQueue(_ job: BookingJob, _ database: KoppelDatabase) throws {
        var logger = Logger(label: "koppel")
        logger.logLevel = .warning
        let onlyConnection = try connection.map { try store.connection($0, in: database).id }
        let reprocessing = Reprocessing(database: database, masterKeyPath: store.masterKeyPath, logger: logger)
        let finished = try reprocessing.runQueue(connectionID: onlyConnection, job: job, clock: unixNow)
        if finished > 0 { print("reprocessed \(finished) queued orders") }
    }

    /// Records each connection's run for `koppel connection list`: at once when its problem
    /// changes, else once a minute, so the worker does not write every pass.
    private func recordIfChanged(_ run: ConnectionSync, _ database: KoppelDatabase) throws {
        let now = unixNow()
        let last = Self.recorded.withLock { $0[run.connectionID] }
        guard last == nil || last?.problem != run.problem || now - (last?.at ?? 0) >= 60 else { return }
        try database.recordRun(connectionID: run.connectionID, job: "sync", problem: run.problem, now: now)
        Self.recorded.withLock { $0[run.connectionID] = (run.problem, now) }
    }

    /// Seconds the worker's requests wait for a ledger's rate budget at most.
    static let workerRateWait: Int64 = 30

    /// Seconds between two fetches of the worker (`--follow`): a shop's API is not asked every pass.
    static let fetchInterval: Int64 = 60

    private static let recorded = Mutex<[Int64: (problem: String?, at: Int64)]>([:])
}

/// How one connection's sync went: its report, or why it could not run.
struct ConnectionSync {
    var connectionID: Int64
    /// `name (license)`.
    var label: String
    var report: BookingJob.Report?
    var error: String?

    /// What went wrong, nil when nothing did.
    var problem: String? {
        if let error { return error }
        guard let report, report.failed else { return nil }
        return report.stopped ?? "\(report.failures) ledger calls failed"
    }

    var line: String {
        "\(label): " + (report.map { "\($0)" } ?? "failed: \(error ?? "?")")
    }
}

/// The last line of a sync: totals over every connection, and whether anything failed.
struct SyncSummary {
    var line: String
    var failed: Bool

    init(_ runs: [ConnectionSync]) {
        let failedConnections = runs.filter { $0.problem != nil }.count
        let reports = runs.compactMap(\.report)
        func total(_ count: (BookingJob.Report) -> Int) -> Int { reports.map(count).reduce(0, +) }
        line = "sync: \(runs.count) connections, \(failedConnections) failed; booked \(total(\.booked)), errors \(total(\.errors)), "
            + "waiting \(total(\.waiting)), failed calls \(total(\.failures))"
        failed = failedConnections > 0
    }
}

struct RecheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recheck", abstract: "Examine every order not booked yet again (nightly), then book what became bookable.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this connection (license key).") var connection: String?

    func run() throws {
        var sync = try SyncCommand.parse(["--all"] + (connection.map { ["--connection", $0] } ?? []))
        sync.store = store
        try sync.run()
    }
}

struct ReprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess", abstract: "Book an order in error again now (it is looked up in the ledger first).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The order's koppel id (first column of `koppel orders list`).") var id: Int64

    func run() throws {
        var logger = Logger(label: "koppel")
        logger.logLevel = .warning
        let reprocessing = Reprocessing(database: try store.open(), masterKeyPath: store.masterKeyPath, logger: logger)
        let outcome: Reprocessing.Outcome
        do {
            outcome = try reprocessing.reprocess(orderID: id, now: unixNow())
        } catch let error as AdminError {
            throw ValidationError(error.description)
        }
        print(outcome.run)
        print("order \(id) is now \(outcome.state.rawValue)")
    }
}

/// The connection named by `--connection`, or every connection, each read on its own so that a
/// job goes on past a row it cannot read.
func chosenConnections(_ license: String?, in database: KoppelDatabase) throws -> [Result<Connection, UnreadableStoredValue>] {
    guard let license else { return try database.connectionsEachRead() }
    guard let named = try database.connection(license: license) else { throw ValidationError("no such connection") }
    return [.success(named)]
}

/// Lets SIGTERM and SIGINT end the process: a blocked mask is inherited from the parent.
private func unblockTermination() {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGTERM)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
}

enum LedgerSetup {
    static func job(database: KoppelDatabase, store: StoreOptions, longestRateWait: Int64? = nil) throws -> BookingJob {
        let sealer = SecretSealer(masterKey: try MasterKey.load(from: store.masterKeyPath))
        var logger = Logger(label: "koppel")
        logger.logLevel = .warning
        let ledgers = LedgerFactory(
            database: database, sealer: sealer, clients: try LedgerClientConfiguration.all(), longestRateWait: longestRateWait)
        return BookingJob(database: database, ledgers: ledgers, logger: logger, clock: unixNow)
    }
}

extension StoreOptions {
    func connection(_ license: String, in database: KoppelDatabase) throws -> Connection {
        guard let connection = try database.connection(license: license) else {
            throw ValidationError("no connection has license \(license)")
        }
        return connection
    }
}
